// The pipeline: load modules → resolve parameters → validate (schema, structure, lint) → render, all in
// memory. Writing is the caller's business (src/output/tree.ts), so nothing is written unless all of it
// succeeded.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildConfig, Integration, IntegrationModule, ParamSpec } from './model/index.js';
import { catalogRenderers, renderers } from './render/index.js';
import type { RenderContext, RenderedFile, ResolvedParam } from './render/types.js';
import { applyTransforms } from './transforms/index.js';
import { lintIntegration, type LintResult } from './validate/lint.js';
import { validateIntegration, validateParamSpecs, type SchemaProblem } from './validate/schema.js';
import { structureProblems } from './validate/structure.js';

export const builtinIntegrationsDir = fileURLToPath(new URL('./integrations/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface LoadedModule {
  /** Folder name, which the integration id must equal. */
  folder: string;
  /** Path shown in messages and do-not-edit headers, e.g. src/integrations/calico/index.ts. */
  sourceModule: string;
  module: IntegrationModule;
}

/** A problem that stops an integration from being rendered at all. */
export interface Problem {
  integration: string;
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.integration}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
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
  const relative = path.relative(repoRoot, file).split(path.sep).join('/');
  if (relative.startsWith('..')) return file;
  return relative.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
}

const durationPattern = /^(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$/;

function resolveParams(
  specs: Record<string, ParamSpec>,
  overrides: Record<string, string | number | undefined>,
): { params: ResolvedParam[]; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  for (const name of Object.keys(overrides)) {
    if (!(name in specs)) {
      const known = Object.keys(specs).join(', ') || 'none';
      problems.push({ path: `params.${name}`, message: `unknown parameter (this module has: ${known})` });
    }
  }
  const params = Object.entries(specs).map(([name, spec]): ResolvedParam => {
    const override = overrides[name];
    let value: string | number = spec.default;
    if (override !== undefined) {
      if (spec.type === 'number') {
        const n = typeof override === 'number' ? override : Number(override);
        if (typeof override === 'string' && (override.trim() === '' || !Number.isFinite(n))) {
          problems.push({ path: `params.${name}`, message: `must be a number (got ${JSON.stringify(override)})` });
        } else value = n;
      } else if (typeof override !== 'string' || override === '' || !durationPattern.test(override)) {
        problems.push({ path: `params.${name}`, message: `must be a Prometheus duration like "5m" (got ${JSON.stringify(override)})` });
      } else value = override;
    }
    return {
      name,
      type: spec.type,
      description: spec.description,
      ...(spec.type === 'number' ? { unit: spec.unit } : {}),
      default: spec.default,
      value,
    };
  });
  return { params, problems };
}

export interface IntegrationResult {
  folder: string;
  sourceModule: string;
  /** Present when the definition passed schema and structure validation. */
  context?: RenderContext;
  problems: Problem[];
  lint?: LintResult;
}

/** Resolves, validates and lints one module. Never throws for a bad module: it reports problems. */
export function evaluateModule(loaded: LoadedModule, config: BuildConfig): IntegrationResult {
  const { folder, sourceModule, module } = loaded;
  const result: IntegrationResult = { folder, sourceModule, problems: [] };
  const fail = (problems: SchemaProblem[], prefix = '') => {
    result.problems.push(...problems.map((p) => ({ integration: folder, path: prefix + p.path, message: p.message })));
    return result;
  };
  const specProblems = validateParamSpecs.problems(module.params);
  if (specProblems.length) return fail(specProblems, 'params.');

  const specs = module.params as Record<string, ParamSpec>;
  const resolved = resolveParams(specs, config.params?.[folder] ?? {});
  if (resolved.problems.length) return fail(resolved.problems);

  let integration: Integration;
  try {
    const values: Record<string, string | number> = Object.fromEntries(resolved.params.map((p) => [p.name, p.value]));
    integration = (module.define as (values: Record<string, string | number>) => Integration)(values);
  } catch (error) {
    return fail([{ path: '', message: `define() threw: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  const schemaProblems = validateIntegration.problems(integration);
  if (schemaProblems.length) return fail(schemaProblems);
  const structural = structureProblems(integration, folder);
  if (structural.length) return fail(structural);

  result.context = { integration, params: resolved.params, sourceModule, config };
  result.lint = lintIntegration(integration);
  return result;
}

export interface CatalogBuild {
  results: IntegrationResult[];
  /** Rendered files, keyed by path under out/; empty when anything failed. */
  files: Map<string, string>;
  /** Schema/parameter problems and lint errors: the build must not be written. */
  ok: boolean;
}

export interface BuildOptions {
  sourceDir?: string;
  config?: BuildConfig;
  /** Integration ids to build; the catalog index is left alone when set. */
  only?: string[];
  /** Called after each integration is rendered. */
  onProgress?: (done: number, total: number) => void;
}

export async function buildCatalog(options: BuildOptions = {}): Promise<CatalogBuild> {
  const modules = await loadModules(options.sourceDir ?? builtinIntegrationsDir);
  const unknown = (options.only ?? []).filter((id) => !modules.some((m) => m.folder === id));
  if (unknown.length) {
    const known = modules.map((m) => m.folder).join(', ');
    throw new UsageError(`--only: no integration ${unknown.map((id) => JSON.stringify(id)).join(', ')} (known: ${known})`);
  }
  const selected = options.only?.length ? modules.filter((m) => options.only!.includes(m.folder)) : modules;
  return buildModules(selected, options);
}

/**
 * Validates, lints, transforms and renders loaded modules, in memory. Each integration is rendered right after
 * it is linted, while its parsed expressions are still cached (the PromQL cache is bounded, so a large catalog
 * does not hold them all). The result is as if every integration were checked before any was rendered: no files
 * unless all pass, and a rendering error is thrown only then.
 */
export function buildModules(modules: LoadedModule[], options: Omit<BuildOptions, 'sourceDir'> = {}): CatalogBuild {
  const config = options.config ?? {};
  const results: IntegrationResult[] = [];
  const contexts: RenderContext[] = [];
  const files = new Map<string, string>();
  const add = (rendered: RenderedFile[]) => {
    for (const f of rendered) {
      if (files.has(f.path)) throw new Error(`two renderers wrote ${f.path}`);
      files.set(f.path, f.content);
    }
  };
  let ok = true;
  let renderFailure: { error: unknown } | undefined;
  for (const loaded of modules) {
    const result = evaluateModule(loaded, config);
    results.push(result);
    ok &&= result.problems.length === 0 && !result.lint?.findings.some((f) => f.severity === 'error');
    if (!ok || renderFailure) continue;
    try {
      const ctx = applyTransforms(result.context!);
      contexts.push(ctx);
      for (const render of renderers) add(render(ctx));
      options.onProgress?.(contexts.length, modules.length);
    } catch (error) {
      renderFailure = { error };
    }
  }
  if (!ok) return { results, files: new Map(), ok };
  if (renderFailure) throw renderFailure.error;
  if (!options.only?.length) for (const render of catalogRenderers) add(render(contexts, files));
  return { results, files, ok };
}

/** Bad command-line input (exit code 2), as opposed to a bad definition (exit code 1). */
export class UsageError extends Error {}

/** Which out/ paths a build owns: everything, or only the selected integrations' folders. */
export function buildScope(only: string[] | undefined): (file: string) => boolean {
  if (!only?.length) return () => true;
  return (file) => only.some((id) => file.startsWith(`${id}/`));
}
