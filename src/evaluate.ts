// Step three: one module's parameters resolved, its definition built, validated (schema, structure) and linted.
import type { LoadedModule } from './load.js';
import type { BuildConfig, Integration, ParamSpec } from './model/index.js';
import { paramValues, resolveParams } from './params.js';
import type { Problem } from './problems.js';
import type { RenderContext } from './render/types.js';
import { lintIntegration, type LintResult } from './validate/lint.js';
import { validateIntegration, validateParamSpecs, type SchemaProblem } from './validate/schema.js';
import { structureProblems } from './validate/structure.js';

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

  const resolved = resolveParams(module.params as Record<string, ParamSpec>, config.params?.[folder] ?? {});
  if (resolved.problems.length) return fail(resolved.problems);

  let integration: Integration;
  try {
    integration = (module.define as (values: Record<string, string | number>) => Integration)(paramValues(resolved.params));
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
