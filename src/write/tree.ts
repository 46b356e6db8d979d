// out/ as a whole: read it, compare it with a rendered tree, and replace it in one step.
// The file system calls are synchronous on purpose: a build touches thousands of small files, and through the
// promise API each one costs several thread-pool round trips; the CLI has nothing else to do
// while it waits.
import {
  accessSync,
  constants,
  copyFileSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { IntgenError } from '../core/errors.js';
import { describeFsErrors, errnoCode, fsFailure } from './fs-errors.js';
import { listTree, type EntryKind, type Listing } from './listing.js';
import { stagingFolder } from './lock.js';
import type { OutDir } from './out-dir.js';
import { foreignFilesError } from './ownership.js';

/** The regular files under `dir` (POSIX paths relative to it) with their contents; empty if `dir` does not exist. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  return describeFsErrors(`read ${dir}`, () => {
    const files = [...listTree(dir).entries].filter(([, kind]) => kind === 'file').map(([file]) => file);
    return new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
  });
}

export interface TreeDiff {
  /** In both, with different content. */
  stale: string[];
  /** Rendered, not on disk. */
  missing: string[];
  /** On disk, not rendered (e.g. from a deleted definition). */
  extra: string[];
  /** Rendered (or vouched for), but on disk as a symbolic link or other non-file: outputs are regular files. */
  notRegular: string[];
}

export function diffTree(rendered: Map<string, string>, onDisk: Map<string, string>, inScope: (file: string) => boolean): TreeDiff {
  const kinds = new Map([...onDisk.keys()].map((file): [string, EntryKind] => [file, 'file']));
  return compare(rendered, kinds, (file) => onDisk.get(file)!, inScope, new Set());
}

/**
 * diffTree against the files under `dir`, reading each rendered one once instead of holding the whole tree.
 * `unchanged` are files the caller knows `dir` holds as they should be (not rendered again): never extra, and
 * only checked to be regular files. `onDisk` is what `dir` holds, when the caller listed it already and nothing
 * can have changed it since but the user (build and check hold out/ against other builds); else it is listed now.
 */
export async function diffDir(
  rendered: Map<string, string>,
  dir: string,
  inScope: (file: string) => boolean,
  unchanged: ReadonlySet<string> = new Set(),
  onDisk?: ReadonlyMap<string, EntryKind>,
): Promise<TreeDiff> {
  return describeFsErrors(`read ${dir}`, () =>
    compare(rendered, onDisk ?? listTree(dir).entries, (file) => readFileSync(path.join(dir, file), 'utf8'), inScope, unchanged),
  );
}

function compare(
  rendered: Map<string, string>,
  onDisk: ReadonlyMap<string, EntryKind>,
  contentOnDisk: (file: string) => string,
  inScope: (file: string) => boolean,
  unchanged: ReadonlySet<string>,
): TreeDiff {
  const diff: TreeDiff = { stale: [], missing: [], extra: [], notRegular: [] };
  for (const [file, content] of rendered) {
    const kind = onDisk.get(file);
    if (kind === undefined) diff.missing.push(file);
    else if (kind !== 'file') diff.notRegular.push(file);
    else if (contentOnDisk(file) !== content) diff.stale.push(file);
  }
  for (const file of unchanged) {
    const kind = onDisk.get(file);
    if (kind === undefined) diff.missing.push(file);
    else if (kind !== 'file') diff.notRegular.push(file);
  }
  for (const file of onDisk.keys()) if (inScope(file) && !rendered.has(file) && !unchanged.has(file)) diff.extra.push(file);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

/**
 * Whether `dir` holds `file` with exactly `bytes`, read through a link (diffDir tells a link from a file); a file
 * that cannot be read is not the same.
 */
export function sameOnDisk(dir: string, file: string, bytes: Buffer): boolean {
  try {
    return readFileSync(path.join(dir, file)).equals(bytes);
  } catch {
    return false;
  }
}

export const isClean = (d: TreeDiff) => d.stale.length + d.missing.length + d.extra.length + d.notRegular.length === 0;

/** Files written between two turns of the event loop, where a SIGINT or SIGTERM is handled (out-dir.ts). */
const filesBetweenSignalChecks = 64;
const signalCheck = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Replaces `out` with `files`, keeping whatever lies outside `inScope` as it was. Everything is written to a
 * sibling folder first and swapped in by rename, so a failure leaves `out` exactly as it was and files of deleted
 * definitions disappear. Given `diff` (diffDir of `files` against `out` as it is now), the files it does not list
 * as stale, missing or not regular are hard-linked from `out` rather than written again, and when nothing differs
 * `out` is left alone. `unchanged` are files `out` holds as they should be (diffDir): they are kept, hard-linked
 * like the rest, or copied into a regular file where `out` holds a link.
 *
 * Refused (UsageError, nothing changed): deleting or overwriting anything the previous build did not write
 * (`out.record`). A failure to remove the previous tree after the swap is only returned as a warning.
 */
export async function replaceTree(
  out: OutDir,
  files: Map<string, string>,
  inScope: (file: string) => boolean,
  diff?: TreeDiff,
  unchanged: ReadonlySet<string> = new Set(),
): Promise<{ warnings: string[] }> {
  const { real: target, shown } = out;
  const unchangedNote = `${shown}/ is unchanged`;
  const listing = describeFsErrors(`read ${shown}/`, () => listTree(target));
  if (diff && isClean(diff) && holdsOnlyFiles(listing)) return { warnings: [] };
  const changed = diff && new Set([...diff.stale, ...diff.missing, ...diff.notRegular]);
  const carriedOver = (file: string, kind: EntryKind) =>
    kind === 'file' && (unchanged.has(file) || (changed !== undefined && files.has(file) && !changed.has(file)));
  const lost = [...listing.entries].filter(([file, kind]) => inScope(file) && !carriedOver(file, kind)).map(([file]) => file);
  const foreign = lost.filter((file) => !out.record.written.has(file));
  if (foreign.length) throw foreignFilesError(out, foreign);
  assertWritable(out, listing);

  const staging = stagingFolder(target, process.pid, 'new');
  const previous = stagingFolder(target, process.pid, 'old');
  const removeStaging = () => rmSync(staging, { recursive: true, force: true });
  let hadPrevious = true;
  try {
    removeStaging();
    mkdirSync(staging, { recursive: true });
    const kept = [...listing.entries].filter(([file]) => !inScope(file));
    const dirs = new Set([...files.keys(), ...unchanged, ...kept.map(([file]) => file)].map((f) => path.dirname(path.join(staging, f))));
    // Parents before children: a sorted list creates each folder once.
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    let written = 0;
    for (const [file, content] of files) {
      const destination = path.join(staging, file);
      if (!changed || changed.has(file) || !linked(path.join(target, file), destination)) writeFileSync(destination, content);
      if (++written % filesBetweenSignalChecks === 0) await signalCheck();
    }
    for (const file of unchanged) {
      const [from, to] = [path.join(target, file), path.join(staging, file)];
      // Through a link, the bytes the caller vouched for are copied into a regular file.
      if (listing.entries.get(file) !== 'file' || !linked(from, to)) copyFileSync(from, to);
    }
    for (const [file, kind] of kept) keep(path.join(target, file), path.join(staging, file), kind);
    // From here to the end one synchronous step: no signal handler runs between the renames.
    try {
      renameSync(target, previous);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      if (hadPrevious) renameSync(previous, target);
      throw error;
    }
  } catch (error) {
    removeStaging();
    throw fsFailure(error, `write ${shown}/`, unchangedNote);
  }
  const warnings: string[] = [];
  if (hadPrevious) {
    try {
      rmSync(previous, { recursive: true, force: true });
    } catch (error) {
      const reason = fsFailure(error, `remove the previous tree ${previous}`);
      warnings.push(`${(reason as Error).message}; ${shown}/ was written; remove it yourself (the next build tries again)`);
    }
  }
  return { warnings };
}

/** Before anything is written: the folder holding out/, out/ and every folder in it (the old tree is deleted). */
function assertWritable({ real, shown }: OutDir, listing: Listing): void {
  const folders = [path.dirname(real), real, ...listing.folders.map((f) => path.join(real, f))];
  describeFsErrors(
    `write ${shown}/`,
    () => {
      for (const folder of folders) {
        try {
          accessSync(folder, constants.W_OK | constants.X_OK);
        } catch (error) {
          // An out/ that does not exist yet is fine: the staging folder becomes it.
          if (errnoCode(error) !== 'ENOENT' || folder !== real) throw error;
        }
      }
    },
    `${shown}/ is unchanged`,
  );
}

/** Hard-links `from` as `to`: no bytes to write, and removing the old tree later only drops a link. */
function linked(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    // A file system without hard links: the caller writes or copies instead.
    return false;
  }
}

/** Carries an entry outside the build's scope into the new tree as it is: a file, a link as a link. */
function keep(from: string, to: string, kind: EntryKind): void {
  if (linked(from, to)) return;
  if (kind === 'file') copyFileSync(from, to);
  else if (kind === 'link') symlinkSync(readlinkSync(from), to);
  else
    throw new IntgenError(`cannot keep ${from}: it is neither a file nor a link and cannot be hard-linked; move it away and build again`);
}

/**
 * Whether the tree holds nothing but files and the folders leading to them: a full replace would also drop empty
 * folders, links and other entries, so a tree holding any is replaced even when its files match.
 */
function holdsOnlyFiles({ entries, folders }: Listing): boolean {
  const parents = new Set<string>();
  for (const [file, kind] of entries) {
    if (kind !== 'file') return false;
    for (let parent = path.posix.dirname(file); parent !== '.' && !parents.has(parent); parent = path.posix.dirname(parent))
      parents.add(parent);
  }
  return folders.every((folder) => parents.has(folder));
}
