// Integration modules run from their source, on every run, with no compile step: each file of a source folder is
// transformed by esbuild (types stripped, not checked: `tsc --noEmit` does that) into a snapshot folder in the
// cache, and the modules are imported from there. A snapshot is named by the content of every file of the source
// folder, so an edit, a rename or a deletion is a new snapshot, and an unchanged folder is imported as it was
// (warm runs read and hash the sources, nothing more). Files are transformed one by one, not bundled: a bundle
// turns top-level `const` into `var`, so a circular import would read `undefined` instead of failing, and every
// module keeps the ES module semantics it has under tsc.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, rmSync, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportSpecifier } from 'es-module-lexer';
import { IntgenError } from '../core/errors.js';
import { cacheDir } from '../support/cache-dir.js';
import { libraryEntry } from '../support/own-files.js';
import { displayPath } from './module-errors.js';

/** Bumped when what a snapshot holds changes shape, so older snapshots are never imported. */
const snapshotFormat = 'intgen-modules@2';
/** Snapshots unused for this long are deleted when a new one is written. */
const unusedSnapshotAge = 7 * 24 * 3600 * 1000;

/** Source files and what they become in a snapshot; a .ts file wins over a .js file of the same name beside it. */
const outputName: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.js': '.js', '.mjs': '.mjs', '.json': '.json' };

const isTypeScript = (file: string) => /\.m?ts$/.test(file);

interface SourceFile {
  /** Relative to the source folder, with the platform's separators. */
  relative: string;
  /** Relative to the snapshot folder: the same path, .ts and .mts turned into .js and .mjs. */
  output: string;
  content: Buffer;
}

/** A source folder as imported this run. */
export interface ModuleSnapshot {
  /** The folder the modules run from: their stack frames are there, and map back to the sources. */
  dir: string;
  /** Snapshot-relative outputs by source-relative path. */
  outputs: ReadonlyMap<string, string>;
}

const esbuildVersion = (() => {
  let version: string | undefined;
  return () => {
    version ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string })
      .version;
    return version;
  };
})();

/** The modules of `root` (one folder per integration) ready to import, transformed now unless already cached. */
export async function moduleSnapshot(sourceDir: string): Promise<ModuleSnapshot> {
  const root = path.resolve(sourceDir);
  const files = sourceFiles(root);
  const modules = nearestNodeModules(root);
  const hash = createHash('sha256');
  hash.update(JSON.stringify([snapshotFormat, esbuildVersion(), libraryEntry, root, modules ?? null]));
  for (const file of files) hash.update(`\0${file.relative}\0`).update(createHash('sha256').update(file.content).digest());
  const dir = `${cacheDir}modules-${hash.digest('base64url').slice(0, 32)}`;
  const outputs = new Map(files.map((f) => [f.relative, f.output]));
  if (isOwnFolder(dir)) {
    // Marks it as used, for the pruning of unused snapshots.
    const now = new Date();
    await utimes(dir, now, now).catch(() => {});
    return { dir, outputs };
  }
  const transformed = await transformFiles(root, files);
  try {
    await writeSnapshot(dir, files, transformed, modules);
    await pruneUnusedSnapshots(dir);
    return { dir, outputs };
  } catch {
    // A cache folder this user cannot write (a read-only install, another user's checkout) only costs the next
    // run time: the snapshot goes to a private temporary folder, removed when the run ends.
    const temporary = await mkdtemp(path.join(tmpdir(), 'intgen-modules-'));
    process.once('exit', () => rmSync(temporary, { recursive: true, force: true }));
    const inTemporary = path.join(temporary, 'modules');
    await writeSnapshot(inTemporary, files, transformed, modules).catch((error: Error) => {
      throw new IntgenError(`cannot write the transformed modules of ${displayPath(root)}: ${error.message}`, { cause: error });
    });
    return { dir: inTemporary, outputs };
  }
}

/**
 * Every source file under `root`, sorted, skipping node_modules and dot folders. Read synchronously: from the page
 * cache that is several times faster for a large catalog than a thousand round trips to the thread pool, and it
 * leaves no turn of the event loop between reading and handing TypeScript to esbuild, so the stages that load
 * meanwhile (pipeline/build.ts) cannot hold it up.
 */
function sourceFiles(root: string): SourceFile[] {
  const candidates = new Map<string, string>();
  const walk = (relativeDir: string): void => {
    const entries: Dirent[] = readdirSync(path.join(root, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const relative = path.join(relativeDir, entry.name);
      if (entry.isDirectory()) {
        walk(relative);
        continue;
      }
      const extension = path.extname(entry.name);
      const output = outputName[extension];
      if (!entry.isFile() || output === undefined || /\.d\.m?ts$/.test(entry.name)) continue;
      const target = relative.slice(0, -extension.length) + output;
      if (!candidates.has(target) || isTypeScript(relative)) candidates.set(target, relative);
    }
  };
  walk('');
  const chosen = [...candidates].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return chosen.map(([output, relative]) => ({ relative, output, content: readFileSync(path.join(root, relative)) }));
}

/** The node_modules folder that bare imports of `root`'s modules resolve from, linked into the snapshot. */
function nearestNodeModules(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules');
    if (lstatOrNothing(candidate)?.isDirectory()) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A folder made by this user and writable by no one else: modules are imported from it. */
function isOwnFolder(dir: string): boolean {
  const stats = lstatOrNothing(dir);
  if (!stats?.isDirectory()) return false;
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o077) === 0);
}

/** What is at `file`, or nothing where nothing can be seen (absent, or in a folder this user may not read). */
function lstatOrNothing(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Every file's snapshot content; a TypeScript file that does not parse is reported with every other such file.
 * JavaScript runs as written, with only its imports of 'intgen' renamed: esbuild would only reprint it (a
 * published integration package ships JavaScript, and a large one costs seconds to reprint), and a line-for-line
 * source map sends its stack frames back to the file.
 */
async function transformFiles(root: string, files: SourceFile[]): Promise<(string | Buffer)[]> {
  // esbuild is handed every TypeScript file before anything is awaited: it works in its own process meanwhile.
  const lexerReady = import('es-module-lexer').then(async (lexer) => {
    await lexer.init;
    return lexer;
  });
  const library = JSON.stringify(pathToFileURL(libraryEntry).href);
  const settled = await Promise.allSettled(
    files.map(async (file): Promise<string | Buffer> => {
      if (file.output.endsWith('.json')) return file.content;
      const source = path.join(root, file.relative);
      if (!isTypeScript(file.relative)) {
        const code = file.content.toString('utf8');
        const lexer = await lexerReady;
        let imports: readonly ImportSpecifier[] = [];
        try {
          imports = lexer.parse(code)[0];
        } catch {
          // Left as it is: importing it fails with Node's own SyntaxError, which says where.
        }
        return withLibraryImports(code, imports, library) + lineForLineSourceMap(code, source);
      }
      const transformed = esbuildService().transform(file.content.toString('utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        platform: 'node',
        sourcemap: 'inline',
        sourcesContent: false,
        // The source map names the file itself, so a stack frame in the snapshot maps back to it.
        sourcefile: source,
        logLevel: 'silent',
      });
      const [{ code }, lexer] = await Promise.all([transformed, lexerReady]);
      return withLibraryImports(code, lexer.parse(code)[0], library);
    }),
  );
  throwParseProblems(root, settled);
  return settled.map((s) => (s as PromiseFulfilledResult<string | Buffer>).value);
}

/** One error naming every file of `root` that failed to parse, each where esbuild says. */
function throwParseProblems(root: string, settled: PromiseSettledResult<unknown>[]): void {
  const problems = settled.flatMap((s) => (s.status === 'rejected' ? [transformProblem(s.reason)] : []));
  if (problems.length) throw new IntgenError(`cannot load ${displayPath(root)}: ${problems.join('; ')}`);
}

/**
 * After a module of `sourceDir` failed to import with a SyntaxError, which Node tells without a place: the
 * JavaScript files that do not parse, as for TypeScript files, each where esbuild says. Returns when all parse.
 */
export async function throwJavaScriptSyntaxProblems(sourceDir: string): Promise<void> {
  const root = path.resolve(sourceDir);
  const scripts = sourceFiles(root).filter((f) => !f.output.endsWith('.json') && !isTypeScript(f.relative));
  const settled = await Promise.allSettled(
    scripts.map((file) =>
      esbuildService().transform(file.content.toString('utf8'), {
        loader: 'js',
        format: 'esm',
        sourcefile: path.join(root, file.relative),
        logLevel: 'silent',
      }),
    ),
  );
  throwParseProblems(root, settled);
}

// esbuild is CommonJS: require() loads it without the scan of its ~100 kB for named exports that import() costs.
const esbuildService = () => createRequire(import.meta.url)('esbuild') as typeof import('esbuild');

/**
 * A source map from a file run as written to `source`: each line to the same line (module-errors.ts keeps the
 * column within it), so the only columns it gets wrong are those after a renamed import on that import's line.
 */
function lineForLineSourceMap(code: string, source: string): string {
  let lines = 1;
  for (let at = code.indexOf('\n'); at !== -1; at = code.indexOf('\n', at + 1)) lines += 1;
  const map = { version: 3, sources: [pathToFileURL(source).href], names: [], mappings: `AAAA${';AACA'.repeat(lines - 1)}` };
  return `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
}

/**
 * Writes a snapshot into a fresh folder and renames it into place whole, so a snapshot that exists is complete;
 * a concurrent run that got there first wins.
 */
async function writeSnapshot(
  dir: string,
  files: SourceFile[],
  transformed: (string | Buffer)[],
  modules: string | undefined,
): Promise<void> {
  const partial = `${dir}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await mkdir(partial, { recursive: true, mode: 0o700 });
    await writeFile(path.join(partial, 'package.json'), '{ "type": "module" }\n', { mode: 0o600 });
    if (modules) await symlink(modules, path.join(partial, 'node_modules'), 'dir');
    await Promise.all(
      files.map(async (file, index) => {
        const target = path.join(partial, file.output);
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await writeFile(target, transformed[index]!, { mode: 0o600 });
      }),
    );
    await rename(partial, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (!isOwnFolder(dir)) throw error;
    });
  } finally {
    await rm(partial, { recursive: true, force: true }).catch(() => {});
  }
}

/** `code` with every import of 'intgen' naming the running intgen's library entry (`library`, a JSON string). */
function withLibraryImports(code: string, imports: readonly ImportSpecifier[], library: string): string {
  let result = '';
  let at = 0;
  for (const { n, s, e, d } of imports) {
    if (n !== 'intgen') continue;
    // A static import's bounds are the text inside its quotes; a dynamic import's include them.
    const [start, end] = d === -1 ? [s - 1, e + 1] : [s, e];
    result += code.slice(at, start) + library;
    at = end;
  }
  return result + code.slice(at);
}

/** Deletes snapshots no run has used for a week: each edit makes a new one. */
async function pruneUnusedSnapshots(keep: string): Promise<void> {
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  const now = Date.now();
  await Promise.all(
    entries
      .filter((e) => e.isDirectory() && e.name.startsWith('modules-') && path.join(cacheDir, e.name) !== keep)
      .map(async (e) => {
        const folder = path.join(cacheDir, e.name);
        const stats = await lstat(folder).catch(() => undefined);
        if (stats && now - stats.mtimeMs > unusedSnapshotAge) await rm(folder, { recursive: true, force: true }).catch(() => {});
      }),
  );
}

/** `src/integrations/etcd/alerts.ts:3:10: Expected ";" but found "x"`: esbuild's message, where it points. */
function transformProblem(error: unknown): string {
  const messages = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (!messages?.length) return String(error);
  return messages
    .map(({ text, location }) => (location ? `${displayPath(location.file)}:${location.line}:${location.column + 1}: ${text}` : text))
    .join('; ');
}
