// Step two: a module's parameters, resolved from its defaults and the build config's overrides, and its
// define() called with them, once per run: whatever uses the definition (the build cache, validation) shares it.
import { UsageError } from '../core/errors.js';
import { unknownName } from '../core/names.js';
import { durationProblem } from '../model/durations.js';
import type { BuildConfig, Integration, ParamSpec } from '../model/index.js';
import { describeThrown } from './module-errors.js';
import type { ResolvedParam } from '../core/types.js';
import { plainDataProblems } from '../validate/plain-data.js';
import type { CatalogModule, LoadedModule } from '../core/types.js';
import { problemDiagnostics, problemRules, type Diagnostic, type LocatedProblem } from '../core/diagnostics.js';
import type { Defined } from '../core/types.js';

// A number given as text (--set) is read as JSON reads one: decimal, optionally with a fraction and an exponent
// (0.25, 1e3), so it means what it would in intgen.config.json. Number() also takes '0x10', '0b1', ' 7 ' and
// 'Infinity', which nobody means as a threshold.
const numberPattern = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function overrideNumber(override: string | number): number | undefined {
  const n = typeof override === 'number' ? override : numberPattern.test(override) ? Number(override) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A parameter override that does not resolve, with its rule: it names no parameter, or its value is not one. */
type ParamProblem = LocatedProblem & Pick<Diagnostic, 'rule'>;

export function resolveParams(
  specs: Record<string, ParamSpec>,
  overrides: Record<string, string | number | undefined>,
): { params: ResolvedParam[]; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  for (const name of Object.keys(overrides)) {
    if (!(name in specs)) {
      const known = Object.keys(specs).join(', ') || 'none';
      problems.push({ rule: problemRules.unknownParam, path: `params.${name}`, message: `unknown parameter (this module has: ${known})` });
    }
  }
  const params = Object.entries(specs).map(([name, spec]): ResolvedParam => {
    const override = overrides[name];
    let value: string | number = spec.default;
    if (override !== undefined) {
      if (spec.type === 'number') {
        const n = overrideNumber(override);
        if (n === undefined) {
          problems.push({
            rule: problemRules.paramValue,
            path: `params.${name}`,
            message: `must be a decimal number like 0.5 or 1e3 (got ${JSON.stringify(override) ?? String(override)})`,
          });
        } else value = n;
      } else if (typeof override !== 'string' || durationProblem(override)) {
        problems.push({ rule: problemRules.paramValue, path: `params.${name}`, message: durationProblem(String(override))! });
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

/**
 * Where an entry of the build config was given, from its path there (`params.calico.x`), for messages:
 * `--set calico.x=1`, `intgen.config.json: params.calico.x`.
 */
export type OverrideOrigin = (configPath: string) => string;

const configOrigin: OverrideOrigin = (configPath) => configPath;

/**
 * Parameter overrides and integration overrides must name an integration of the catalog, and parameters one of
 * its parameters (so the modules `params` names are imported first): anything else is a typo, refused as a usage
 * error (exit 2) that lists the names there are, before any module is evaluated. (The alerts, dashboards and jobs an override names are known only from the
 * definition: transforms/overrides.ts checks them.)
 */
export function checkOverrideNames(catalog: readonly CatalogModule[], config: BuildConfig, origin: OverrideOrigin = configOrigin): void {
  const byId = new Map(catalog.map((m) => [m.folder, m]));
  const known = [...byId.keys()];
  const typos: string[] = [];
  for (const id of Object.keys(config.overrides ?? {})) {
    if (!byId.has(id)) typos.push(`${origin(`overrides.${id}`)}: ${unknownName('integration', id, known)}`);
  }
  for (const [id, overrides] of Object.entries(config.params ?? {})) {
    const loaded = byId.get(id);
    if (!loaded) {
      typos.push(`${origin(`params.${id}`)}: ${unknownName('integration', id, known)}`);
      continue;
    }
    if (!('module' in loaded)) throw new Error(`${id}: its parameter overrides are checked before it is imported`);
    const specs = loaded.module.params as unknown;
    // Parameter specs that are not even an object are a problem of the module, reported when it is evaluated.
    if (typeof specs !== 'object' || specs === null) continue;
    for (const name of Object.keys(overrides ?? {})) {
      if (!Object.hasOwn(specs, name)) {
        typos.push(`${origin(`params.${id}.${name}`)}: ${id} has ${unknownName('parameter', name, Object.keys(specs))}`);
      }
    }
  }
  if (typos.length) throw new UsageError(typos.join('\n'));
}

/**
 * Resolves the parameters and calls define() once. Nothing is validated here (evaluate.ts does that) but that
 * the result is data that can be walked, and parameter specs too malformed to resolve give undefined: their
 * schema problems say what is wrong.
 */
export function defineModule({ folder, module, codeDir }: LoadedModule, config: BuildConfig): Defined | undefined {
  let resolved: ReturnType<typeof resolveParams>;
  try {
    resolved = resolveParams(module.params as Record<string, ParamSpec>, config.params?.[folder] ?? {});
  } catch {
    return undefined;
  }
  if (resolved.problems.length) return { diagnostics: resolved.problems.flatMap((p) => problemDiagnostics(folder, p.rule, [p])) };
  const values = Object.fromEntries(resolved.params.map((p) => [p.name, p.value]));
  const describe = (error: unknown) => describeThrown(error, codeDir);
  let integration: unknown;
  try {
    integration = (module.define as (v: typeof values) => unknown)(values);
  } catch (thrown) {
    return {
      diagnostics: problemDiagnostics(folder, problemRules.defineThrew, [{ path: '', message: `define() threw ${describe(thrown)}` }]),
    };
  }
  if (integration instanceof Promise) {
    integration.catch(() => undefined); // reported below, so a rejection must not crash the process
    const message = 'define() must return the definition synchronously, not a Promise';
    return { diagnostics: problemDiagnostics(folder, problemRules.notData, [{ path: '', message }]) };
  }
  const problems = plainDataProblems(integration, describe);
  if (problems.length) return { diagnostics: problemDiagnostics(folder, problemRules.notData, problems) };
  return { params: resolved.params, integration: integration as Integration };
}
