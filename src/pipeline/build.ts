// The pipeline: load modules → resolve parameters → validate (schema, structure, lint) → render, all in
// memory. Writing is the caller's business (src/write/tree.ts), so nothing is written unless all of it
// succeeded. With a build cache, an integration whose inputs are unchanged since a build that out/ still holds
// is not evaluated or rendered again; validation and rendering are then not even loaded.
import type { IntegrationResult, LintedResult } from './evaluate.js';
import { hasError } from '../core/diagnostics.js';
import type { BuildCache } from '../incremental/build-cache.js';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import { checkOverrideNames, defineModule, type OverrideOrigin } from './define.js';
import { loadCatalog } from './load.js';
import { builtinSources, type IntegrationSource } from './sources.js';
import type { BuildConfig } from '../model/index.js';
import type { RenderedFile } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { unknownName } from '../core/names.js';
import { catalogClashes } from '../validate/structure.js';
import type { LoadedModule } from '../core/types.js';

/** A build with an error diagnostic (a definition invalid, a lint error, a catalog clash): it must not be written. */
export interface FailedBuild {
  ok: false;
  results: IntegrationResult[];
}

export interface SucceededBuild {
  ok: true;
  /** Every integration passed validation and lint has no error for it (warnings may remain). */
  results: LintedResult[];
  /** Rendered files, keyed by path under out/. */
  files: Map<string, string>;
  /** Integrations the build cache vouches for (incremental/build-cache.ts): not evaluated or rendered again. */
  reusedIntegrations: string[];
  /** Their files under out/, which hold exactly the bytes rendering would produce. */
  reusedFiles: Set<string>;
  /** The catalog index entries of the built integrations (rendered or reused), for a build of some of them. */
  catalog: CatalogEntry[];
}

export type CatalogBuild = FailedBuild | SucceededBuild;

export interface BuildOptions {
  /** Where the modules come from (sources.ts); default: the built-in src/integrations. */
  sources?: readonly IntegrationSource[];
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
  const modules = await loadCatalog(options.sources ?? builtinSources());
  const known = modules.map((m) => m.folder);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(unknown.map((id) => `--only: ${unknownName('integration', id, known)}`).join('\n'));
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
export async function buildModules(modules: LoadedModule[], options: Omit<BuildOptions, 'sources'> = {}): Promise<CatalogBuild> {
  const config = options.config ?? {};
  const render = options.render ?? true;
  let results: IntegrationResult[] = [];
  /** Whether a result so far is invalid or has a lint error: nothing more is rendered, only results returned. */
  let failed = false;
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
  let renderFailure: { error: unknown } | undefined;
  for (const loaded of modules) {
    const defined = defineModule(loaded, config);
    const earlier = options.cache?.reuse(loaded, defined, config, { outputs: render });
    if (earlier) {
      const { folder, sourceModule } = loaded;
      const { context, lint } = earlier;
      // An entry with a lint error is never recorded (incremental/entry.ts), so a reused one has none.
      results.push({ status: 'linted', folder, sourceModule, context, diagnostics: lint.findings, excluded: lint.excluded });
      reusedIntegrations.push(loaded.folder);
      for (const file of earlier.files) reusedFiles.add(file);
      catalogEntries.push(earlier.catalogEntry);
      options.onProgress?.(results.length, modules.length);
      continue;
    }
    const stages = await loadStages();
    const result = stages.evaluateModule(loaded, config, defined);
    results.push(result);
    failed ||= result.status === 'invalid' || hasError(result.diagnostics);
    if (result.status === 'linted' && !failed && render && !renderFailure) {
      try {
        const ctx = stages.applyTransforms(result.context);
        const rendered = stages.renderers.flatMap((renderer) => renderer(ctx));
        add(rendered);
        const entry = stages.catalogEntry(
          ctx,
          rendered.map((f) => f.path),
        );
        catalogEntries.push(entry);
        const lint = { findings: result.diagnostics, excluded: result.excluded };
        options.cache?.record(loaded, result.context, { lint, files: rendered, catalogEntry: entry });
      } catch (error) {
        renderFailure = { error };
      }
    }
    options.onProgress?.(results.length, modules.length);
  }
  // Names that must be unique across the catalog, checked over every valid definition, reused ones included.
  const linted = results.filter((r) => r.status === 'linted');
  const clashes = catalogClashes(linted.map((r) => r.context.integration));
  if (clashes.length) {
    results = results.map((r) => {
      const own = clashes.filter((c) => c.integration === r.folder);
      return own.length ? { ...r, diagnostics: [...r.diagnostics, ...own] } : r;
    });
  }
  if (failed || clashes.length) return { ok: false, results };
  if (renderFailure) throw renderFailure.error;
  if (render && !options.only?.length) {
    const { renderCatalogIndex } = await import('../outputs/catalog-index/render.js');
    add([renderCatalogIndex(catalogEntries)]);
  }
  return { ok: true, results: linted, files, reusedIntegrations, reusedFiles, catalog: catalogEntries };
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
