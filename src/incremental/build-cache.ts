// Reusing an earlier build's results for an integration whose inputs have not changed, as `tsc --build` or a
// build system's action cache does. An integration's inputs are its evaluated definition (whatever files its
// module imports), its parameters, the build config and intgen itself (see fingerprint.ts); its results are its
// lint findings, the digests of the files it rendered, and its entry in the catalog index. A result is
// reused only when the inputs' digest is the one recorded AND the integration's folder under out/ holds exactly
// the recorded files, as regular files with the recorded bytes, so a hand edit under out/ or any change upstream
// is always rendered and compared afresh. The cache never decides what is deleted: a reused integration's
// folder holds nothing but its files, so whatever a build removes was found by comparing a fresh rendering.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readCacheFile, writeCacheFile } from '../support/cache-dir.js';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import type { BuildConfig } from '../model/index.js';
import type { RenderContext } from '../core/types.js';
import type { LintResult } from '../lint/lint.js';
import { digest, inputsDigest, sealEntry, unsealEntry, type Entry } from './entry.js';
import { toolFingerprint } from './fingerprint.js';
import type { LoadedModule, LocatedModule } from '../core/types.js';
import type { Defined } from '../core/types.js';

/** An earlier build's record, still valid: the rendered files are not in hand, only known to be on disk. */
export interface ReusedBuild {
  context: RenderContext;
  lint: LintResult;
  /** Every file under out/<folder>/ (none when outputs were not asked for). */
  files: string[];
  catalogEntry: CatalogEntry;
}

/** The cache file's layout; a file of another (or no) version is not read. */
const version = 1;

export class BuildCache {
  private readonly recorded = new Map<string, Entry>();

  private constructor(
    private readonly fileName: string,
    private readonly outDir: string,
    /** intgen's own inputs (fingerprint.ts), part of every integration's: a build recorded digests its inputs with it. */
    readonly tool: string,
    private readonly earlier: ReadonlyMap<string, Entry>,
  ) {}

  /** The cache of builds into `outDir`; undefined when intgen's own inputs cannot be pinned down (fingerprint.ts). */
  static open(outDir: string): BuildCache | undefined {
    const tool = toolFingerprint();
    if (!tool) return undefined;
    const fileName = `builds-${digest(path.resolve(outDir)).slice(0, 16)}.json`;
    return new BuildCache(fileName, outDir, tool, readEntries(fileName));
  }

  /** Whether no earlier build is recorded (a fresh clone's first run): every integration is built. */
  get empty(): boolean {
    return this.earlier.size === 0;
  }

  /** Whether an earlier build of `folder` is recorded, so that reuse() may take it (and needs its definition). */
  holds(folder: string): boolean {
    return this.earlier.has(folder);
  }

  /**
   * The earlier build of `loaded`, if nothing it was made from changed (`define` gives its definition, not yet
   * validated: only a digest recorded for a valid build lets it through; it is called only when there is an
   * earlier build) and out/ holds what it wrote. Without `outputs` (lint), only its lint result counts, which
   * needs nothing from out/.
   */
  reuse(loaded: LoadedModule, define: () => Defined | undefined, config: BuildConfig, { outputs = true } = {}): ReusedBuild | undefined {
    const entry = this.earlier.get(loaded.folder);
    if (!entry) return undefined;
    const defined = define();
    if (!defined || !('integration' in defined)) return undefined;
    const context: RenderContext = { integration: defined.integration, params: defined.params, sourceModule: loaded.sourceModule, config };
    if (inputsDigest(this.tool, loaded, loaded.module.params, context) !== entry.inputs) return undefined;
    if (!outputs) return { context, lint: entry.lint, files: [], catalogEntry: entry.catalogEntry };
    const onDisk = filesIn(this.outDir, loaded.folder);
    if (!onDisk || onDisk.length !== Object.keys(entry.files).length) return undefined;
    for (const file of onDisk) {
      const expected = entry.files[file];
      if (expected === undefined || fileDigest(path.join(this.outDir, file)) !== expected) return undefined;
    }
    this.recorded.set(loaded.folder, entry);
    return { context, lint: entry.lint, files: onDisk, catalogEntry: entry.catalogEntry };
  }

  /** Remembers a fresh build of `loaded`, its inputs digested by entry.ts's inputsDigest with this cache's `tool`. */
  record(loaded: LocatedModule, entry: Entry): void {
    this.recorded.set(loaded.folder, entry);
  }

  /**
   * Writes the records of this run's integrations whose outputs are now on disk as rendered (`onDisk`), and keeps
   * earlier records of integrations outside this run's scope (--only); the rest are dropped, so the file holds
   * one record per integration at most. Failing to write only costs the next run time.
   */
  save(onDisk: (folder: string) => boolean, inScope: (folder: string) => boolean): void {
    const kept = [...[...this.earlier].filter(([folder]) => !inScope(folder)), ...[...this.recorded].filter(([folder]) => onDisk(folder))];
    if (kept.length === this.earlier.size && kept.every(([folder, entry]) => this.earlier.get(folder) === entry)) return;
    const entries = Object.fromEntries(kept.map(([folder, entry]) => [folder, sealEntry(folder, entry)]));
    writeCacheFile(this.fileName, JSON.stringify({ version, entries }));
  }
}

/**
 * The records of the last run that are sound (entry.ts); none when the file is missing, unreadable, not JSON or
 * of another layout version. An entry written by another intgen carries another tool digest in its inputs, so
 * it is never reused.
 */
function readEntries(fileName: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const bytes = readCacheFile(fileName);
  let data: unknown;
  try {
    data = bytes && JSON.parse(bytes.toString('utf8'));
  } catch {
    return entries;
  }
  const stored =
    typeof data === 'object' && data !== null && 'version' in data && data.version === version && 'entries' in data
      ? data.entries
      : undefined;
  if (typeof stored !== 'object' || stored === null) return entries;
  for (const [folder, raw] of Object.entries(stored)) {
    const entry = unsealEntry(folder, raw);
    if (entry) entries.set(folder, entry);
  }
  return entries;
}

/**
 * The files under out/<folder>/ (paths relative to out/), or undefined when that is not a folder or holds
 * anything but files and folders: a link, even to the right bytes, is not what a build writes, so the
 * integration is rendered and compared afresh (and check reports the file).
 */
function filesIn(outDir: string, folder: string): string[] | undefined {
  const dir = path.join(outDir, folder);
  try {
    if (!lstatSync(dir).isDirectory()) return undefined;
    const files: string[] = [];
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      // parentPath is `dir` or below it: sliced, not path.relative(), which resolves both paths for each file.
      if (e.isFile()) files.push(`${folder}${e.parentPath.slice(dir.length).split(path.sep).join('/')}/${e.name}`);
      else if (!e.isDirectory()) return undefined;
    }
    return files;
  } catch {
    return undefined;
  }
}

function fileDigest(file: string): string | undefined {
  try {
    return digest(readFileSync(file));
  } catch {
    return undefined;
  }
}
