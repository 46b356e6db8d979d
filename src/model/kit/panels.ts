// The panels real dashboards repeat, from named options and catalog metrics: the query, its legend and the
// panel's unit follow from the metric.
import type { DataPanel, Metric, Panel, Query, StatPanel, Threshold, TimeSeriesPanel, Unit } from '../generated/types.js';
import { histogramKind, type Counter, type Gauge, type Histogram, type NativeHistogram, type Summary } from '../metrics.js';
import { requireKind } from './kind.js';
import { percentile } from './tests.js';

/** What every panel of the kit is given. */
export interface PanelOptions {
  /** Stable id, unique in the dashboard. */
  id: string;
  title: string;
  description: string;
  width?: number;
  height?: number;
  thresholds?: Threshold[];
}

/** Options of panels that draw one series per target. */
interface SeriesOptions extends PanelOptions {
  /** The label that tells the targets apart, kept by aggregations and shown in the legend: `instance` by default. */
  per?: string;
}

/**
 * The window of a panel's rates: by default the rate now, or a deliberate span such as `fixedWindow: '1h'` for
 * "the rate over the last hour". One or the other, never both.
 */
export type WindowOptions =
  | {
      /** The rate window, 5m by default: the docs page shows it, each dashboard product swaps in its rate variable. */
      window?: string;
      fixedWindow?: never;
    }
  | {
      /** A fixed window, kept as written on the dashboards and the docs page alike. */
      fixedWindow: string;
      window?: never;
    };

const series = (spec: SeriesOptions) => {
  const per = spec.per ?? 'instance';
  return { per, legend: `{{${per}}}` };
};

/** The window a panel's queries are written with, and the rate window they declare (none when it is fixed). */
function windowOf(spec: WindowOptions): { window: string; declared: Pick<Query, 'rateWindow'> } {
  if (spec.fixedWindow !== undefined) return { window: spec.fixedWindow, declared: {} };
  const window = spec.window ?? '5m';
  return { window, declared: { rateWindow: window } };
}

function panel<T extends DataPanel['type']>(
  spec: PanelOptions,
  type: T,
  unit: Unit | undefined,
  queries: [Query, ...Query[]],
): DataPanel & { type: T } {
  return {
    id: spec.id,
    type,
    title: spec.title,
    description: spec.description,
    ...(unit ? { unit } : {}),
    ...(spec.width ? { width: spec.width } : {}),
    ...(spec.height ? { height: spec.height } : {}),
    ...(spec.thresholds ? { thresholds: spec.thresholds } : {}),
    queries,
  };
}

export interface StatOptions extends PanelOptions {
  metric: Gauge;
  /** How the targets' values combine into one: `max` when every target reports the same value. */
  aggregate: 'sum' | 'max' | 'min' | 'avg';
}

/** One number: a gauge aggregated over every target. */
export function statPanel(spec: StatOptions): StatPanel {
  requireKind(`panel ${spec.id}`, spec.metric, 'gauge');
  return panel(spec, 'stat', spec.metric.unit, [{ expr: `${spec.aggregate}(${spec.metric.name})`, legend: spec.title }]);
}

export type RateOptions = SeriesOptions &
  WindowOptions & {
    metric: Counter;
    /** The metric's own labels to split each target's rate by; without them, one series per series. */
    by?: readonly string[];
  };

/** The per-second rate of a counter, one series per target (and per `by` label). */
export function ratePanel(spec: RateOptions): TimeSeriesPanel {
  requireKind(`panel ${spec.id}`, spec.metric, 'counter');
  const { per, legend } = series(spec);
  const { window, declared } = windowOf(spec);
  const rate = `rate(${spec.metric.name}[${window}])`;
  const query: Query = spec.by
    ? {
        expr: `sum by (${[per, ...spec.by].join(', ')}) (${rate})`,
        legend: [legend, ...spec.by.map((label) => `{{${label}}}`)].join(' '),
        ...declared,
      }
    : { expr: rate, legend, ...declared };
  return panel(spec, 'timeseries', 'per-second', [query]);
}

export type QuantileOptions = SeriesOptions &
  WindowOptions & {
    metric: Summary | Histogram | NativeHistogram;
    /** A summary's own quantiles by default (it exposes no others); 0.5, 0.9 and 0.99 of a histogram. */
    quantiles?: readonly number[];
  };

const histogramQuantiles = [0.5, 0.9, 0.99];

/**
 * Quantiles of every target, in the metric's own unit. A summary's are read as the target computed them (never
 * averaged across targets); a histogram's (classic or native) are computed from its buckets' rates.
 */
export function quantilePanel(spec: QuantileOptions): TimeSeriesPanel {
  const { metric } = spec;
  requireKind(`panel ${spec.id}`, metric, 'summary', 'histogram');
  const { per, legend } = series(spec);
  const { window, declared } = windowOf(spec);
  const quantiles = spec.quantiles ?? (metric.type === 'summary' ? metric.quantiles : histogramQuantiles);
  const query = (q: number): Query => {
    const named = { legend: `${legend} ${percentile(q)}` };
    // A classic histogram's buckets are series told apart by `le`; a native histogram's are inside its one series.
    if (histogramKind(metric) === 'native')
      return { expr: `histogram_quantile(${q}, sum by (${per}) (rate(${metric.name}[${window}])))`, ...named, ...declared };
    if (metric.type === 'histogram')
      return { expr: `histogram_quantile(${q}, sum by (le, ${per}) (rate(${metric.name}_bucket[${window}])))`, ...named, ...declared };
    if (!metric.quantiles.includes(q))
      throw new Error(`panel ${spec.id}: ${metric.name} exposes quantiles ${metric.quantiles.join(', ')}, not ${q}`);
    // A summary's quantiles are gauges: the query reads no window.
    return { expr: `${metric.name}{quantile="${q}"}`, ...named };
  };
  const queries = quantiles.map(query);
  return panel(spec, 'timeseries', metric.unit, nonEmpty(spec.id, queries));
}

export interface GaugeOptions extends SeriesOptions {
  metric: Gauge;
  /** The metric's own labels to split each target's value by. */
  by?: readonly string[];
}

/** A gauge over time, summed per target (and per `by` label): e.g. the IPAM blocks of each node. */
export function gaugePanel(spec: GaugeOptions): TimeSeriesPanel {
  requireKind(`panel ${spec.id}`, spec.metric, 'gauge');
  const { per } = series(spec);
  const labels = [per, ...(spec.by ?? [])];
  const query = { expr: `sum by (${labels.join(', ')}) (${spec.metric.name})`, legend: labels.map((label) => `{{${label}}}`).join(' ') };
  return panel(spec, 'timeseries', spec.metric.unit, [query]);
}

/** A part as a share of its whole, each summed per target. */
function sharePanel(spec: SeriesOptions, numerator: string, denominator: string, declared: Pick<Query, 'rateWindow'>): TimeSeriesPanel {
  const { per, legend } = series(spec);
  const sum = (value: string) => `sum by (${per}) (${value})`;
  return panel(spec, 'timeseries', 'ratio', [{ expr: `${sum(numerator)} / ${sum(denominator)}`, legend, ...declared }]);
}

export type RatioPanelOptions = SeriesOptions &
  WindowOptions & {
    numerator: Counter;
    denominator: Counter;
  };

/** One counter's rate as a share of another's, per target: e.g. the share of requests that fail. */
export function ratioPanel(spec: RatioPanelOptions): TimeSeriesPanel {
  for (const metric of [spec.numerator, spec.denominator]) requireKind(`panel ${spec.id}`, metric, 'counter');
  const { window, declared } = windowOf(spec);
  const rate = (metric: Metric) => `rate(${metric.name}[${window}])`;
  return sharePanel(spec, rate(spec.numerator), rate(spec.denominator), declared);
}

export interface GaugeRatioPanelOptions extends SeriesOptions {
  numerator: Gauge;
  denominator: Gauge;
}

/** One gauge as a share of another, per target (or per `per` label): e.g. the share of an IP pool in use. */
export function gaugeRatioPanel(spec: GaugeRatioPanelOptions): TimeSeriesPanel {
  for (const metric of [spec.numerator, spec.denominator]) requireKind(`panel ${spec.id}`, metric, 'gauge');
  return sharePanel(spec, spec.numerator.name, spec.denominator.name, {});
}

/** The queries a panel runs: none for a text panel. */
export function queriesOf(panel: Panel): readonly Query[] {
  return panel.type === 'text' ? [] : panel.queries;
}

function nonEmpty(id: string, queries: Query[]): [Query, ...Query[]] {
  if (queries.length === 0) throw new Error(`panel ${id}: no quantiles to show`);
  return queries as [Query, ...Query[]];
}
