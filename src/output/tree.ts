// out/ as a whole: read it, compare it with a rendered tree, and replace it in one step.
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Files under `dir` (POSIX paths relative to it) with their contents; empty if `dir` does not exist. */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const contents = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return new Map(files.map((f, i) => [f, contents[i]!]));
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
  const diff: TreeDiff = { stale: [], missing: [], extra: [] };
  for (const [file, content] of rendered) {
    const current = onDisk.get(file);
    if (current === undefined) diff.missing.push(file);
    else if (current !== content) diff.stale.push(file);
  }
  for (const file of onDisk.keys()) if (inScope(file) && !rendered.has(file)) diff.extra.push(file);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

export const isClean = (d: TreeDiff) => d.stale.length + d.missing.length + d.extra.length === 0;

/**
 * Replaces `outDir` with `files`, keeping whatever lies outside `inScope` as it was. Everything is written
 * to a sibling folder first and swapped in by rename, so a failure leaves `outDir` exactly as it was and
 * files of deleted definitions disappear.
 */
export async function replaceTree(outDir: string, files: Map<string, string>, inScope: (file: string) => boolean): Promise<void> {
  const target = path.resolve(outDir);
  const staging = `${target}.intgen-${process.pid}-new`;
  const previous = `${target}.intgen-${process.pid}-old`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    const kept = [...(await listFiles(target))].filter((f) => !inScope(f));
    const dirs = new Set([...files.keys(), ...kept].map((f) => path.dirname(path.join(staging, f))));
    // Parents before children: a sorted list creates each folder once.
    for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
    await Promise.all([
      ...[...files].map(([file, content]) => writeFile(path.join(staging, file), content)),
      ...kept.map((file) => cp(path.join(target, file), path.join(staging, file))),
    ]);
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, target);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}
