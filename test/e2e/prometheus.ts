// A real Prometheus for tests: Debian's /usr/bin/prometheus on 127.0.0.1, in a temporary directory holding its
// config, the files the config names (by relative path, which Prometheus resolves against the config's folder)
// and its TSDB. Every wait is bounded in attempts and in time; stop() always ends the process and removes the
// directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toYaml } from '../../src/serialize/yaml.js';

export const prometheusBinary = '/usr/bin/prometheus';

/**
 * Polls `probe` until it returns something other than undefined. Gives up after `timeoutMs` or after
 * `timeoutMs / intervalMs` attempts, whichever comes first, naming what it waited for and what it last saw.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 200, lastSeen }: { timeoutMs: number; intervalMs?: number; lastSeen?: () => string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const attempts = Math.ceil(timeoutMs / intervalMs);
  for (let attempt = 0; attempt < attempts && Date.now() < deadline; attempt += 1) {
    const result = await probe();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastSeen ? `; last seen: ${lastSeen()}` : ''}`);
}

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface Target {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  lastError: string;
  health: 'up' | 'down' | 'unknown';
}

export interface Rule {
  name: string;
  type: 'alerting' | 'recording';
  health: 'ok' | 'err' | 'unknown';
  lastError?: string;
  lastEvaluation: string;
}

export interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
}

/** The parts of the Prometheus HTTP API the tests read. */
export class PrometheusApi {
  constructor(readonly baseUrl: string) {}

  private async get<T>(endpoint: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(endpoint, this.baseUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success')
      throw new Error(`GET ${url.pathname}${url.search}: ${body.errorType ?? ''} ${body.error ?? response.status}`);
    return body.data;
  }

  /** An instant vector query; fails on a range or scalar result so a caller never reads the wrong shape. */
  async query(expr: string): Promise<Sample[]> {
    const data = await this.get<{ resultType: string; result: Sample[] }>('/api/v1/query', { query: expr });
    if (data.resultType !== 'vector') throw new Error(`${expr}: expected an instant vector, got a ${data.resultType}`);
    return data.result;
  }

  targets(): Promise<{ activeTargets: Target[]; droppedTargets: { discoveredLabels: Record<string, string> }[] }> {
    return this.get('/api/v1/targets', { state: 'any' });
  }

  async rules(): Promise<Rule[]> {
    const data = await this.get<{ groups: { rules: Rule[] }[] }>('/api/v1/rules');
    return data.groups.flatMap((group) => group.rules);
  }

  async alerts(): Promise<Alert[]> {
    return (await this.get<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
  }
}

export interface PrometheusServer {
  api: PrometheusApi;
  /** Ends the process (SIGTERM, then SIGKILL) and removes its directory. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface PrometheusSetup {
  /** prometheus.yml as data; paths in it are relative to the folder holding `files`. */
  config: unknown;
  /** Files the config refers to, by name. */
  files: Record<string, string>;
}

/** Asks the kernel for a free port on 127.0.0.1; Prometheus binds it right after, and start() retries if it lost the race. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const within = (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await within(exited(child), 10_000)) return;
  child.kill('SIGKILL');
  await within(exited(child), 5_000);
}

const startupTimeoutMs = 30_000;
const portAttempts = 3;
/** How much of Prometheus's log to keep for error messages. */
const logTailChars = 8_000;

/** Starts Prometheus on 127.0.0.1 with the given config and files; resolves once /-/ready answers. */
export async function startPrometheus(setup: PrometheusSetup): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-e2e-'));
  const removeDir = () => rm(dir, { recursive: true, force: true, maxRetries: 3 });
  try {
    for (const [name, content] of Object.entries(setup.files)) await writeFile(path.join(dir, name), content);
    await writeFile(path.join(dir, 'prometheus.yml'), toYaml(setup.config));
    let lastFailure = '';
    for (let attempt = 0; attempt < portAttempts; attempt += 1) {
      const started = await launch(dir, await freePort());
      if ('server' in started) {
        return {
          api: started.server.api,
          stop: async () => {
            await started.server.stop();
            await removeDir();
          },
        };
      }
      lastFailure = started.failure;
      if (!started.portTaken) break;
    }
    throw new Error(`Prometheus did not start: ${lastFailure}`);
  } catch (error) {
    await removeDir();
    throw error;
  }
}

async function launch(dir: string, port: number): Promise<{ server: PrometheusServer } | { failure: string; portTaken: boolean }> {
  const child = spawn(
    prometheusBinary,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-logTailChars);
  });
  // If the test process goes away without stop() (a crash, a killed worker), take Prometheus with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    await terminate(child);
    process.off('exit', killOnExit);
  };
  const api = new PrometheusApi(`http://127.0.0.1:${port}`);
  try {
    await waitUntil(
      'Prometheus to become ready',
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`Prometheus exited (${child.exitCode ?? child.signalCode})`);
        const response = await fetch(`${api.baseUrl}/-/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      { timeoutMs: startupTimeoutMs, intervalMs: 100 },
    );
    return { server: { api, stop } };
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    return { failure: `${reason}\n${log}`, portTaken: /address already in use/.test(log) };
  }
}
