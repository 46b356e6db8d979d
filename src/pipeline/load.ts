// Step one of the pipeline: find and import the integration modules. The catalog is the set of source folders,
// one per integration: each folder of every source (sources.ts: src/integrations/, a --source folder, or the
// config's local folders and packages), imported from its source as it is now (from-source.ts), so an edit, a
// rename or a deletion counts at once.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IntgenError, UsageError } from '../core/errors.js';
import type { IntegrationModule } from '../model/index.js';
import { describeThrown, displayPath } from './module-errors.js';
import { moduleSnapshot, throwJavaScriptSyntaxProblems } from './from-source.js';
import { builtinIntegrationsDir } from '../support/own-files.js';
import type { LoadedModule } from '../core/types.js';
import type { IntegrationSource } from './sources.js';

/** The entry files of an integration folder, in the order they are looked for. */
const entryFiles = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

/**
 * Imports the module of every integration folder of every source, sorted by id; an id two sources hold is an
 * error naming both, so which one is rendered is never a matter of order.
 */
export async function loadCatalog(sources: readonly IntegrationSource[]): Promise<LoadedModule[]> {
  const loaded = await Promise.all(sources.map(loadModules));
  const byId = new Map<string, { module: LoadedModule; source: IntegrationSource }>();
  const clashes: string[] = [];
  loaded.forEach((modules, index) => {
    const source = sources[index]!;
    for (const module of modules) {
      const earlier = byId.get(module.folder);
      if (earlier) {
        clashes.push(
          `integration "${module.folder}" comes from two sources: ${earlier.source.name} (${earlier.module.sourceModule}) and ` +
            `${source.name} (${module.sourceModule}); remove one, or rename one of them`,
        );
      } else byId.set(module.folder, { module, source });
    }
  });
  if (clashes.length) throw new IntgenError(clashes.join('\n'));
  return [...byId.values()].map((e) => e.module).sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Imports the module of every folder of `source`; folders are the catalog, there is no registry to edit. */
export async function loadModules(source: IntegrationSource): Promise<LoadedModule[]> {
  const { dir } = source;
  const folders = await integrationFolders(source);
  const snapshot = await moduleSnapshot(dir);
  const codeDir = snapshot.dir;
  const settled = await Promise.allSettled(
    folders.map(async (folder): Promise<LoadedModule> => {
      const entry = entryFiles.map((name) => path.join(folder, name)).find((file) => snapshot.outputs.has(file));
      if (entry === undefined) {
        throw new IntgenError(
          `${displayPath(path.join(dir, folder))}: no index.ts: every folder of ${displayPath(dir)} is an integration module`,
        );
      }
      const sourceModule = source.package
        ? `${source.name} ${path.relative(source.package.root, path.join(dir, entry)).split(path.sep).join('/')}`
        : displayPath(path.join(dir, entry));
      const code = path.join(codeDir, snapshot.outputs.get(entry)!);
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
      return { folder, sourceModule, module: module as IntegrationModule, codeDir, entryFile: code };
    }),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  if (failures.some((f) => f instanceof IntgenError && f.cause instanceof SyntaxError)) await throwJavaScriptSyntaxProblems(dir);
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

/** The integration folders of `source`, sorted; a path that is no such folder is refused with what it is instead. */
async function integrationFolders({ dir, name }: IntegrationSource): Promise<string[]> {
  const builtin = path.resolve(dir) === builtinIntegrationsDir;
  // A source path is input; the built-in folder missing is a broken checkout, not a typo.
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
