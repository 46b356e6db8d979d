// Step two: a module's parameters, resolved from its defaults and the build config's overrides, and its
// define() called with them, once per run: whatever uses the definition (the build cache, validation) shares it.
import type { LoadedModule } from './load.js';
import { durationProblem } from './model/durations.js';
import type { BuildConfig, Integration, ParamSpec } from './model/index.js';
import type { ResolvedParam } from './render/types.js';
import type { SchemaProblem } from './validate/schema.js';

export function resolveParams(
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
      } else if (typeof override !== 'string' || durationProblem(override)) {
        problems.push({ path: `params.${name}`, message: durationProblem(String(override))! });
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

/** What calling a module's define() gave: a definition, what it threw, or why it was not called. */
export type Defined =
  | { params: ResolvedParam[]; integration: Integration }
  | { params: ResolvedParam[]; thrown: unknown }
  | { paramProblems: SchemaProblem[] };

/**
 * Resolves the parameters and calls define() once. Nothing is validated here (evaluate.ts does that), and
 * parameter specs too malformed to resolve give undefined: their schema problems say what is wrong.
 */
export function defineModule({ folder, module }: LoadedModule, config: BuildConfig): Defined | undefined {
  let resolved: ReturnType<typeof resolveParams>;
  try {
    resolved = resolveParams(module.params as Record<string, ParamSpec>, config.params?.[folder] ?? {});
  } catch {
    return undefined;
  }
  if (resolved.problems.length) return { paramProblems: resolved.problems };
  const values = Object.fromEntries(resolved.params.map((p) => [p.name, p.value]));
  try {
    return { params: resolved.params, integration: (module.define as (v: typeof values) => Integration)(values) };
  } catch (thrown) {
    return { params: resolved.params, thrown };
  }
}
