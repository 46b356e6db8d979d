import type { Metric, MetricLabel, Unit } from './generated/types.js';

/** Quantiles a Go client summary exposes by default (and Calico's summaries do). */
export const defaultQuantiles: [0.5, 0.9, 0.99] = [0.5, 0.9, 0.99];

// Catalog metrics typed by name and kind, so that the kit's helpers accept only the kind they work on (an
// error counter, a summary's quantile) and a misspelt name does not compile.
export type Counter<N extends string = string> = Metric & { name: N; type: 'counter' };
export type Gauge<N extends string = string> = Metric & { name: N; type: 'gauge' };
/** A summary whose quantile series are `Q`. */
export type Summary<N extends string = string, Q extends number = number> = Metric & { name: N; type: 'summary'; quantiles: [Q, ...Q[]] };
/** A classic histogram: a `_bucket` series per declared bound, plus `_sum` and `_count`. */
export type Histogram<N extends string = string> = Metric & { name: N; type: 'histogram'; buckets: [number, ...number[]] };
/** A native histogram: one series under its own name, its buckets chosen by the client. */
export type NativeHistogram<N extends string = string> = Metric & { name: N; type: 'histogram'; histogram: 'native'; buckets?: never };

/** How a histogram is exposed (classic unless it says native); undefined for other kinds. */
export function histogramKind(metric: Metric): 'classic' | 'native' | undefined {
  if (metric.type !== 'histogram') return undefined;
  return metric.histogram ?? 'classic';
}

/** The quantiles a summary exposes, as a type: `0.5 | 0.9 | 0.99` unless it declares others. */
export type QuantileOf<M> = M extends Summary<string, infer Q> ? Q : never;

interface MetricOptions {
  unit?: Unit;
  labels?: MetricLabel[];
}

/**
 * Small builders for the catalog of one scrape job: `const felix = metricsOf('calico-node-default')`,
 * then `felix.counter('felix_ipset_errors', 'Number of ipset command failures.')`.
 */
export function metricsOf(job: string) {
  const base = <N extends string>(name: N, help: string, options: MetricOptions) => ({
    name,
    help,
    job,
    unit: options.unit ?? 'count',
    ...(options.labels?.length ? { labels: options.labels } : {}),
  });
  return {
    counter: <N extends string>(name: N, help: string, options: MetricOptions = {}): Counter<N> => ({
      ...base(name, help, options),
      type: 'counter',
    }),
    gauge: <N extends string>(name: N, help: string, options: MetricOptions = {}): Gauge<N> => ({
      ...base(name, help, options),
      type: 'gauge',
    }),
    summary: <N extends string, const Q extends readonly [number, ...number[]] = typeof defaultQuantiles>(
      name: N,
      help: string,
      options: MetricOptions & { quantiles?: Q } = {},
    ): Summary<N, Q[number]> => ({
      ...base(name, help, options),
      type: 'summary',
      quantiles: [...(options.quantiles ?? defaultQuantiles)] as Summary<N, Q[number]>['quantiles'],
    }),
    histogram: <N extends string>(name: N, help: string, options: MetricOptions & { buckets: [number, ...number[]] }): Histogram<N> => ({
      ...base(name, help, options),
      type: 'histogram',
      buckets: options.buckets,
    }),
    nativeHistogram: <N extends string>(name: N, help: string, options: MetricOptions = {}): NativeHistogram<N> => ({
      ...base(name, help, options),
      type: 'histogram',
      histogram: 'native',
    }),
  };
}

/** A catalog by metric name: `m.felix_ipset_errors` is that metric, typed by its kind. */
export type Catalog<T extends readonly Metric[] = readonly Metric[]> = { readonly [M in T[number] as M['name']]: M };

/**
 * The catalog by name, for the alerts and panels that read it: `export const m = catalog(felix.counter(…), …)`.
 * Keeps the order of its arguments, which `metricList` gives back for the definition's `metrics`.
 */
export function catalog<const T extends readonly [Metric, ...Metric[]]>(...metrics: T): Catalog<T> {
  const byName: Record<string, Metric> = {};
  for (const metric of metrics) {
    if (Object.hasOwn(byName, metric.name)) throw new Error(`catalog: metric ${metric.name} is declared twice`);
    byName[metric.name] = metric;
  }
  return byName as Catalog<T>;
}

/** The catalog's metrics in the order they were declared (names cannot start with a digit, so keys keep it). */
export function metricList(metrics: Catalog): [Metric, ...Metric[]] {
  const list = Object.values(metrics) as Metric[];
  if (list.length === 0) throw new Error('catalog: no metrics');
  return list as [Metric, ...Metric[]];
}
