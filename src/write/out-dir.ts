// out/ as a build holds it: located (never a folder no build may replace), locked against other builds, cleared
// of what dead builds left beside it, and known to be intgen's. replaceTree writes only into such an OutDir.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describeFsErrors, errnoCode } from './fs-errors.js';
import { cleanupOnSignals, lockOutDir, sweepLeftovers, type OutLock } from './lock.js';
import { inspectOutDir, locateOutDir, notOwnedError, type OutDirGuard, type OutDirRecord, type OutLocation } from './ownership.js';

export interface OutDir extends OutLocation {
  /** What intgen wrote there before this build. */
  record: OutDirRecord;
  /** Lets other builds have the folder; safe to call more than once. */
  release(): void;
}

/**
 * How long a build waits for another one that holds the same out/. The lock is held from before a build renders
 * (so what it reuses from out/ cannot change under it) to after its swap: about as long as a large build takes.
 */
const defaultLockWaitMs = 60_000;

export interface OpenOptions {
  lockWaitMs?: number;
  /** Notes for the user: waiting for another build, leftovers that could not be removed. */
  onNote?: (message: string) => void;
}

/** Takes `outDir` for a build, or refuses it (UsageError) when it may not be replaced. Release it when done. */
export async function openOutDir(
  outDir: string,
  guard: OutDirGuard = {},
  { lockWaitMs = defaultLockWaitMs, onNote }: OpenOptions = {},
): Promise<OutDir> {
  const location = locateOutDir(outDir, guard);
  describeFsErrors(`create the folder for ${location.shown}/`, () => mkdirSync(path.dirname(location.real), { recursive: true }));
  const lock = await lockOutDir(location, { waitMs: lockWaitMs, ...(onNote ? { onWait: onNote } : {}) });
  try {
    for (const warning of sweepLeftovers(location.real)) onNote?.(`warning: ${warning}`);
    const record = inspectOutDir(location);
    if (record.foreign !== undefined) throw notOwnedError(location, record.foreign);
    return { ...location, record, release: lock.release };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Why a lock beside out/ cannot be created: where no build can take it, none can swap out/ either. */
const noLockPossible = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR']);

/**
 * Holds out/ for check: the lock a build takes, so no build swaps the tree (out/ is briefly absent mid-swap) or
 * changes what the build cache reuses while check reads it. Where the lock cannot be created, check reads as is.
 */
export async function holdOutDirForReading(
  location: OutLocation,
  { lockWaitMs = defaultLockWaitMs, onNote }: OpenOptions = {},
): Promise<OutLock> {
  try {
    return await lockOutDir(location, { waitMs: lockWaitMs, ...(onNote ? { onWait: onNote } : {}) });
  } catch (error) {
    if (noLockPossible.has(errnoCode((error as Error).cause) ?? '')) return { release: () => {} };
    throw error;
  }
}

/**
 * Runs `write` (diff, replaceTree, what follows); a SIGINT or SIGTERM meanwhile removes this build's staging
 * folders and lock, and exits 130 or 143. Outside it a signal ends the process at once: nothing is being written
 * then, and the lock it leaves names a dead PID, which the next build removes.
 */
export function whileWriting<T>(out: OutDir, write: () => Promise<T>): Promise<T> {
  return cleanupOnSignals(() => {
    sweepLeftovers(out.real, (pid) => pid === process.pid);
    out.release();
  }, write);
}
