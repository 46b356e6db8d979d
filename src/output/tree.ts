// out/ as a whole: read it, compare it with a rendered tree, and replace it in one step.
// The file system calls are synchronous on purpose: a build touches thousands of small files, and through the
// promise API each one costs several thread-pool round trips (2-3x the CPU time); the CLI has nothing else to do
// while it waits.
import { cpSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Files under `dir` (POSIX paths relative to it), sorted; empty if `dir` does not exist. */
function listFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Files under `dir` (POSIX paths relative to it) with their contents; empty if `dir` does not exist. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

export interface TreeDiff {
  /** In both, with different content. */
  stale: string[];
  /** Rendered, not on disk. */
  missing: string[];
  /** On disk, not rendered (e.g. from a deleted definition). */
  extra: string[];
}

export function diffTree(rendered: Map<string, string>, onDisk: Map<string, string>, inScope: (file: string) => boolean): TreeDiff {
  return compare(rendered, onDisk, (file) => onDisk.get(file)!, inScope);
}

/**
 * diffTree against the files under `dir`, reading each rendered one once instead of holding the whole tree.
 * `unchanged` are files the caller knows `dir` holds as they should be (not rendered again): never extra.
 */
export async function diffDir(
  rendered: Map<string, string>,
  dir: string,
  inScope: (file: string) => boolean,
  unchanged: ReadonlySet<string> = new Set(),
): Promise<TreeDiff> {
  return compare(rendered, new Set(listFiles(dir)), (file) => readFileSync(path.join(dir, file), 'utf8'), (file) => inScope(file) && !unchanged.has(file));
}

function compare(
  rendered: Map<string, string>,
  onDisk: { has(file: string): boolean; keys(): Iterable<string> },
  contentOnDisk: (file: string) => string,
  inScope: (file: string) => boolean,
): TreeDiff {
  const diff: TreeDiff = { stale: [], missing: [], extra: [] };
  for (const [file, content] of rendered) {
    if (!onDisk.has(file)) diff.missing.push(file);
    else if (contentOnDisk(file) !== content) diff.stale.push(file);
  }
  for (const file of onDisk.keys()) if (inScope(file) && !rendered.has(file)) diff.extra.push(file);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

export const isClean = (d: TreeDiff) => d.stale.length + d.missing.length + d.extra.length === 0;

/**
 * Replaces `outDir` with `files`, keeping whatever lies outside `inScope` as it was. Everything is written
 * to a sibling folder first and swapped in by rename, so a failure leaves `outDir` exactly as it was and
 * files of deleted definitions disappear. Given `diff` (diffTree of `files` against `outDir` as it is now), the
 * files it does not list as stale or missing are hard-linked from `outDir` rather than written again, and when
 * nothing differs `outDir` is left alone. `unchanged` are files `outDir` holds as they should be (diffDir):
 * they are kept, hard-linked like the rest.
 */
export async function replaceTree(
  outDir: string,
  files: Map<string, string>,
  inScope: (file: string) => boolean,
  diff?: TreeDiff,
  unchanged: ReadonlySet<string> = new Set(),
): Promise<void> {
  const target = path.resolve(outDir);
  if (diff && isClean(diff) && holdsOnlyFiles(target)) return;
  const changed = diff && new Set([...diff.stale, ...diff.missing]);
  const staging = `${target}.intgen-${process.pid}-new`;
  const previous = `${target}.intgen-${process.pid}-old`;
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging, { recursive: true });
    const kept = [...listFilesOrNone(target).filter((f) => !inScope(f)), ...unchanged];
    const dirs = new Set([...files.keys(), ...kept].map((f) => path.dirname(path.join(staging, f))));
    // Parents before children: a sorted list creates each folder once.
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const [file, content] of files) {
      const destination = path.join(staging, file);
      if (!changed || changed.has(file) || !linked(path.join(target, file), destination)) writeFileSync(destination, content);
    }
    for (const file of kept) {
      if (!linked(path.join(target, file), path.join(staging, file))) cpSync(path.join(target, file), path.join(staging, file));
    }
    let hadPrevious = true;
    try {
      renameSync(target, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    renameSync(staging, target);
    if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
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

/**
 * Whether `dir` exists and holds nothing but files and the folders leading to them: a full replace would also
 * drop empty folders, links and other entries, so a tree holding any is replaced even when its files match.
 */
function holdsOnlyFiles(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return false;
  }
  const parents = new Set<string>();
  for (const e of entries) {
    if (!e.isFile()) continue;
    for (let parent = e.parentPath; parent.length > dir.length && !parents.has(parent); parent = path.dirname(parent)) parents.add(parent);
  }
  return entries.every((e) => e.isFile() || (e.isDirectory() && parents.has(path.join(e.parentPath, e.name))));
}

/** What lies in `dir` now; nothing when it cannot be listed (the rename that follows reports why). */
function listFilesOrNone(dir: string): string[] {
  try {
    return listFiles(dir);
  } catch {
    return [];
  }
}
