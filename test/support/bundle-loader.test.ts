// The loader of the CLI's bundle (src/support/bundle-loader.ts): each chunk runs once per thread, requires the
// chunks beside it, and is compiled from a code cache only when the cache was made from that very chunk; one run
// without a cache leaves one in the cache folder for the next.
import { copyFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { codeCacheOf, ranFromCodeCache, runChunk, saveRuntimeCaches, writeCodeCaches } from '../../src/support/bundle-loader.js';
import { cacheDir } from '../../src/support/cache-dir.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'intgen-bundle-loader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A chunk that requires `other` (if any) and exports what it says it is, with its own file and URL. */
const chunk = (says: string, other?: string) =>
  [
    other ? `const other = require('./${other}');` : 'const other = undefined;',
    `exports.says = ${JSON.stringify(says)};`,
    'exports.other = other;',
    'exports.file = __filename;',
    'exports.url = __intgenChunkUrl;',
    'exports.load = (url) => __intgenImport(url);',
  ].join('\n');

interface Exports {
  says: string;
  other?: Exports;
  file: string;
  url: string;
  load: (url: string) => Promise<unknown>;
}

test('a chunk runs once per thread, requires the chunks beside it and can import an ES module', async () => {
  await writeFile(path.join(dir, 'leaf.cjs'), chunk('leaf'));
  await writeFile(path.join(dir, 'root.cjs'), chunk('root', 'leaf.cjs'));
  const root = runChunk(path.join(dir, 'root.cjs')) as Exports;
  expect(root.says).toBe('root');
  expect(root.other?.says).toBe('leaf');
  expect(runChunk(path.join(dir, 'leaf.cjs'))).toBe(root.other);
  expect(root.file).toBe(path.join(dir, 'root.cjs'));
  expect(new URL(root.url).pathname).toBe(path.join(dir, 'root.cjs'));
  await writeFile(path.join(dir, 'module.mjs'), 'export const answer = 42;\n');
  expect(await root.load(new URL(`file://${path.join(dir, 'module.mjs')}`).href)).toMatchObject({ answer: 42 });
});

test('a code cache is used for the chunk it was made from, never for another one, nor damaged', async () => {
  const trained = path.join(dir, 'trained.cjs');
  await writeFile(trained, chunk('first'));
  runChunk(trained);
  expect(ranFromCodeCache(trained)).toBe(false);
  writeCodeCaches();
  const cache = await readFile(codeCacheOf(trained));

  // The same chunk elsewhere, with its cache: compiled from it.
  const copy = path.join(dir, 'copy.cjs');
  await copyFile(trained, copy);
  await writeFile(codeCacheOf(copy), cache);
  expect((runChunk(copy) as Exports).says).toBe('first');
  expect(ranFromCodeCache(copy)).toBe(true);

  // Another chunk of the same length (all V8 checks) with that cache: compiled from its source, and runs as written.
  const edited = path.join(dir, 'edited.cjs');
  await writeFile(edited, chunk('other'));
  expect((await readFile(edited)).length).toBe((await readFile(trained)).length);
  await writeFile(codeCacheOf(edited), cache);
  expect((runChunk(edited) as Exports).says).toBe('other');
  expect(ranFromCodeCache(edited)).toBe(false);

  // The same chunk with a damaged cache: compiled from its source.
  const damaged = path.join(dir, 'damaged.cjs');
  await copyFile(trained, damaged);
  const flipped = Buffer.from(cache);
  flipped[flipped.length - 1]! ^= 1;
  await writeFile(codeCacheOf(damaged), flipped);
  expect((runChunk(damaged) as Exports).says).toBe('first');
  expect(ranFromCodeCache(damaged)).toBe(false);
});

test('a chunk run without a cache leaves one in the cache folder, which the next run of that chunk uses', async () => {
  const runtimeCaches = async () => (await readdir(cacheDir).catch(() => [])).filter((name) => /^code-.*\.v8cache$/.test(name));
  const stale = path.join(cacheDir, 'code-0.0-stale.v8cache');
  await writeFile(stale, 'made by an intgen long gone');
  const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
  await utimes(stale, longAgo, longAgo);

  const first = path.join(dir, 'untrained.cjs');
  await writeFile(first, chunk('untrained'));
  runChunk(first);
  expect(ranFromCodeCache(first)).toBe(false);
  saveRuntimeCaches();
  expect(await runtimeCaches()).not.toContain('code-0.0-stale.v8cache');
  expect((await runtimeCaches()).length).toBeGreaterThan(0);

  // The same chunk, as the next run finds it (one run per thread, so here under another name): from the cache.
  const next = path.join(dir, 'untrained-next.cjs');
  await copyFile(first, next);
  expect((runChunk(next) as Exports).says).toBe('untrained');
  expect(ranFromCodeCache(next)).toBe(true);
});
