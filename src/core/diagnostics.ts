// What lint reports: one finding per problem, located precisely enough for an editor to jump to it and for a
// module's lintExclusions to silence it by rule and item.

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable rule id, e.g. 'promql/syntax'. */
  rule: string;
  severity: Severity;
  /** Integration id. */
  integration: string;
  /** What an exclusion names: alert id, recording rule name, '<dashboard-id>/<panel-id>', job id, metric name. */
  item: string;
  /** JSON path into the definition, e.g. 'alerts.felix-errors[0].expr'. */
  path: string;
  /** Character range inside the PromQL or template text at `path`. */
  range?: { from: number; to: number };
  /** What is wrong and what to do about it. */
  message: string;
}

/** A problem found in one value before it is known whose it is: where in the value, and what is wrong. */
export interface SchemaProblem {
  /** JSON path into the validated value, e.g. alerts.felix-errors[0].for ('' for the root). */
  path: string;
  message: string;
}
