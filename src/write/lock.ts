// One build at a time per out/, and nothing left behind by one that died. Beside out/ a build keeps a lock file
// (out.intgen.lock, holding its PID) while it works, and its staging folders (out.intgen-<pid>-new, -old) while
// it swaps. A build killed outright leaves them; the next build tells them apart by the PID being dead.
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { IntgenError } from '../core/errors.js';
import { describeFsErrors, errnoCode } from './fs-errors.js';
import type { OutLocation } from './ownership.js';

export const lockFile = (real: string) => `${real}.intgen.lock`;
export const stagingFolder = (real: string, pid: number, role: 'new' | 'old') => `${real}.intgen-${pid}-${role}`;

/** Whether `pid` is a process other than this one that is running (EPERM: running, as another user). */
function otherLiveProcess(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * A lock holds its PID from the moment it exists (tryCreate), except where hard links are not supported or it was
 * made by hand or by an older intgen: one found without a PID for longer than this lost its writer.
 */
const unwrittenLockMs = 5_000;
const pollMs = 100;

export interface OutLock {
  /** Removes the lock if it is still this process's; safe to call more than once. */
  release(): void;
}

interface Holder {
  content: string;
  pid: number | undefined;
  ageMs: number;
}

function readHolder(file: string): Holder | undefined {
  try {
    const content = readFileSync(file, 'utf8');
    const pid = /^\d+\n?$/.test(content) ? Number(content) : undefined;
    return { content, pid, ageMs: Date.now() - statSync(file).mtimeMs };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

const isStale = (holder: Holder) => (holder.pid === undefined ? holder.ageMs > unwrittenLockMs : !otherLiveProcess(holder.pid));

/** The file a process writes its PID to before linking it into place as `file`. */
const privateFile = (file: string, pid: number) => `${file}.${pid}`;

/** Errors of link() that say the file system has no hard links (FAT, some network and FUSE file systems). */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Creates `file` holding this PID unless it exists; exactly one of racing builds succeeds. The PID is written to
 * a private file that is then hard-linked into place, so `file` never exists empty: a build killed in between
 * leaves only its private file, which sweepLeftovers removes, rather than a lock the next build must wait out.
 */
function tryCreate(file: string): boolean {
  const own = privateFile(file, process.pid);
  try {
    // Only a dead process with this PID can have left one. 'wx': never written through a link put in its place.
    rmSync(own, { force: true });
    writeFileSync(own, `${process.pid}\n`, { flag: 'wx' });
  } catch (error) {
    // What cannot be written beside out/ is the lock: the message names it, not the private file.
    if (errnoCode(error) !== undefined) (error as NodeJS.ErrnoException).path = file;
    throw error;
  }
  try {
    linkSync(own, file);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    if (code !== undefined && noHardLinks.has(code)) return createInPlace(file);
    throw error;
  } finally {
    rmSync(own, { force: true });
  }
}

/** `file` created exclusively (O_EXCL), then its PID written: where there are no hard links to do better. */
function createInPlace(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a lock whose holder died. Two builds may find the same stale lock; the one that holds the breaker file
 * removes it only if it still holds what was judged stale, so neither removes a lock the other has just taken.
 */
function breakStale(file: string, staleContent: string): void {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker)) {
    const holder = readHolder(breaker);
    if (holder && isStale(holder)) rmSync(breaker, { force: true });
    return;
  }
  try {
    if (readHolder(file)?.content === staleContent) rmSync(file, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

function releaseLock(file: string): void {
  try {
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  } catch {
    // Left behind, it is stale once this process is gone, and the next build removes it.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes out/'s lock, waiting up to `waitMs` for another running build to finish with it (`onWait` is told once);
 * a lock whose PID is dead is removed. Fails with an IntgenError when the wait runs out or the lock cannot be
 * created (the folder holding out/ is not writable).
 */
export async function lockOutDir(
  { shown, real }: OutLocation,
  { waitMs, onWait }: { waitMs: number; onWait?: (message: string) => void },
): Promise<OutLock> {
  const file = lockFile(real);
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const attempt = describeFsErrors(
      `lock ${shown}/`,
      (): 'taken' | 'retry' | Holder => {
        if (tryCreate(file)) return 'taken';
        const holder = readHolder(file);
        if (holder === undefined) return 'retry'; // released meanwhile
        if (!isStale(holder)) return holder;
        breakStale(file, holder.content);
        return 'retry';
      },
      `${shown}/ is unchanged`,
    );
    if (attempt === 'taken') {
      let held = true;
      return {
        release: () => {
          if (held) releaseLock(file);
          held = false;
        },
      };
    }
    if (attempt === 'retry') {
      // Nearly at once: only another build breaking the same stale lock can be in the way.
      await sleep(pollMs / 10);
      continue;
    }
    const holder = attempt;
    const who = holder.pid === undefined ? 'another intgen' : `another intgen (pid ${holder.pid})`;
    if (Date.now() >= deadline) {
      throw new IntgenError(
        `--out ${shown}: ${who} is writing it; waited ${waitMs < 1000 ? `${waitMs} ms` : `${Math.round(waitMs / 1000)} s`}: run again when it is done ` +
          `(if no intgen is running, remove ${file})`,
      );
    }
    if (!told) onWait?.(`waiting for ${who}, which is writing ${shown}/ (lock ${file})`);
    told = true;
    await sleep(pollMs);
  }
}

const leftoverName = /^(.*)\.intgen-(\d+)-(new|old)$/;
/** The private files of tryCreate: out.intgen.lock.<pid>, out.intgen.lock.break.<pid>. */
const privateLockName = /^(.*)\.intgen\.lock(?:\.break)?\.(\d+)$/;

/**
 * Removes what builds that are gone left beside out/ (those whose PID `isGone` says): their staging folders, lock
 * breaker and the private files of their locks. When out/ itself is missing, a build died between moving it aside
 * and moving the new tree in, and the tree it moved aside is put back first. Returns what could not be removed,
 * as warnings.
 */
export function sweepLeftovers(real: string, isGone: (pid: number) => boolean = (pid) => !otherLiveProcess(pid)): string[] {
  const parent = path.dirname(real);
  const base = path.basename(real);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const warnings: string[] = [];
  const remove = (folder: string) => {
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch (error) {
      warnings.push(`could not remove ${folder}, left by an interrupted build: ${(error as Error).message}; remove it yourself`);
    }
  };
  const leftovers = names
    .map((name) => ({ name, match: leftoverName.exec(name) }))
    .filter(({ match }) => match?.[1] === base && isGone(Number(match[2])))
    .map(({ name, match }) => ({ folder: path.join(parent, name), role: match![3] }));
  for (const name of names) {
    const match = privateLockName.exec(name);
    if (match?.[1] === base && isGone(Number(match[2]))) remove(path.join(parent, name));
  }
  for (const { folder, role } of leftovers) {
    if (role === 'old' && !existsSync(real)) {
      try {
        renameSync(folder, real);
        continue;
      } catch (error) {
        warnings.push(`could not put back ${folder} as ${real} after an interrupted build: ${(error as Error).message}`);
        continue;
      }
    }
    remove(folder);
  }
  const breaker = `${lockFile(real)}.break`;
  let holder: Holder | undefined;
  try {
    holder = readHolder(breaker);
  } catch {
    // Unreadable: whoever holds it is not this build's business.
  }
  if (holder?.pid !== undefined && isGone(holder.pid)) remove(breaker);
  return warnings;
}

/**
 * Runs `run`; a SIGINT or SIGTERM meanwhile runs `cleanup` and exits 130 or 143 (128 + the signal's number, as a
 * shell reports a process the signal ended). Signals are handled between steps of `run`, never inside one.
 */
export async function cleanupOnSignals<T>(cleanup: () => void, run: () => Promise<T>): Promise<T> {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => {
      try {
        cleanup();
      } finally {
        process.exit(128 + constants.signals[signal]);
      }
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await run();
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
