// What every stage reports: one diagnostic per problem, whether a schema, a structure check or a lint rule found
// it, located precisely enough for an editor to jump to it and for a module's lintExclusions to silence a lint
// finding by rule and item.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable rule id, e.g. 'promql/syntax' (lint rules: their family's file in lint/checks) or one of `problemRules`. */
  rule: string;
  severity: Severity;
  /** Integration id. */
  integration: string;
  /** What an exclusion names: alert id, recording rule name, '<dashboard-id>/<panel-id>', job id, metric name. */
  item: string;
  /** JSON path into the definition, e.g. 'alerts.felix-errors[0].expr' ('' for the whole of it). */
  path: string;
  /** Character range inside the PromQL or template text at `path`. */
  range?: { from: number; to: number };
  /** What is wrong. */
  message: string;
  /** What to do about it, when that is not already said by the message. */
  hint?: string;
}

/**
 * A problem found in one value before it is known whose it is (a validator's answer; the build config has no
 * integration at all): where in the value, and what is wrong.
 */
export type LocatedProblem = Pick<Diagnostic, 'path' | 'message' | 'hint'>;

/** The rule ids of what stops an integration from being linted or rendered; lint rules have theirs in lint/checks. */
export const problemRules = {
  /** The module's parameter specs or its definition fail their JSON Schema. */
  schema: 'schema/invalid',
  /** A parameter override names no parameter of the module. */
  unknownParam: 'params/unknown',
  /** A parameter override's value is not one of the parameter's type. */
  paramValue: 'params/invalid',
  /** define() threw. */
  defineThrew: 'define/threw',
  /** define() returned something other than data: a Promise, a cycle, a getter that throws. */
  notData: 'define/not-data',
  /** The definition's id is not its module's folder name. */
  folderMismatch: 'structure/folder-mismatch',
  /** Two metrics, jobs or dashboards of one integration share a name. */
  duplicateId: 'structure/duplicate-id',
  /** A duration beyond what Prometheus reads. */
  durationRange: 'structure/duration-range',
  /** A name that must be unique across the catalog is another integration's too. */
  catalogClash: 'structure/catalog-clash',
  /** Rule group options name a group that has no alerts or recording rules. */
  unknownRuleGroup: 'structure/unknown-rule-group',
  /** The build config's overrides name an alert, group, dashboard or job the definition lacks. */
  unknownOverride: 'overrides/unknown',
} as const;

/**
 * Located problems of `integration` as error diagnostics of `rule`, their paths under `prefix` (e.g. 'params.'
 * for the parameter specs). Without a finer item, the top-level field names what is wrong ('alerts', 'params').
 */
export function problemDiagnostics(integration: string, rule: string, problems: readonly LocatedProblem[], prefix = ''): Diagnostic[] {
  return problems.map(({ path: at, message, hint }) => {
    const path = prefix + at;
    return { rule, severity: 'error', integration, item: path.split(/[.[]/)[0] || integration, path, message, ...(hint ? { hint } : {}) };
  });
}

/** Whether any of them stops a build. */
export const hasError = (diagnostics: readonly Diagnostic[]) => diagnostics.some((d) => d.severity === 'error');

/** Where, for people: the path, with the range inside its text, e.g. `alerts.g[0].expr @4-9`. */
export const diagnosticLocation = (d: Diagnostic) => (d.range ? `${d.path} @${d.range.from}-${d.range.to}` : d.path);

/** One line: `calico: alerts.g[0].for: must be … (hint)`, for lists and error messages (lint/report.ts groups them). */
export function formatDiagnostic(d: Diagnostic): string {
  const location = diagnosticLocation(d);
  return `${d.integration}: ${location ? `${location}: ` : ''}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}
