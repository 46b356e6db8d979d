// Writes an imported module all at once: its files go into a temporary folder beside the source folder, are
// loaded, validated and linted there, and the folder is renamed into place only then. An existing module is
// replaced only when asked (--force), and then only that folder; on any error nothing is left behind.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { UsageError } from '../../core/errors.js';
import { buildCatalog } from '../../pipeline/build.js';

export interface WrittenModule {
  folder: string;
  files: string[];
  /** Validation and lint findings on the module as written: problems of the imported content. */
  diagnostics: Diagnostic[];
  /** Whether the module validated and built (no error diagnostic). */
  builds: boolean;
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
  );

export async function writeModule(
  sourceDir: string,
  id: string,
  files: Map<string, string>,
  options: { force: boolean },
): Promise<WrittenModule> {
  const folder = path.join(sourceDir, id);
  const shown = path.relative(process.cwd(), folder) || folder;
  if (!options.force && (await exists(folder))) {
    throw new UsageError(`${shown} already exists: import under another id, or pass --force to replace that module.`);
  }
  await mkdir(sourceDir, { recursive: true });
  // Beside the source folder, not in it: a build of the source folder running meanwhile never sees it.
  const staging = await mkdtemp(path.join(path.dirname(path.resolve(sourceDir)), '.intgen-import-'));
  try {
    const staged = path.join(staging, id);
    await mkdir(staged);
    for (const [name, content] of files) await writeFile(path.join(staged, name), content, { flag: 'wx' });
    const build = await buildCatalog({ sourceDir: staging, render: true });
    const diagnostics = build.results.flatMap((result) => result.diagnostics);
    if (await exists(folder)) {
      const previous = path.join(staging, `${id}.replaced`);
      await rename(folder, previous);
      try {
        await rename(staged, folder);
      } catch (error) {
        await rename(previous, folder);
        throw error;
      }
    } else {
      await rename(staged, folder);
    }
    return { folder, files: [...files.keys()], diagnostics, builds: build.ok };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
