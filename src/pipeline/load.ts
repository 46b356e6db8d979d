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
import { importFile } from '../support/run-code.js';
import { builtinIntegrationsDir } from '../support/own-files.js';
import type { CatalogModule, LoadedModule, LocatedModule } from '../core/types.js';
import type { IntegrationSource } from './sources.js';

/** The entry files of an integration folder, in the order they are looked for. */
const entryFiles = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

/** Locates and imports the module of every integration folder of every source (locateCatalog, importModules). */
export async function loadCatalog(sources: readonly IntegrationSource[]): Promise<LoadedModule[]> {
  return importModules(await locateCatalog(sources));
}

/**
 * The module of every integration folder of every source, sorted by id, ready to import (its snapshot made); an
 * id two sources hold is an error naming both, so which one is rendered is never a matter of order.
 */
export async function locateCatalog(sources: readonly IntegrationSource[]): Promise<LocatedModule[]> {
  const located = await Promise.all(sources.map(locateModules));
  const byId = new Map<string, { module: LocatedModule; source: IntegrationSource }>();
  const clashes: string[] = [];
  located.forEach((modules, index) => {
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

/** The module of every folder of `source`, transformed into a snapshot; folders are the catalog, there is no registry to edit. */
async function locateModules(source: IntegrationSource): Promise<LocatedModule[]> {
  const { dir } = source;
  const folders = await integrationFolders(source);
  const snapshot = await moduleSnapshot(dir);
  throwLoadFailures(
    folders
      .filter((folder) => entryOf(folder, snapshot.outputs) === undefined)
      .map(
        (folder) =>
          new IntgenError(
            `${displayPath(path.join(dir, folder))}: no index.ts: every folder of ${displayPath(dir)} is an integration module`,
          ),
      ),
  );
  return folders.map((folder): LocatedModule => {
    const entry = entryOf(folder, snapshot.outputs)!;
    const sourceModule = source.package
      ? `${source.name} ${path.relative(source.package.root, path.join(dir, entry)).split(path.sep).join('/')}`
      : displayPath(path.join(dir, entry));
    return {
      folder,
      sourceModule,
      codeDir: snapshot.dir,
      entryFile: path.join(snapshot.dir, snapshot.outputs.get(entry)!),
      sourceDir: dir,
    };
  });
}

const entryOf = (folder: string, outputs: ReadonlyMap<string, string>) =>
  entryFiles.map((name) => path.join(folder, name)).find((file) => outputs.has(file));

/**
 * Imports the modules not imported yet; every one that cannot be (it throws, has no default export, or one
 * without define()) is named in one error.
 */
export async function importModules(located: readonly CatalogModule[]): Promise<LoadedModule[]> {
  const imported = await importBatch(located);
  const failures = imported.filter((m): m is IntgenError => m instanceof IntgenError);
  if (failures.some((f) => f.cause instanceof SyntaxError)) {
    const dirs = new Set(located.flatMap((m) => (m.sourceDir === undefined ? [] : [m.sourceDir])));
    for (const dir of dirs) await throwJavaScriptSyntaxProblems(dir);
  }
  throwLoadFailures(failures);
  return imported as LoadedModule[];
}

/**
 * Imports the modules not imported yet, all at once, each as a module or the IntgenError saying why it cannot be
 * (anything else is a bug, thrown): one by one, between builds (parallel.ts), an import costs several times as much.
 */
export async function importBatch(batch: readonly CatalogModule[]): Promise<(LoadedModule | IntgenError)[]> {
  return Promise.all(
    batch.map((m) =>
      'module' in m
        ? m
        : importModule(m).catch((error: unknown) => {
            if (error instanceof IntgenError) return error;
            throw error;
          }),
    ),
  );
}

/** Nothing, one failure as it is, or several named in one error. */
function throwLoadFailures(failures: readonly IntgenError[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length) {
    throw new IntgenError(`${failures.length} integration modules cannot be loaded:\n${failures.map((f) => `  ${f.message}`).join('\n')}`);
  }
}

/** Imports one located module and checks that its default export is one; throws an IntgenError saying why not. */
export async function importModule(located: LocatedModule): Promise<LoadedModule> {
  const { sourceModule, entryFile, codeDir } = located;
  if (entryFile === undefined) throw new Error(`${sourceModule}: located without a file to import`);
  let module: unknown;
  try {
    module = ((await importFile(pathToFileURL(entryFile).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new IntgenError(`cannot load ${sourceModule}: ${describeThrown(error, codeDir)}`, { cause: error });
  }
  if (module === undefined)
    throw new IntgenError(`${sourceModule}: has no default export: end it with \`export default defineIntegration({ params, define })\``);
  if (typeof (module as { define?: unknown } | null)?.define !== 'function') {
    throw new IntgenError(`${sourceModule}: its default export has no define() function: export \`defineIntegration({ params, define })\``);
  }
  return { ...located, module: module as IntegrationModule };
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
