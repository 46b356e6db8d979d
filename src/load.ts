// Step one of the pipeline: find and import the integration modules.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IntegrationModule } from './model/index.js';
import { codeRoot, packageRoot } from './own-files.js';

export const builtinIntegrationsDir = path.join(codeRoot, 'integrations');

export interface LoadedModule {
  /** Folder name, which the integration id must equal. */
  folder: string;
  /** Path shown in messages and do-not-edit headers, e.g. src/integrations/calico/index.ts. */
  sourceModule: string;
  module: IntegrationModule;
}

/** Imports every `<dir>/<folder>/index.{js,ts}`; folders are the catalog, no registry to edit. */
export async function loadModules(dir: string): Promise<LoadedModule[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    folders.map(async (folder) => {
      const file = await moduleFile(path.join(dir, folder));
      const imported = (await import(pathToFileURL(file).href)) as { default?: IntegrationModule };
      if (!imported.default || typeof imported.default.define !== 'function') {
        throw new Error(`${path.relative(process.cwd(), file)}: must default-export defineIntegration({ params, define })`);
      }
      return { folder, sourceModule: displayPath(file), module: imported.default };
    }),
  );
}

async function moduleFile(folder: string): Promise<string> {
  for (const name of ['index.js', 'index.ts']) {
    const candidate = path.join(folder, name);
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  throw new Error(`${folder}: no index.ts (or compiled index.js) in this integration folder`);
}

/** Compiled built-in modules are named by their source file, which is what a reader should edit. */
function displayPath(file: string): string {
  const relative = path.relative(packageRoot, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return file;
  return relative.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
}
