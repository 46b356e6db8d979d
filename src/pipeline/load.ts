// Step one of the pipeline: find and import the integration modules. The catalog is the set of source folders,
// one per integration: each folder of src/integrations/ (or of a --source folder). Built-in modules run as
// `npm run compile` compiled them into dist/, but dist/ only ever serves a source folder: a compiled folder
// whose source is gone is no integration, and a compiled module missing or older than its source is refused
// rather than run stale.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IntgenError, UsageError } from '../core/errors.js';
import type { IntegrationModule } from '../model/index.js';
import { describeThrown, displayPath, isInside } from './module-errors.js';
import { builtinIntegrationsDir, codeRoot, sourceRoot } from '../support/own-files.js';
import type { LoadedModule } from '../core/types.js';

/** Whether modules under `dir` run compiled: built-in sources, while intgen itself runs from dist/. */
const runsCompiled = (dir: string) => codeRoot !== sourceRoot && isInside(dir, sourceRoot);

/** Where tsc writes the compiled form of a file under src/ (or the folder itself). */
const compiledPath = (file: string) => path.join(codeRoot, path.relative(sourceRoot, file)).replace(/\.ts$/, '.js');

/** Imports the module of every folder of `dir`; folders are the catalog, there is no registry to edit. */
export async function loadModules(dir: string): Promise<LoadedModule[]> {
  const folders = await integrationFolders(dir);
  const compiled = runsCompiled(dir);
  const codeDir = compiled ? compiledPath(dir) : dir;
  const settled = await Promise.allSettled(
    folders.map(async (folder): Promise<LoadedModule> => {
      const { source, code } = await (compiled ? compiledModule : uncompiledModule)(path.join(dir, folder));
      const sourceModule = displayPath(source);
      let module: unknown;
      try {
        module = ((await import(pathToFileURL(code).href)) as { default?: unknown }).default;
        if (module === undefined)
          throw new IntgenError(
            `${sourceModule}: has no default export: end it with \`export default defineIntegration({ params, define })\``,
          );
        if (typeof (module as { define?: unknown } | null)?.define !== 'function') {
          throw new IntgenError(
            `${sourceModule}: its default export has no define() function: export \`defineIntegration({ params, define })\``,
          );
        }
      } catch (error) {
        if (error instanceof IntgenError) throw error;
        throw new IntgenError(`cannot load ${sourceModule}: ${describeThrown(error, codeDir)}`, { cause: error });
      }
      return { folder, sourceModule, module: module as IntegrationModule, codeDir };
    }),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  const unexpected = failures.find((f) => !(f instanceof IntgenError));
  if (unexpected !== undefined) throw unexpected;
  if (failures.length === 1) throw failures[0];
  if (failures.length) {
    throw new IntgenError(
      `${failures.length} integration modules cannot be loaded:\n${failures.map((f) => `  ${(f as Error).message}`).join('\n')}`,
    );
  }
  return settled.map((s) => (s as PromiseFulfilledResult<LoadedModule>).value);
}

/** The integration folders of `dir`, sorted; a path that is no such folder is refused with what it is instead. */
async function integrationFolders(dir: string): Promise<string[]> {
  const builtin = path.resolve(dir) === builtinIntegrationsDir;
  const name = builtin ? displayPath(dir) : `--source ${displayPath(dir)}`;
  // A --source path is command-line input; the built-in folder missing is a broken checkout, not a typo.
  const Refusal = builtin ? IntgenError : UsageError;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Refusal(`${name}: no such folder`);
    if (code === 'ENOTDIR') throw new Refusal(`${name}: is a file, not a folder holding one folder per integration`);
    throw new IntgenError(`${name}: cannot read it: ${(error as Error).message}`);
  }
  const index = entries.find((e) => e.isFile() && /^index\.[cm]?[jt]s$/.test(e.name));
  if (index) {
    throw new Refusal(
      `${name}: holds ${index.name} itself, so it is one integration, not a folder of them: ` +
        `pass the folder it is in (${displayPath(path.dirname(path.resolve(dir)))})`,
    );
  }
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const fileStats = (file: string) =>
  stat(file).then(
    (s) => (s.isFile() ? s : undefined),
    () => undefined,
  );

/**
 * A built-in module: its source index.ts, and its compiled index.js once every .ts file of the folder is known
 * to be compiled since it last changed (modification times; `npm run compile` makes them hold, see
 * scripts/prune-dist.mjs).
 */
async function compiledModule(folder: string): Promise<{ source: string; code: string }> {
  const source = path.join(folder, 'index.ts');
  if (!(await fileStats(source))) {
    throw new IntgenError(
      `${displayPath(folder)}: no index.ts: every folder of ${displayPath(path.dirname(folder))} is an integration module`,
    );
  }
  const sources = (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
  const stale = await Promise.all(
    sources.map(async (file) => {
      const [ts, js] = await Promise.all([fileStats(file), fileStats(compiledPath(file))]);
      if (!js) return `${displayPath(file)} is not compiled`;
      return ts && js.mtimeMs < ts.mtimeMs ? `${displayPath(file)} changed since it was compiled` : undefined;
    }),
  );
  const reasons = stale.filter((r) => r !== undefined).sort();
  if (reasons.length) {
    const more = reasons.length > 1 ? ` (and ${reasons.length - 1} more file${reasons.length > 2 ? 's' : ''})` : '';
    throw new IntgenError(`${reasons[0]}${more}: run \`npm run compile\` (npm run generate, check and lint do it first)`);
  }
  return { source, code: compiledPath(source) };
}

/** A module outside the compiled tree: index.js, else index.ts (which only a TypeScript-aware runtime imports). */
async function uncompiledModule(folder: string): Promise<{ source: string; code: string }> {
  const js = path.join(folder, 'index.js');
  const ts = path.join(folder, 'index.ts');
  const [jsStats, tsStats] = await Promise.all([fileStats(js), fileStats(ts)]);
  if (!jsStats && !tsStats) throw new IntgenError(`${displayPath(folder)}: no index.ts (or compiled index.js) in this integration folder`);
  if (jsStats && tsStats && jsStats.mtimeMs < tsStats.mtimeMs) {
    throw new IntgenError(`${displayPath(js)} is older than ${path.basename(ts)} beside it: compile the module again`);
  }
  return { source: tsStats ? ts : js, code: jsStats ? js : ts };
}
