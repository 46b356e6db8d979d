// The loader of the CLI's bundle (src/support/bundle-loader.ts): each chunk runs once per thread, requires the
// chunks beside it, and is compiled from its code cache only when the cache was made from that very chunk.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { codeCacheOf, ranFromCodeCache, runChunk, writeCodeCaches } from '../../src/support/bundle-loader.js';

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
