// Runs the CLI's bundle (scripts/bundle.mjs): every chunk is a CommonJS script that V8 compiles with a code cache,
// so a run neither parses nor compiles again the code it runs. On a small catalog, that was most of a run with an
// empty cache folder (a fresh CI clone); ES modules have no code cache on Node 20 (vm.SourceTextModule needs a
// flag), scripts do. `npm run compile` trains a cache for each chunk beside it, for the Node it ran on; on
// another Node (V8 drops a cache made by another version or with other flags), a chunk run without a cache
// leaves one in this user's cache folder at exit, for the next runs, if that folder outlives runs. A cache is
// used for the very chunk it was made from only, and only whole: a digest of the chunk and of V8's data heads it,
// as V8 itself checks no more of the source than its length, and nothing of its data. So a stale, damaged or
// foreign cache costs time, never correctness.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { cacheDir, readCacheFile, writeCacheFile } from './cache-dir.js';

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
 * Where the trained cache of the chunk at `file` is for the running V8: caches of other versions may lie beside it
 * (a package installed on another Node than it was packed on), and are not even read.
 */
export const codeCacheOf = (file: string) => `${file}.${process.versions.v8}.v8cache`;

/** The name, in this user's cache folder, of the cache made at run time for the chunk of that digest. */
const runtimeCacheName = (digest: Buffer) => `code-${process.versions.v8}-${digest.toString('hex').slice(0, 32)}.v8cache`;
const runtimeCachePattern = /^code-.*\.v8cache$/;
/** Caches made at run time are deleted when this old, once a run writes one: each upgrade of intgen leaves its own. */
const runtimeCacheAge = 30 * 24 * 3600 * 1000;

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
  if (!chunk.cached && !training && cacheFolderKept) saveCachesAtExit();
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

/**
 * The cache made for this very chunk, if there is one: one made at run time first, as there is one only when the
 * trained one was missing or V8 dropped it.
 */
function cachedData(file: string, digest: Buffer): Buffer | undefined {
  return unsealed(readCacheFile(runtimeCacheName(digest)), digest) ?? unsealed(readOrNothing(codeCacheOf(file)), digest);
}

function unsealed(cache: Buffer | undefined, digest: Buffer): Buffer | undefined {
  const data = cache?.subarray(digestLength);
  return data?.length && cache!.subarray(0, digestLength).equals(sealOf(digest, data)) ? data : undefined;
}

function readOrNothing(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

const sealed = (digest: Buffer, data: Buffer) => Buffer.concat([sealOf(digest, data), data]);

/** Whether this thread ran the chunk at `file` from its code cache; undefined when it has not run it. */
export const ranFromCodeCache = (file: string): boolean | undefined => chunks.get(file)?.cached;

/** V8's code for every chunk this thread ran, with what it compiled while running, as each one's trained cache. */
export function writeCodeCaches(): void {
  for (const [file, { script, digest }] of chunks) {
    const target = codeCacheOf(file);
    const partial = `${target}.partial-${process.pid}`;
    writeFileSync(partial, sealed(digest, script.createCachedData()));
    renameSync(partial, target);
  }
}

/**
 * In this user's cache folder, the cache of every chunk this thread ran without one, then deletes those made
 * long ago. Failing to write only costs the next run time (writeCacheFile).
 */
export function saveRuntimeCaches(): void {
  for (const { script, digest, cached } of chunks.values()) {
    if (!cached) writeCacheFile(runtimeCacheName(digest), sealed(digest, script.createCachedData()));
  }
  const now = Date.now();
  let names: string[] = [];
  try {
    names = readdirSync(cacheDir).filter((name) => runtimeCachePattern.test(name));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      if (now - statSync(cacheDir + name).mtimeMs > runtimeCacheAge) rmSync(cacheDir + name, { force: true });
    } catch {
      // Gone meanwhile, or not ours to delete: left as it is.
    }
  }
}

const training = Boolean(process.env[trainingVariable]);
/**
 * Whether the cache folder was there before this run: that of a fresh CI clone is not, and caches made for it
 * would only cost that run the time to make them.
 */
const cacheFolderKept = existsSync(cacheDir);
let savingAtExit = false;

function saveCachesAtExit(): void {
  if (savingAtExit) return;
  savingAtExit = true;
  process.once('exit', saveRuntimeCaches);
}

if (training) process.once('exit', writeCodeCaches);
