// Where intgen keeps what it can always recompute (compiled validators, earlier builds' results):
// node_modules/.cache, the usual place for a package's caches, or INTGEN_CACHE_DIR (a CI cache, a test's own
// folder). Deleting it only costs time. What is read back is only what this user could have written: intgen runs
// the compiled validators it finds here, so a file another user could have put or changed is not read at all.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './own-files.js';

export const cacheDir = `${path.resolve(process.env.INTGEN_CACHE_DIR || path.join(packageRoot, 'node_modules/.cache/intgen'))}${path.sep}`;

/** Owned by this user and writable by no one else (where the platform has owners: not on Windows). */
function ownFile(stats: Stats): boolean {
  if (!stats.isFile()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
}

/** The bytes of cache file `name`; undefined when there is none, it cannot be read, or it is not this user's own. */
export function readCacheFile(name: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    // Checked and read through one descriptor, so the file checked is the file read; non-blocking, so a pipe
    // in its place is turned away instead of waited on.
    fd = openSync(cacheDir + name, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    return ownFile(fstatSync(fd)) ? readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Replaces cache file `name` with `data`: written whole under a fresh name, then renamed, so a concurrent run
 * reads the old file or the new one, never half of one. Failing (a read-only install) only costs the next run time.
 */
export function writeCacheFile(name: string, data: string | Buffer): void {
  const file = cacheDir + name;
  const partial = `${file}.${process.pid}-${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // 'wx': created here, never opened through a link or file someone left under the temporary name.
    const fd = openSync(partial, 'wx', 0o600);
    created = true;
    try {
      writeFileSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
  } catch {
    if (created) rmSync(partial, { force: true });
  }
}
