// Render contexts of the built-in integrations as the pipeline makes them (resolved, validated), for a build config.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateModule } from '../../src/pipeline/evaluate.js';
import { loadCatalog } from '../../src/pipeline/load.js';
import { formatDiagnostic } from '../../src/core/diagnostics.js';
import type { BuildConfig } from '../../src/model/index.js';
import type { RenderContext, RenderedFile } from '../../src/core/types.js';
import { builtinSources } from '../../src/pipeline/sources.js';

export async function integrationContexts(config: BuildConfig = {}): Promise<RenderContext[]> {
  const modules = await loadCatalog(builtinSources());
  return modules.map((loaded) => {
    const result = evaluateModule(loaded, config);
    if (result.status === 'invalid') throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    return result.context;
  });
}

export async function calicoContext(config: BuildConfig = {}): Promise<RenderContext> {
  const context = (await integrationContexts(config)).find((ctx) => ctx.integration.id === 'calico');
  if (!context) throw new Error('no calico integration');
  return context;
}

export function fileAt(files: RenderedFile[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

/** Writes files into a fresh temporary folder (paths relative to it); `cleanup` removes every folder made. */
export const scratch = {
  dirs: [] as string[],
  async write(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'intgen-ecosystem-'));
    this.dirs.push(dir);
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return dir;
  },
  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  },
};
