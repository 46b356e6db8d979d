// Which folder intgen may replace, and which files in it are its own. A build replaces out/ whole, so it must
// never be pointed at something else: a checkout, the sources, a home folder. out/ is intgen's when it is absent,
// empty, or holds intgen's catalog index (out/index.json with its format tag); the index lists every file the
// build wrote, so anything else found there belongs to someone and is neither deleted nor overwritten.
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { catalogIndexFile } from '../outputs/paths.js';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import { UsageError } from '../core/errors.js';
import { codeRoot, packageRoot, schemasDir, templatesDir } from '../support/own-files.js';
import { catalogIndexFormat, renderCatalogIndex } from '../outputs/catalog-index/render.js';
import type { RenderedFile } from '../core/types.js';
import { describeFsErrors, errnoCode } from './fs-errors.js';
import { listTree, type EntryKind } from './listing.js';

/** Folders a build must not replace besides the fixed ones (intgen itself, the current folder). */
export interface OutDirGuard {
  /** The integration sources being built: folders of integration folders. */
  sourceDirs?: readonly string[];
}

export interface OutLocation {
  /** As the user named it, for messages. */
  shown: string;
  /** Where it really is: for a symbolic link, the folder it points to, which is replaced in place of the link. */
  real: string;
}

/** A link chain longer than this is a loop (Linux's own limit). */
const maxLinkHops = 40;

/** `file` with every symbolic link on its way resolved, including a last one that points to nothing yet. */
function resolveLinks(file: string, hops = 0): string {
  let info: Stats;
  try {
    info = lstatSync(file);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    const parent = path.dirname(file);
    return parent === file ? file : path.join(resolveLinks(parent, hops), path.basename(file));
  }
  if (!info.isSymbolicLink()) return realpathSync(file);
  if (hops >= maxLinkHops) throw Object.assign(new Error(`ELOOP: too many symbolic links, '${file}'`), { code: 'ELOOP', path: file });
  return resolveLinks(path.resolve(path.dirname(file), readlinkSync(file)), hops + 1);
}

const contains = (folder: string, inner: string) =>
  inner === folder || inner.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);

const realOrResolved = (folder: string) => {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
};

/**
 * Where `outDir` is, refusing (UsageError) a folder no build may replace, whatever it holds: the file system's
 * root, a file, the current folder or one holding it, the integration sources or a folder inside or around them,
 * intgen's own files, and a mount point (a rename cannot move it). With `forWriting: false` (check), only what
 * cannot be read as a tree is refused.
 */
export function locateOutDir(outDir: string, guard: OutDirGuard = {}, { forWriting = true } = {}): OutLocation {
  const shown = outDir.replace(/\/+$/, '') || outDir;
  const real = describeFsErrors(`resolve --out`, () => resolveLinks(path.resolve(outDir)));
  const refuse = (why: string) => new UsageError(`--out ${shown}: ${why}; nothing was changed`);
  if (real === path.parse(real).root) throw refuse('is the root of the file system');
  const info = describeFsErrors('look at --out', () => (existsSync(real) ? statSync(real) : undefined));
  if (info && !info.isDirectory()) throw refuse(info.isFile() ? 'is a file, not a folder' : 'is not a folder');
  if (!forWriting) return { shown, real };
  const cwd = realOrResolved(process.cwd());
  if (contains(real, cwd)) throw refuse(real === cwd ? 'is the current folder' : `contains the current folder (${cwd})`);
  for (const sourceDir of guard.sourceDirs ?? []) {
    const sources = realOrResolved(sourceDir);
    if (contains(real, sources)) throw refuse(`${real === sources ? 'is' : 'contains'} the integration sources (${sources})`);
    if (contains(sources, real)) throw refuse(`lies inside the integration sources (${sources})`);
  }
  const own: [string, string][] = [
    [packageRoot, "intgen's installation"],
    [path.join(packageRoot, 'src'), "intgen's sources"],
    [codeRoot, "intgen's running code"],
    [templatesDir, "intgen's templates"],
    [schemasDir, "intgen's schemas"],
  ];
  for (const [folder, what] of own) {
    const mine = realOrResolved(folder);
    if (contains(real, mine)) throw refuse(`${real === mine ? 'is' : 'contains'} ${what} (${mine})`);
  }
  if (info && statSync(path.dirname(real)).dev !== info.dev) {
    throw refuse('is a mount point, which intgen cannot replace (it swaps out/ in by renaming); use a folder inside it');
  }
  return { shown, real };
}

export interface OutDirRecord {
  /** Why intgen may not replace the folder; undefined when it may (absent, empty, or holding intgen's index). */
  foreign?: string;
  /** What intgen wrote there: index.json, every file it lists, and the folders they lie in. */
  written: ReadonlySet<string>;
  /** The integrations' entries of out/index.json, as they are. */
  entries: readonly CatalogEntry[];
  /**
   * What out/ held when it was inspected, under the lock: build and check compare with it (diffDir). replaceTree
   * lists out/ again right before the swap, so a file put there meanwhile is never lost.
   */
  onDisk: ReadonlyMap<string, EntryKind>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isEntry = (value: unknown): value is CatalogEntry =>
  isObject(value) && typeof value.id === 'string' && Array.isArray(value.files) && value.files.every((f) => typeof f === 'string');

/** The entries of an index.json intgen wrote, or why it is not one. */
function parseIndex(content: string): readonly CatalogEntry[] | string {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return `its ${catalogIndexFile} is not JSON`;
  }
  const notOurs = `its ${catalogIndexFile} is not intgen's catalog index (no "format": "${catalogIndexFormat}")`;
  if (!isObject(data)) return notOurs;
  // An index written before the format tag existed is known by its shape, so upgrading intgen orphans no out/.
  const untagged = data.format === undefined && Object.keys(data).join() === 'integrations';
  if (data.format !== catalogIndexFormat && !untagged) {
    return typeof data.format === 'string' && data.format.startsWith('intgen/')
      ? `its ${catalogIndexFile} has format "${data.format}", which this version of intgen does not know`
      : notOurs;
  }
  if (!Array.isArray(data.integrations) || !data.integrations.every(isEntry)) return notOurs;
  return data.integrations;
}

/** Whose `location` is, and what intgen wrote there. File system errors become IntgenErrors naming the path. */
export function inspectOutDir({ shown, real }: OutLocation): OutDirRecord {
  return describeFsErrors(`read ${shown}/`, () => {
    const { entries, folders } = listTree(real);
    const hasGit = entries.has('.git') || folders.includes('.git') || [...entries.keys()].some((f) => f.startsWith('.git/'));
    if (hasGit) return { foreign: 'it holds .git (a repository)', written: new Set(), entries: [], onDisk: entries };
    if (entries.size === 0) return { written: new Set(), entries: [], onDisk: entries };
    const kind = entries.get(catalogIndexFile);
    const parsed =
      kind === undefined
        ? `it has no ${catalogIndexFile}`
        : kind !== 'file'
          ? `its ${catalogIndexFile} is not a regular file`
          : parseIndex(readFileSync(path.join(real, catalogIndexFile), 'utf8'));
    if (typeof parsed === 'string') {
      const some = [...entries.keys()].slice(0, 3).join(', ');
      return { foreign: `${parsed} (it holds ${some}${entries.size > 3 ? ', …' : ''})`, written: new Set(), entries: [], onDisk: entries };
    }
    const files = parsed.flatMap((e) => e.files);
    // The folders those files lie in are intgen's too: a link put where it wrote a folder is replaced, never followed.
    const parents = files.flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    );
    return { written: new Set([catalogIndexFile, ...files, ...parents]), entries: parsed, onDisk: entries };
  });
}

/** The refusal to replace a folder intgen did not write. */
export function notOwnedError({ shown }: OutLocation, foreign: string): UsageError {
  return new UsageError(
    `--out ${shown}: not a folder intgen wrote: ${foreign}. A build replaces only a folder that is absent, empty or ` +
      `holds intgen's ${catalogIndexFile}; nothing was changed: choose another --out, or empty the folder yourself`,
  );
}

/** How many paths a refusal names before "and N more". */
const namedPaths = 10;

/** The refusal to delete or overwrite files intgen did not write in a folder it did. */
export function foreignFilesError({ shown }: OutLocation, files: readonly string[]): UsageError {
  const named = files
    .slice(0, namedPaths)
    .map((f) => `${shown}/${f}`)
    .join(', ');
  const more = files.length > namedPaths ? ` and ${files.length - namedPaths} more` : '';
  return new UsageError(
    `--out ${shown}: the build would delete or overwrite what intgen did not write (not listed in ${shown}/${catalogIndexFile}): ` +
      `${named}${more}; nothing was changed: move them out of ${shown}/ (or delete them) and build again`,
  );
}

/** out/index.json after a build of `only`: their entries as built, everyone else's as `record` holds them. */
export function partialCatalogIndex(record: OutDirRecord, built: readonly CatalogEntry[], only: readonly string[]): RenderedFile {
  return renderCatalogIndex([...record.entries.filter((e) => !only.includes(e.id)), ...built]);
}
