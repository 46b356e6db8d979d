// Step three: one module's definition (define.ts) validated (parameter specs, schema, structure) and linted.
import { defineModule } from './define.js';
import type { BuildConfig } from '../model/index.js';
import type { Problem } from '../core/problems.js';
import type { RenderContext } from '../core/types.js';
import { lintIntegration, type LintResult } from '../lint/lint.js';
import { validateIntegration, validateParamSpecs } from '../validate/schema.js';
import { structureProblems } from '../validate/structure.js';
import type { LoadedModule } from '../core/types.js';
import type { SchemaProblem } from '../core/diagnostics.js';

export interface IntegrationResult {
  folder: string;
  sourceModule: string;
  /** Present when the definition passed schema and structure validation. */
  context?: RenderContext;
  problems: Problem[];
  lint?: LintResult;
}

/**
 * Validates and lints one module's definition (`defined`, when the caller already called define()). Never
 * throws for a bad module: it reports problems.
 */
export function evaluateModule(loaded: LoadedModule, config: BuildConfig, defined = defineModule(loaded, config)): IntegrationResult {
  const { folder, sourceModule, module } = loaded;
  const result: IntegrationResult = { folder, sourceModule, problems: [] };
  const fail = (problems: SchemaProblem[], prefix = '') => {
    result.problems.push(...problems.map((p) => ({ integration: folder, path: prefix + p.path, message: p.message })));
    return result;
  };
  const specProblems = validateParamSpecs.problems(module.params);
  if (specProblems.length) return fail(specProblems, 'params.');

  // Parameter specs that pass their schema always resolve.
  if (!defined) throw new Error(`${folder}: its parameters passed their schema but did not resolve`);
  if ('paramProblems' in defined) return fail(defined.paramProblems);
  if ('defineProblems' in defined) return fail(defined.defineProblems);
  const { integration, params } = defined;
  const schemaProblems = validateIntegration.problems(integration);
  if (schemaProblems.length) return fail(schemaProblems);
  const structural = structureProblems(integration, folder);
  if (structural.length) return fail(structural);

  result.context = { integration, params, sourceModule, config };
  result.lint = lintIntegration(integration);
  return result;
}
