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
