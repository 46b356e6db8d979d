// Runs the CLI's bundle (scripts/bundle.mjs): every chunk is a CommonJS script that V8 compiles with the code
// cache `npm run compile` trained for it, so a run neither parses nor compiles again the code it runs. On a small
// catalog, that was most of a run with an empty cache folder (a fresh CI clone); ES modules have no code cache on
// Node 20 (vm.SourceTextModule needs a flag), scripts do. A cache is used for the very chunk it was made from
// only, and only whole: a digest of the chunk and of V8's data heads it, as V8 itself checks no more of the
// source than its length. V8 drops a cache made by another Node version or with other flags and compiles afresh,
// so a stale, damaged or foreign cache costs time, never correctness.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** Set for the runs that train the caches (scripts/compile-ahead.mjs): each chunk run writes its cache at exit. */
const trainingVariable = 'INTGEN_TRAIN_CODE_CACHE';
/** A cache file: the SHA-256 digest of its chunk's digest and V8's data, then that data. */
const digestLength = 32;

const sealOf = (chunkDigest: Buffer, data: Buffer) => createHash('sha256').update(chunkDigest).update(data).digest();

interface Chunk {
  module: { exports: unknown };
  script: Script;
  digest: Buffer;
  /** Whether V8 compiled it from its cache. */
  cached: boolean;
}

/** The chunks this thread has run, by file: each runs once, as a module does. */
const chunks = new Map<string, Chunk>();

/** A chunk's specifier for another chunk of the bundle, as esbuild writes it. */
const chunkSpecifier = /^\.\/[^/\\]+\.cjs$/;

/**
 * Where the cache of the chunk at `file` is for the running V8: caches of other versions may lie beside it (a
 * package installed on another Node than it was packed on), and are not even read.
 */
export const codeCacheOf = (file: string) => `${file}.${process.versions.v8}.v8cache`;

/** Runs the chunk at `file` of the bundle (or a CommonJS file intgen wrote), once per thread; returns its exports. */
export function runChunk(file: string | URL): unknown {
  const filename = file instanceof URL ? fileURLToPath(file) : file;
  return (chunks.get(filename) ?? run(filename)).module.exports;
}

function run(file: string): Chunk {
  const source = readFileSync(file);
  const digest = createHash('sha256').update(source).digest();
  const cache = cachedData(file, digest);
  // The parameters a CommonJS module has, and what esbuild's conversion of each chunk (scripts/bundle.mjs) asks
  // for: its own URL for import.meta.url, an import() of an ES module, which a script cannot do itself, and a
  // require() of a CommonJS file intgen wrote (support/run-code.ts), run as a chunk is.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __intgenChunkUrl, __intgenImport, __intgenRequire) {${source.toString('utf8')}\n})`,
    { filename: file, cachedData: cache },
  );
  const chunk: Chunk = { module: { exports: {} }, script, digest, cached: cache !== undefined && !script.cachedDataRejected };
  chunks.set(file, chunk);
  const dir = path.dirname(file);
  const required = createRequire(file);
  const chunkRequire = Object.assign(
    (specifier: string) => (chunkSpecifier.test(specifier) ? runChunk(path.join(dir, specifier)) : required(specifier)),
    { resolve: required.resolve, cache: required.cache, main: required.main },
  );
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const { exports } = chunk.module;
  wrapper.call(exports, exports, chunkRequire, chunk.module, file, dir, pathToFileURL(file).href, importModule, runChunk);
  return chunk;
}

/** An ES module's namespace, imported from here: a module can import, a script compiled by vm cannot. */
const importModule = (url: string): Promise<unknown> => import(url);

/** The cache written for this very chunk, if there is one. */
function cachedData(file: string, digest: Buffer): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(codeCacheOf(file));
  } catch {
    return undefined;
  }
  const data = cache.subarray(digestLength);
  return data.length > 0 && cache.subarray(0, digestLength).equals(sealOf(digest, data)) ? data : undefined;
}

/** Whether this thread ran the chunk at `file` from its code cache; undefined when it has not run it. */
export const ranFromCodeCache = (file: string): boolean | undefined => chunks.get(file)?.cached;

/** V8's code for every chunk this thread ran, with what it compiled while running, as each one's cache. */
export function writeCodeCaches(): void {
  for (const [file, { script, digest }] of chunks) {
    const target = codeCacheOf(file);
    const partial = `${target}.partial-${process.pid}`;
    const data = script.createCachedData();
    writeFileSync(partial, Buffer.concat([sealOf(digest, data), data]));
    renameSync(partial, target);
  }
}

if (process.env[trainingVariable]) process.once('exit', writeCodeCaches);
