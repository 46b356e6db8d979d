// The bundle's code caches when the trained ones do not fit the running Node (src/support/bundle-loader.ts):
// another V8 flag stands in for another Node here, as V8 drops a cache made with other flags. A run leaves its
// caches in a cache folder that was there before it, and the next run uses them instead of writing them again;
// a run whose cache folder is new (a fresh CI clone) leaves none.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { intgen, repo } from '../helpers/cli.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-code-cache-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A flag the trained caches were not made with. */
const otherNode = { NODE_OPTIONS: '--max-old-space-size=3000' };
const catalog = ['--source', path.join(repo, 'src/integrations')];

async function codeCaches(dir: string): Promise<Map<string, number>> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^code-.*\.v8cache$/.test(name));
  return new Map(
    await Promise.all(names.map(async (name): Promise<[string, number]> => [name, (await stat(path.join(dir, name))).mtimeMs])),
  );
}

test('on another Node, a run leaves code caches in a kept cache folder, and the next one uses them', async () => {
  const cache = path.join(work, 'kept');
  await mkdir(cache);
  const first = await intgen(['list', ...catalog], repo, { INTGEN_CACHE_DIR: cache, ...otherNode });
  expect(first.code, first.stderr).toBe(0);
  const written = await codeCaches(cache);
  expect(written.size).toBeGreaterThan(0);

  const next = await intgen(['list', ...catalog], repo, { INTGEN_CACHE_DIR: cache, ...otherNode });
  expect(next.code, next.stderr).toBe(0);
  expect(next.stdout).toBe(first.stdout);
  expect(await codeCaches(cache)).toEqual(written);
});

test('a run whose cache folder is new leaves no code caches in it', async () => {
  const cache = path.join(work, 'new');
  const run = await intgen(['list', ...catalog], repo, { INTGEN_CACHE_DIR: cache, ...otherNode });
  expect(run.code, run.stderr).toBe(0);
  expect((await codeCaches(cache)).size).toBe(0);
});
