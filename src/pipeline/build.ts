// The pipeline: load modules → resolve parameters → validate (schema, structure, lint) → render, all in
// memory. Writing is the caller's business (src/write/tree.ts), so nothing is written unless all of it
// succeeded. With a build cache, an integration whose inputs are unchanged since a build that out/ still holds
// is not evaluated or rendered again; validation and rendering are then not even loaded.
import type { IntegrationResult, LintedResult } from './evaluate.js';
import type { IntegrationBuild } from './integration.js';
import { hasError } from '../core/diagnostics.js';
import type { BuildCache, ReusedBuild } from '../incremental/build-cache.js';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import { checkOverrideNames, defineModule, type OverrideOrigin } from './define.js';
import { loadBuildStage } from './build-stage.js';
import { importModules, locateCatalog } from './load.js';
import { builtinSources, type IntegrationSource } from './sources.js';
import type { BuildConfig } from '../model/index.js';
import type { RenderedFile } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { unknownName } from '../core/names.js';
import { catalogClashes } from '../validate/structure.js';
import type { CatalogModule, Defined, LoadedModule } from '../core/types.js';

/** A build with an error diagnostic (a definition invalid, a lint error, a catalog clash): it must not be written. */
export interface FailedBuild {
  ok: false;
  results: IntegrationResult[];
  /** How many worker threads evaluated the integrations not reused (0: the caller's own thread). */
  threads: number;
}

export interface SucceededBuild {
  ok: true;
  /** How many worker threads evaluated the integrations not reused (0: the caller's own thread). */
  threads: number;
  /** Every integration passed validation and lint has no error for it (warnings may remain). */
  results: LintedResult[];
  /** Rendered files, keyed by path under out/. */
  files: Map<string, string>;
  /** Integrations the build cache vouches for (incremental/build-cache.ts): not evaluated or rendered again. */
  reusedIntegrations: string[];
  /**
   * Files out/ holds with exactly the bytes rendering would produce, not in `files`: those of reused integrations,
   * and with `compareWith` those rendered and found there as rendered.
   */
  unchangedFiles: Set<string>;
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
  /**
   * out/ (its real path) when the caller compares the build with it (build, check): files it holds as rendered
   * are named in `unchangedFiles` rather than held in memory. The caller holds out/'s lock meanwhile.
   */
  compareWith?: string;
  /** Called after each integration is done. */
  onProgress?: (done: number, total: number) => void;
  /** Where each parameter override was given (--set or the config file), for the message about a typo in one. */
  overrideOrigin?: OverrideOrigin;
}

export async function buildCatalog(options: BuildOptions = {}): Promise<CatalogBuild> {
  // When nothing can be reused, the stages are loaded while the modules are located (mostly waiting on esbuild and files).
  if (!options.cache || options.cache.empty) loadStages(options.render ?? true).catch(() => {});
  const catalog = await locateCatalog(options.sources ?? builtinSources());
  const known = catalog.map((m) => m.folder);
  const unknown = (options.only ?? []).filter((id) => !known.includes(id));
  if (unknown.length) throw new UsageError(unknown.map((id) => `--only: ${unknownName('integration', id, known)}`).join('\n'));
  const selected = (folder: string) => !options.only?.length || options.only.includes(folder);
  // Imported here and now: the modules the config's parameters name (their specs are checked before anything is
  // built) and those the build cache may reuse (their definitions decide). Each other one is imported by the
  // thread that builds it, so that a cold build of a large catalog does not import every module twice.
  const params = options.config?.params ?? {};
  const early = catalog.filter((m) => Object.hasOwn(params, m.folder) || (selected(m.folder) && options.cache?.holds(m.folder)));
  const imported = new Map((await importModules(early)).map((m) => [m.folder, m]));
  const modules = catalog.map((m) => imported.get(m.folder) ?? m);
  checkOverrideNames(modules, options.config ?? {}, options.overrideOrigin);
  return buildModules(
    modules.filter((m) => selected(m.folder)),
    options,
  );
}

/**
 * Validation, lint and, when the outputs are asked for, rendering: imported on first use, so a build that reuses
 * everything never loads them, and lint never loads the renderers.
 */
const loadStages = (render: boolean) => (render ? renderingStages : lintingStages)();
const stagesFor = (render: boolean) =>
  once(async () => {
    const [buildIntegration, { buildInParallel, threadCount }] = await Promise.all([loadBuildStage(render), import('./parallel.js')]);
    return { buildIntegration, buildInParallel, threadCount };
  });
const renderingStages = stagesFor(true);
const lintingStages = stagesFor(false);

/**
 * Validates, lints, transforms and renders loaded modules, in memory: a large catalog on several threads
 * (parallel.ts), else one by one, each rendered right after it is linted, while its parsed expressions are still
 * cached (the PromQL cache is bounded, so a large catalog does not hold them all). The result is as if every
 * integration were checked before any was rendered: no files unless all pass, and a rendering error is thrown
 * only then.
 */
export async function buildModules(modules: readonly CatalogModule[], options: Omit<BuildOptions, 'sources'> = {}): Promise<CatalogBuild> {
  const config = options.config ?? {};
  const render = options.render ?? true;
  const builds: (IntegrationBuild | undefined)[] = new Array(modules.length);
  const reused = new Map<number, ReusedBuild>();
  let done = 0;
  const progress = () => options.onProgress?.((done += 1), modules.length);
  /** Defined here, when the cache asked for the definition: the build uses it rather than calling define() again. */
  const definedHere = new Map<number, Defined | undefined>();
  const fresh: number[] = [];
  modules.forEach((module, index) => {
    // A module not imported yet has no earlier build to reuse (buildCatalog imports those that have one).
    const earlier =
      'module' in module &&
      options.cache?.reuse(
        module,
        () => {
          const defined = defineModule(module, config);
          definedHere.set(index, defined);
          return defined;
        },
        config,
        { outputs: render },
      );
    if (earlier) {
      reused.set(index, earlier);
      progress();
    } else fresh.push(index);
  });
  let threads = 0;
  if (fresh.length) {
    const stages = await loadStages(render);
    const integrationOptions = { config, render, compareWith: options.compareWith, recordedWith: options.cache?.tool };
    const built = (index: number, build: IntegrationBuild) => {
      builds[index] = build;
      progress();
      if (options.cache && build.output && 'rendered' in build.output && build.result.status === 'linted') {
        const { record, catalogEntry } = build.output.rendered;
        const lint = { findings: build.result.diagnostics, excluded: build.result.excluded };
        options.cache.record(modules[index]!, { ...record!, lint, catalogEntry });
      }
    };
    const freshModules = fresh.map((index) => modules[index]!);
    threads = stages.threadCount(freshModules);
    // Once one integration failed nothing is written: in this thread, the rest are only validated and linted.
    let failed = false;
    const buildHere = (index: number, loaded: LoadedModule) => {
      const build = stages.buildIntegration(loaded, { ...integrationOptions, render: render && !failed }, definedHere.get(index));
      failed ||= build.result.status === 'invalid' || hasError(build.result.diagnostics);
      return build;
    };
    if (threads) {
      const here = (at: number, loaded: LoadedModule) => buildHere(fresh[at]!, loaded);
      const unloadable = await stages.buildInParallel(freshModules, integrationOptions, threads, here, (at, build) =>
        built(fresh[at]!, build),
      );
      if (unloadable) {
        // Told as a build in one thread tells it: every module that cannot be imported, in one error.
        await importModules(freshModules);
        throw unloadable;
      }
    } else {
      const loaded = await importModules(freshModules);
      fresh.forEach((index, at) => {
        built(index, buildHere(index, loaded[at]!));
      });
    }
  }
  return assemble(modules, reused, builds, { render, only: options.only, threads });
}

/** The per-integration outcomes, in catalog order, as one build: the catalog-wide checks, then the files. */
async function assemble(
  modules: readonly CatalogModule[],
  reused: ReadonlyMap<number, ReusedBuild>,
  builds: readonly (IntegrationBuild | undefined)[],
  { render, only, threads }: { render: boolean; only: string[] | undefined; threads: number },
): Promise<CatalogBuild> {
  let results: IntegrationResult[] = [];
  const files = new Map<string, string>();
  const unchangedFiles = new Set<string>();
  const reusedIntegrations: string[] = [];
  const catalogEntries: CatalogEntry[] = [];
  let renderFailure: { error: unknown } | undefined;
  const add = (rendered: readonly RenderedFile[]) => {
    for (const f of rendered) {
      if (files.has(f.path)) throw new Error(`two renderers wrote ${f.path}`);
      files.set(f.path, f.content);
    }
  };
  modules.forEach((loaded, index) => {
    const earlier = reused.get(index);
    if (earlier) {
      const { folder, sourceModule } = loaded;
      const { context, lint } = earlier;
      // An entry with a lint error is never recorded (incremental/entry.ts), so a reused one has none.
      results.push({ status: 'linted', folder, sourceModule, context, diagnostics: lint.findings, excluded: lint.excluded });
      reusedIntegrations.push(folder);
      for (const file of earlier.files) unchangedFiles.add(file);
      catalogEntries.push(earlier.catalogEntry);
      return;
    }
    const { result, output } = builds[index]!;
    results.push(result);
    if (!output) return;
    if ('renderError' in output) {
      renderFailure ??= { error: output.renderError };
      return;
    }
    add(output.rendered.files);
    for (const file of output.rendered.unchanged) unchangedFiles.add(file);
    catalogEntries.push(output.rendered.catalogEntry);
  });
  const failed = results.some((r) => r.status === 'invalid' || hasError(r.diagnostics));
  // Names that must be unique across the catalog, checked over every valid definition, reused ones included.
  const linted = results.filter((r) => r.status === 'linted');
  const clashes = catalogClashes(linted.map((r) => r.context.integration));
  if (clashes.length) {
    results = results.map((r) => {
      const own = clashes.filter((c) => c.integration === r.folder);
      return own.length ? { ...r, diagnostics: [...r.diagnostics, ...own] } : r;
    });
  }
  if (failed || clashes.length) return { ok: false, results, threads };
  if (renderFailure) throw renderFailure.error;
  if (render && !only?.length) {
    const { renderCatalogIndex } = await import('../outputs/catalog-index/render.js');
    add([renderCatalogIndex(catalogEntries)]);
  }
  return { ok: true, threads, results: linted, files, reusedIntegrations, unchangedFiles, catalog: catalogEntries };
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
