// The alerts real integrations repeat, each from named options: the expression, the annotations written once
// for the rule and its promtool cases, and the cases themselves, derived from the same parameters.
import type { Alert, AlertTest, Labels, ScrapeJob, Severity } from '../generated/types.js';
import type { Counter, Gauge, Histogram, QuantileOf, Summary } from '../metrics.js';
import { annotate, measureOf, scaled, templateFacts, withThreshold, type Annotation, type Facts, type ThresholdFacts } from './measure.js';
import {
  errorsIncreasingCases,
  gaugeAboveCases,
  gaugeRatioCases,
  histogramQuantileCases,
  jobDownCases,
  ratioCases,
  summaryQuantileCases,
  targetDownCases,
  type JobFacts,
} from './tests.js';

/** What every alert of the kit is given. */
export interface AlertOptions<F = Facts> {
  id: string;
  title: string;
  /** critical: act now; warning: degraded, act soon; info: context for the other alerts. */
  severity: Severity;
  /** How long the condition must hold before the alert fires. */
  for: string;
  summary: Annotation<F>;
  description: Annotation<F>;
  /** The job that scrapes the metrics: its name and port label the promtool cases' series. */
  job: ScrapeJob;
  labels?: Labels;
  runbook?: string;
}

function alert<F>(spec: AlertOptions<F>, expr: string, facts: F, tests: AlertTest[]): Alert {
  return {
    id: spec.id,
    title: spec.title,
    expr,
    for: spec.for,
    severity: spec.severity,
    ...(spec.labels ? { labels: spec.labels } : {}),
    summary: annotate(spec.summary, facts),
    description: annotate(spec.description, facts),
    ...(spec.runbook ? { runbook: spec.runbook } : {}),
    tests,
  };
}

/** The labels an aggregation keeps by default: the target's, like an alert on the raw series. */
const targetLabels = ['instance', 'job'] as const;

export interface ErrorsIncreasingOptions extends AlertOptions {
  metric: Counter;
  /** The window in which the counter must increase, at every evaluation for `for`. */
  window: string;
}

/** Fires while an error counter keeps increasing: `increase(errors[window]) > 0` held for `for`. */
export function errorsIncreasing(spec: ErrorsIncreasingOptions): Alert {
  const expr = `increase(${spec.metric.name}[${spec.window}]) > 0`;
  return alert(spec, expr, templateFacts(measureOf('count')), errorsIncreasingCases(spec));
}

export interface SummaryQuantileOptions<M extends Summary> extends AlertOptions<ThresholdFacts> {
  metric: M;
  /** One of the quantiles the summary exposes. */
  quantile: QuantileOf<M>;
  /** In seconds when the metric measures time, whatever its unit (the expression converts); else in its unit. */
  threshold: number;
}

/** Fires while a summary's quantile, as the target computes it, stays above a threshold. */
export function summaryQuantileAbove<M extends Summary>(spec: SummaryQuantileOptions<M>): Alert {
  const measure = measureOf(spec.metric.unit);
  const expr = `${scaled(`${spec.metric.name}{quantile="${spec.quantile}"}`, measure)} > ${spec.threshold}`;
  return alert(spec, expr, withThreshold(templateFacts(measure), measure, spec.threshold), summaryQuantileCases(spec));
}

export interface HistogramQuantileOptions extends AlertOptions<ThresholdFacts> {
  metric: Histogram;
  quantile: number;
  /** In seconds when the metric measures time, whatever its unit (the expression converts); else in its unit. */
  threshold: number;
  /** The rate window of the buckets. */
  window: string;
  /** Labels to compute the quantile by, besides `le`: the target's by default. */
  by?: readonly string[];
  /** Values the promtool series give the `by` labels that are the metric's own. */
  testLabels?: Labels;
}

/**
 * Fires while a quantile of a classic histogram stays above a threshold:
 * `histogram_quantile(q, sum by (le, …) (rate(m_bucket[window]))) > threshold`.
 */
export function histogramQuantileAbove(spec: HistogramQuantileOptions): Alert {
  const measure = measureOf(spec.metric.unit);
  const by = spec.by ?? targetLabels;
  const quantile = `histogram_quantile(${spec.quantile}, sum by (${['le', ...by].join(', ')}) (rate(${spec.metric.name}_bucket[${spec.window}])))`;
  const expr = `${scaled(quantile, measure)} > ${spec.threshold}`;
  return alert(spec, expr, withThreshold(templateFacts(measure), measure, spec.threshold), histogramQuantileCases({ ...spec, by }));
}

export interface RatioOptions extends AlertOptions<ThresholdFacts> {
  /** The part, e.g. failed requests. */
  numerator: Counter;
  /** The whole, e.g. all requests. */
  denominator: Counter;
  /** The share of the whole above which the alert fires, between 0 and 1; printed as a percentage. */
  share: number;
  window: string;
  /** Labels to compare the rates by: the target's by default. */
  by?: readonly string[];
  testLabels?: Labels;
}

/** Fires while one counter's rate stays above a share of another's, e.g. the share of requests that fail. */
export function ratioAbove(spec: RatioOptions): Alert {
  const by = spec.by ?? targetLabels;
  const rate = (metric: Counter) => `sum by (${by.join(', ')}) (rate(${metric.name}[${spec.window}]))`;
  const expr = `${rate(spec.numerator)} / ${rate(spec.denominator)} > ${spec.share}`;
  const measure = measureOf('ratio');
  return alert(spec, expr, withThreshold(templateFacts(measure), measure, spec.share), ratioCases({ ...spec, by }));
}

export interface GaugeRatioOptions extends AlertOptions<ThresholdFacts> {
  /** The part, e.g. addresses in use. */
  numerator: Gauge;
  /** The whole, e.g. the addresses of the pool. */
  denominator: Gauge;
  /** The share of the whole above which the alert fires, between 0 and 1; printed as a percentage. */
  share: number;
  /** Labels to sum both gauges by: the target's by default. */
  by?: readonly string[];
  /** Values the promtool series give the `by` labels that are the metrics' own. */
  testLabels?: Labels;
  /** Labels only the numerator carries, which the sum drops: its promtool series carry them too. */
  numeratorLabels?: Labels;
}

/**
 * Fires while one gauge stays above a share of another, each summed by the same labels, e.g. the share of an
 * IP pool's addresses in use: `sum by (…) (part) / sum by (…) (whole) > share`.
 */
export function gaugeRatioAbove(spec: GaugeRatioOptions): Alert {
  const by = spec.by ?? targetLabels;
  const sum = (metric: Gauge) => `sum by (${by.join(', ')}) (${metric.name})`;
  const expr = `${sum(spec.numerator)} / ${sum(spec.denominator)} > ${spec.share}`;
  const measure = measureOf('ratio');
  return alert(spec, expr, withThreshold(templateFacts(measure), measure, spec.share), gaugeRatioCases({ ...spec, by }));
}

export interface GaugeAboveOptions extends AlertOptions<ThresholdFacts> {
  metric: Gauge;
  /** In seconds when the metric measures time, whatever its unit (the expression converts); else in its unit. */
  threshold: number;
  /** Labels to sum the gauge by; without them, every series is compared on its own. */
  by?: readonly string[];
  /** Values the promtool series give the metric's own labels. */
  testLabels?: Labels;
}

/** Fires while a gauge (summed by `by`, when given) stays above a threshold, e.g. allocations the GC has not reclaimed. */
export function gaugeAbove(spec: GaugeAboveOptions): Alert {
  const measure = measureOf(spec.metric.unit);
  const value = spec.by ? `sum by (${spec.by.join(', ')}) (${spec.metric.name})` : spec.metric.name;
  const expr = `${scaled(value, measure)} > ${spec.threshold}`;
  return alert(spec, expr, withThreshold(templateFacts(measure), measure, spec.threshold), gaugeAboveCases(spec));
}

/**
 * Fires for each target of the job that Prometheus cannot scrape (`up == 0`). `up` is Prometheus's own series:
 * list it in the integration's externalSeries.
 */
export function targetDown(spec: AlertOptions): Alert {
  return alert(spec, `up{job="${spec.job.id}"} == 0`, templateFacts(measureOf('none')), targetDownCases(spec));
}

/**
 * Fires when no target of the job is up, including when none is discovered at all. The alert carries no labels,
 * so its annotations name the job from the definition. Needs `up` in externalSeries.
 */
export function jobDown(spec: AlertOptions<JobFacts>): Alert {
  return alert(spec, `absent(up{job="${spec.job.id}"} == 1)`, { job: spec.job.id }, jobDownCases(spec));
}
