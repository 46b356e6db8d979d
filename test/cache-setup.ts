// Every test run gets its own cache folder (INTGEN_CACHE_DIR, inherited by the CLI processes tests spawn), so
// tests neither depend on nor leave behind cached builds, and it is removed afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-test-cache-'));
  process.env.INTGEN_CACHE_DIR = dir;
  return () => rm(dir, { recursive: true, force: true });
}
