// Inputs the commands read: a file, or an http(s) URL (an exposition of a live target).
import { readFile } from 'node:fs/promises';
import { IntgenError, UsageError } from '../core/errors.js';

/** How long a /metrics URL may take to answer: a scrape's default timeout. */
const fetchTimeoutMs = 10_000;

/** The text of a file, or the body of an http(s) URL. */
export async function readSource(source: string, option: string): Promise<string> {
  if (!/^https?:\/\//.test(source)) {
    try {
      return await readFile(source, 'utf8');
    } catch (error) {
      throw new UsageError(`${option}: cannot read ${source}: ${(error as Error).message}`);
    }
  }
  let response: Response;
  try {
    // The formats a Prometheus asks for, so an exporter that negotiates answers with text.
    response = await fetch(source, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0;q=0.9,text/plain;version=0.0.4;q=0.8' },
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
  } catch (error) {
    throw new IntgenError(`${option}: cannot fetch ${source}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (!response.ok) throw new IntgenError(`${option}: ${source} answered ${response.status} ${response.statusText}`);
  return response.text();
}
