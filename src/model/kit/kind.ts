import type { Metric } from '../generated/types.js';

/**
 * The kind of metric a helper reads: the types say so, this says it to plain JavaScript and to values that
 * escaped the types. `where` names the alert or panel.
 */
export function requireKind(where: string, metric: Metric, ...types: Metric['type'][]): void {
  if (!types.includes(metric.type)) throw new Error(`${where}: ${metric.name} is a ${metric.type}, not a ${types.join(' or a ')}`);
}
