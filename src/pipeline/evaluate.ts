// Step three: one module's definition (define.ts) validated (parameter specs, schema, structure, the ids the
// build config's overrides name) and linted.
import { defineModule } from './define.js';
import type { BuildConfig } from '../model/index.js';
import type { Defined, RenderContext } from '../core/types.js';
import { lintIntegration, type ExcludedFinding } from '../lint/lint.js';
import { selectorFindings } from '../transforms/selectors.js';
import { validateIntegration, validateParamSpecs } from '../validate/schema.js';
import { structureProblems } from '../validate/structure.js';
import { overrideLintFindings, overrideNameProblems } from '../transforms/overrides.js';
import type { LoadedModule } from '../core/types.js';
import { problemDiagnostics, problemRules, type Diagnostic } from '../core/diagnostics.js';

interface Evaluated {
  folder: string;
  sourceModule: string;
  /** Everything reported about the integration: why it is invalid, or its lint findings (and catalog clashes). */
  diagnostics: Diagnostic[];
}

/** A definition that failed its parameters, define(), its schema or its structure checks: it is not linted. */
export interface InvalidResult extends Evaluated {
  status: 'invalid';
}

/** A definition that passed validation and was linted: it renders, unless one of its diagnostics is an error. */
export interface LintedResult extends Evaluated {
  status: 'linted';
  context: RenderContext;
  /** Lint findings its module's lintExclusions silence. */
  excluded: ExcludedFinding[];
}

export type IntegrationResult = InvalidResult | LintedResult;

/**
 * What buildIntegration (integration.ts) returns when nothing is rendered (lint), without loading the renderers
 * it imports: the same function signature, so the thread that runs it need not know which it has.
 */
export function buildWithoutRendering(
  loaded: LoadedModule,
  options: { config: BuildConfig },
  defined?: Defined,
): { result: IntegrationResult } {
  return { result: evaluateModule(loaded, options.config, defined) };
}

/**
 * Validates and lints one module's definition (`defined`, when the caller already called define()). Never
 * throws for a bad module: it reports its problems as diagnostics.
 */
export function evaluateModule(loaded: LoadedModule, config: BuildConfig, defined = defineModule(loaded, config)): IntegrationResult {
  const { folder, sourceModule, module } = loaded;
  const invalid = (diagnostics: Diagnostic[]): InvalidResult => ({ status: 'invalid', folder, sourceModule, diagnostics });
  const specProblems = validateParamSpecs.problems(module.params);
  if (specProblems.length) return invalid(problemDiagnostics(folder, problemRules.schema, specProblems, 'params.'));

  // Parameter specs that pass their schema always resolve.
  if (!defined) throw new Error(`${folder}: its parameters passed their schema but did not resolve`);
  if ('diagnostics' in defined) return invalid(defined.diagnostics);
  const { integration, params } = defined;
  const schemaProblems = validateIntegration.problems(integration);
  if (schemaProblems.length) return invalid(problemDiagnostics(folder, problemRules.schema, schemaProblems));
  const structural = structureProblems(integration, folder);
  if (structural.length) return invalid(structural);
  const misnamed = overrideNameProblems(integration, config);
  if (misnamed.length) return invalid(problemDiagnostics(folder, problemRules.unknownOverride, misnamed));

  const lint = lintIntegration(integration, { ruleTarget: config.ruleTarget });
  const context = { integration, params, sourceModule, config };
  // What the build config's transforms cannot keep meaning in this definition, reported with its lint findings.
  const diagnostics = [...lint.findings, ...overrideLintFindings(context, lint), ...selectorFindings(integration, config)];
  return { status: 'linted', folder, sourceModule, context, diagnostics, excluded: lint.excluded };
}
