import type { Metric, MetricLabel, Unit } from './generated/types.js';

/** Quantiles a Go client summary exposes by default (and Calico's summaries do). */
export const defaultQuantiles: [number, ...number[]] = [0.5, 0.9, 0.99];

interface MetricOptions {
  unit?: Unit;
  labels?: MetricLabel[];
}

/**
 * Small builders for the catalog of one scrape job: `const felix = metricsOf('calico-node-default')`,
 * then `felix.counter('felix_ipset_errors', 'Number of ipset command failures.')`.
 */
export function metricsOf(job: string) {
  const base = (name: string, help: string, options: MetricOptions) => ({
    name,
    help,
    job,
    unit: options.unit ?? 'count',
    ...(options.labels?.length ? { labels: options.labels } : {}),
  });
  return {
    counter: (name: string, help: string, options: MetricOptions = {}): Metric => ({ ...base(name, help, options), type: 'counter' }),
    gauge: (name: string, help: string, options: MetricOptions = {}): Metric => ({ ...base(name, help, options), type: 'gauge' }),
    summary: (name: string, help: string, options: MetricOptions & { quantiles?: [number, ...number[]] } = {}): Metric => ({
      ...base(name, help, options),
      type: 'summary',
      quantiles: options.quantiles ?? defaultQuantiles,
    }),
    histogram: (name: string, help: string, options: MetricOptions & { buckets: [number, ...number[]] }): Metric => ({
      ...base(name, help, options),
      type: 'histogram',
      buckets: options.buckets,
    }),
  };
}
