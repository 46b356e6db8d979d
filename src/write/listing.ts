// What a folder holds, without following symbolic links: outputs must be regular files, so a link is reported
// as a link, never read or written through.
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { errnoCode } from './fs-errors.js';

export type EntryKind = 'file' | 'link' | 'other';

export interface Listing {
  /** Everything but folders (POSIX paths relative to the folder), sorted. */
  entries: Map<string, EntryKind>;
  /** The folders in it, sorted. */
  folders: string[];
}

const kindOf = (e: Dirent): EntryKind => (e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other');

/** What `dir` holds; empty if it does not exist. File system errors are thrown as they are. */
export function listTree(dir: string): Listing {
  // Resolved, so that every entry's parentPath is `root` or a normalized path below it.
  const root = path.resolve(dir);
  let found: Dirent[];
  try {
    // Dirent types come from the directory itself (lstat semantics): recursion does not enter linked folders.
    found = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { entries: new Map(), folders: [] };
    throw error;
  }
  // Sliced off parentPath, not path.relative(), which resolves both paths again for every entry.
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  const relative = (e: Dirent) =>
    e.parentPath === root ? e.name : `${e.parentPath.slice(prefix.length).split(path.sep).join('/')}/${e.name}`;
  const entries: [string, EntryKind][] = [];
  const folders: string[] = [];
  for (const e of found) {
    if (e.isDirectory()) folders.push(relative(e));
    else entries.push([relative(e), kindOf(e)]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { entries: new Map(entries), folders: folders.sort() };
}
