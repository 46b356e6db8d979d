// The pipeline: load modules → resolve parameters → validate (schema, structure, lint) → render, all in
// memory. Writing is the caller's business (src/write/tree.ts), so nothing is written unless all of it
// succeeded. With a build cache, an integration whose inputs are unchanged since a build that out/ still holds
// is not evaluated or rendered again; validation and rendering are then not even loaded.
import type { IntegrationResult } from './evaluate.js';
import type { BuildCache } from '../incremental/build-cache.js';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import { checkOverrideNames, defineModule, type OverrideOrigin } from './define.js';
import { loadModules } from './load.js';
import type { BuildConfig } from '../model/index.js';
import type { RenderedFile } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { catalogClashes } from '../validate/structure.js';
import type { LoadedModule } from '../core/types.js';
import { builtinIntegrationsDir } from '../support/own-files.js';

export interface CatalogBuild {
  results: IntegrationResult[];
  /** Rendered files, keyed by path under out/; empty when anything failed. */
  files: Map<string, string>;
  /** Integrations the build cache vouches for (incremental/build-cache.ts): not evaluated or rendered again. */
  reusedIntegrations: string[];
  /** Their files under out/, which hold exactly the bytes rendering would produce. */
  reusedFiles: Set<string>;
  /** The catalog index entries of the built integrations (rendered or reused), for a build of some of them. */
  catalog: CatalogEntry[];
  /** Schema/parameter problems and lint errors: the build must not be written. */
  ok: boolean;
}

export interface BuildOptions {
  sourceDir?: string;
  config?: BuildConfig;
  /** Integration ids to build; the catalog index is not rendered then (the caller updates their entries). */
  only?: string[];
  /** Render (build, check, test) or only validate and lint (lint). */
  render?: boolean;
  /** Reuse and record results (build, check; lint reuses lint results); without it everything is evaluated. */
  cache?: BuildCache;
  /** Called after each integration is done. */
  onProgress?: (done: number, total: number) => void;
  /** Where each parameter override was given (--set or the config file), for the message about a typo in one. */
  overrideOrigin?: OverrideOrigin;
}

export async function buildCatalog(options: BuildOptions = {}): Promise<CatalogBuild> {
  const modules = await loadModules(options.sourceDir ?? builtinIntegrationsDir);
  const unknown = (options.only ?? []).filter((id) => !modules.some((m) => m.folder === id));
  if (unknown.length) {
    const known = modules.map((m) => m.folder).join(', ');
    throw new UsageError(`--only: no integration ${unknown.map((id) => JSON.stringify(id)).join(', ')} (known: ${known})`);
  }
  checkOverrideNames(modules, options.config ?? {}, options.overrideOrigin);
  const selected = options.only?.length ? modules.filter((m) => options.only!.includes(m.folder)) : modules;
  return buildModules(selected, options);
}

/** Validation, lint and rendering: imported on first use, so a build that reuses everything never loads them. */
const loadStages = once(async () => {
  const [{ evaluateModule }, { renderers }, { catalogEntry }, { applyTransforms }] = await Promise.all([
    import('./evaluate.js'),
    import('../outputs/index.js'),
    import('../outputs/catalog-index/entry.js'),
    import('../transforms/index.js'),
  ]);
  return { evaluateModule, renderers, catalogEntry, applyTransforms };
});

/**
 * Validates, lints, transforms and renders loaded modules, in memory. Each integration is rendered right after
 * it is linted, while its parsed expressions are still cached (the PromQL cache is bounded, so a large catalog
 * does not hold them all). The result is as if every integration were checked before any was rendered: no files
 * unless all pass, and a rendering error is thrown only then.
 */
export async function buildModules(modules: LoadedModule[], options: Omit<BuildOptions, 'sourceDir'> = {}): Promise<CatalogBuild> {
  const config = options.config ?? {};
  const render = options.render ?? true;
  const results: IntegrationResult[] = [];
  const files = new Map<string, string>();
  const reusedIntegrations: string[] = [];
  const reusedFiles = new Set<string>();
  const catalogEntries: CatalogEntry[] = [];
  const add = (rendered: RenderedFile[]) => {
    for (const f of rendered) {
      if (files.has(f.path)) throw new Error(`two renderers wrote ${f.path}`);
      files.set(f.path, f.content);
    }
  };
  let ok = true;
  let renderFailure: { error: unknown } | undefined;
  for (const loaded of modules) {
    const defined = defineModule(loaded, config);
    const earlier = options.cache?.reuse(loaded, defined, config, { outputs: render });
    if (earlier) {
      results.push({ folder: loaded.folder, sourceModule: loaded.sourceModule, context: earlier.context, problems: [], lint: earlier.lint });
      reusedIntegrations.push(loaded.folder);
      for (const file of earlier.files) reusedFiles.add(file);
      catalogEntries.push(earlier.catalogEntry);
      options.onProgress?.(results.length, modules.length);
      continue;
    }
    const stages = await loadStages();
    const result = stages.evaluateModule(loaded, config, defined);
    results.push(result);
    ok &&= result.problems.length === 0 && !result.lint?.findings.some((f) => f.severity === 'error');
    if (ok && render && !renderFailure) {
      try {
        const ctx = stages.applyTransforms(result.context!);
        const rendered = stages.renderers.flatMap((renderer) => renderer(ctx));
        add(rendered);
        const entry = stages.catalogEntry(ctx, rendered.map((f) => f.path));
        catalogEntries.push(entry);
        options.cache?.record(loaded, result.context!, { lint: result.lint!, files: rendered, catalogEntry: entry });
      } catch (error) {
        renderFailure = { error };
      }
    }
    options.onProgress?.(results.length, modules.length);
  }
  // Names that must be unique across the catalog, checked over every valid definition, reused ones included.
  const valid = results.filter((r) => r.context);
  for (const clash of catalogClashes(valid.map((r) => r.context!.integration))) {
    valid.find((r) => r.context!.integration.id === clash.integration)!.problems.push(clash);
    ok = false;
  }
  if (!ok) return { results, files: new Map(), reusedIntegrations: [], reusedFiles: new Set(), catalog: [], ok };
  if (renderFailure) throw renderFailure.error;
  if (render && !options.only?.length) {
    const { renderCatalogIndex } = await import('../outputs/catalog-index/render.js');
    add([renderCatalogIndex(catalogEntries)]);
  }
  return { results, files, reusedIntegrations, reusedFiles, catalog: catalogEntries, ok };
}

/** Which out/ paths a build owns: everything, or only the selected integrations' folders. */
export function buildScope(only: string[] | undefined): (file: string) => boolean {
  if (!only?.length) return () => true;
  return (file) => only.some((id) => file.startsWith(`${id}/`));
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
