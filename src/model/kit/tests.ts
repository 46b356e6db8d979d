// promtool cases derived from an alert's parameters: one where it fires, one where it stays quiet, holding for
// whatever thresholds and windows a build sets. The kit's alerts attach them; a hand-written alert of the same
// shape can call them too.
import { durationSeconds, secondsDuration } from '../durations.js';
import type { AlertTest, ExpectedAlert, Labels, Metric, ScrapeJob } from '../generated/types.js';
import type { Counter, Gauge, Histogram, Summary } from '../metrics.js';
import { requireKind } from './kind.js';
import { annotate, caseFacts, measureOf, withThreshold, type Annotation, type Facts, type ThresholdFacts } from './measure.js';

/** promtool evaluates the rules once a minute (the evaluation_interval of rules.test.yaml). */
const ruleEvaluationSeconds = 60;

/** The labels a scrape job gives one target's series: the test cases' series come from such a target. */
export function testTarget(job: ScrapeJob): { instance: string; job: string } {
  return { instance: `10.0.0.1:${job.port}`, job: job.id };
}

/** A promtool input series: `metric{instance="…", job="…", …}`. */
export function seriesSelector(metric: string, labels: Labels): string {
  const matchers = Object.entries(labels).flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${JSON.stringify(value)}`]));
  return `${metric}{${matchers.join(', ')}}`;
}

/** `p99` for 0.99, `p99.9` for 0.999. */
export const percentile = (quantile: number) => `p${+(quantile * 100).toFixed(1)}`;

const quantileNames = (quantile: number) => ({
  firing: { name: `fires when ${percentile(quantile)} stays above the threshold` },
  quiet: { name: `stays quiet when ${percentile(quantile)} is below the threshold` },
});

/** The annotations a case predicts, and the name of the alert they belong to (for error messages). */
export interface Expectation<F = Facts> {
  id: string;
  summary: Annotation<F>;
  description: Annotation<F>;
}

const expected = <F>(spec: Expectation<F>, labels: Labels, facts: F): ExpectedAlert => ({
  labels,
  summary: annotate(spec.summary, facts),
  description: annotate(spec.description, facts),
});

interface Timing {
  interval: string;
  evalTime: string;
  /** Samples after the first, as promtool's `x<n>` counts them. */
  samples: number;
}

/** The first rule evaluation at or after `seconds`: alerts change state only there. */
const evaluationAt = (seconds: number) => Math.ceil(seconds / ruleEvaluationSeconds) * ruleEvaluationSeconds;

/**
 * For rates and increases over a window: samples a fifth of the window apart, so any full window holds five
 * intervals whatever window a build sets. Evaluated one evaluation after the window and `for` have passed: the
 * condition holds from the first evaluation whose window holds two samples, so `for` has passed by then, and a
 * single early error has left the window.
 */
function windowTiming(window: string, forDuration: string): Timing {
  const sampleSeconds = durationSeconds(window) / 5;
  const evalSeconds = evaluationAt(durationSeconds(window) + durationSeconds(forDuration)) + ruleEvaluationSeconds;
  return {
    interval: secondsDuration(sampleSeconds),
    evalTime: secondsDuration(evalSeconds),
    samples: Math.ceil(evalSeconds / sampleSeconds),
  };
}

/** For instant values: one sample per rule evaluation, evaluated one evaluation after `for` has passed. */
function instantTiming(forDuration: string): Timing {
  const evalSeconds = evaluationAt(durationSeconds(forDuration)) + ruleEvaluationSeconds;
  return {
    interval: secondsDuration(ruleEvaluationSeconds),
    evalTime: secondsDuration(evalSeconds),
    samples: Math.ceil(evalSeconds / ruleEvaluationSeconds),
  };
}

type Series = AlertTest['series'];

/** The two cases every derivation ends with: where the alert fires as expected, and where it stays quiet. */
function cases(
  timing: Timing,
  firing: { name: string; series: Series; alert: ExpectedAlert },
  quiet: { name: string; series: Series },
): AlertTest[] {
  const { interval, evalTime } = timing;
  return [
    { name: firing.name, interval, evalTime, series: firing.series, alerts: [firing.alert] },
    { name: quiet.name, interval, evalTime, series: quiet.series, alerts: [] },
  ];
}

/** The metrics must be of the kind the case reads, and come from the job whose target the series stand for. */
function check(spec: { id: string; job: ScrapeJob }, type: Metric['type'], ...metrics: Metric[]): void {
  for (const metric of metrics) {
    requireKind(spec.id, metric, type);
    if (metric.job !== spec.job.id) throw new Error(`${spec.id}: ${metric.name} is collected by job ${metric.job}, not by ${spec.job.id}`);
  }
}

/** The labels of the series a case feeds in: the job's target, plus any the alert aggregates by. */
function caseLabels(job: ScrapeJob, testLabels: Labels = {}): Labels {
  return { ...testTarget(job), ...testLabels };
}

/** The labels an aggregation `by (…)` keeps of the case's series; each must be there to be kept. */
function keptLabels(spec: { id: string }, labels: Labels, by: readonly string[]): Labels {
  const missing = by.filter((name) => labels[name] === undefined);
  if (missing.length) {
    throw new Error(`${spec.id}: the test series carry no ${missing.join(', ')} label to aggregate by: give it a value in testLabels`);
  }
  return Object.fromEntries(by.map((name) => [name, labels[name]]));
}

export interface ErrorsIncreasingCase extends Expectation {
  metric: Counter;
  job: ScrapeJob;
  window: string;
  for: string;
}

/**
 * One new error every fifth of the window: any full window then holds exactly five new errors. Quiet: one error,
 * then none, so the counter stops increasing before `for` has passed.
 */
export function errorsIncreasingCases(spec: ErrorsIncreasingCase): AlertTest[] {
  check(spec, 'counter', spec.metric);
  const errorsPerWindow = 5;
  const timing = windowTiming(spec.window, spec.for);
  const target = testTarget(spec.job);
  const series = (values: string): Series => [{ series: seriesSelector(spec.metric.name, target), values }];
  return cases(
    timing,
    // humanize prints a small whole number as is.
    {
      name: 'fires while errors keep occurring',
      series: series(`0+1x${timing.samples}`),
      alert: expected(spec, target, caseFacts(target, String(errorsPerWindow))),
    },
    { name: 'stays quiet after a single transient error', series: series(`0 1x${timing.samples}`) },
  );
}

export interface QuantileCase extends Expectation<ThresholdFacts> {
  quantile: number;
  /** In seconds for a time, whatever the metric's unit; otherwise in the metric's unit. */
  threshold: number;
  job: ScrapeJob;
  for: string;
}

export interface SummaryQuantileCase extends QuantileCase {
  metric: Summary;
}

/**
 * Every quantile the summary exposes, as a multiple of the threshold. Firing: the alerted quantile at 4×, the
 * one below it at 2× (so a rule that ignored the quantile would raise a second alert), lower ones at half, higher
 * ones at 8×. Quiet: the alerted quantile at half, the one below at a quarter, lower ones at an eighth, and higher
 * ones at 2×, above the threshold (so a rule that ignored the quantile would fire).
 */
export function summaryQuantileCases(spec: SummaryQuantileCase): AlertTest[] {
  const { metric, quantile, threshold } = spec;
  check(spec, 'summary', metric);
  if (!metric.quantiles.includes(quantile)) {
    throw new Error(`${spec.id}: ${metric.name} exposes quantiles ${metric.quantiles.join(', ')}, not ${quantile}`);
  }
  const measure = measureOf(metric.unit);
  const timing = instantTiming(spec.for);
  const target = testTarget(spec.job);
  const below = metric.quantiles.filter((q) => q < quantile).sort((a, b) => b - a);
  const multiple = (q: number, firing: boolean) => {
    if (q === quantile) return firing ? 4 : 0.5;
    if (q > quantile) return firing ? 8 : 2;
    return below.indexOf(q) === 0 ? (firing ? 2 : 0.25) : firing ? 0.5 : 0.125;
  };
  // A sample in the metric's own unit; the rule divides it back into the threshold's.
  const sample = (q: number, firing: boolean) => multiple(q, firing) * threshold * measure.scale;
  const series = (firing: boolean) =>
    metric.quantiles.map((q) => ({
      series: seriesSelector(metric.name, { ...target, quantile: String(q) }),
      values: `${sample(q, firing)}x${timing.samples}`,
    })) as Series;
  const labels = { ...target, quantile: String(quantile) };
  const value = sample(quantile, true) / measure.scale;
  const facts = withThreshold(caseFacts(labels, measure.format(value)), measure, threshold);
  const names = quantileNames(quantile);
  return cases(
    timing,
    { ...names.firing, series: series(true), alert: expected(spec, labels, facts) },
    { ...names.quiet, series: series(false) },
  );
}

export interface HistogramQuantileCase extends QuantileCase {
  metric: Histogram;
  window: string;
  /** The labels the rule aggregates the buckets by (besides `le`). */
  by: readonly string[];
  /** Labels the test series carry besides the target's: values for `by` labels of the metric's own. */
  testLabels?: Labels;
}

/** The doubles either side of a positive `x`. */
function adjacentDoubles(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  return [bits - 1n, bits + 1n].map((next) => {
    view.setBigUint64(0, next);
    return view.getFloat64(0);
  });
}

/**
 * Every observation in one bucket, so histogram_quantile interpolates inside it. Firing: the first bucket that
 * lies wholly above the threshold. Quiet: the highest bucket that ends at or below it. The threshold must fall
 * where the buckets can tell the two apart: at or above the first bound, below the last.
 */
export function histogramQuantileCases(spec: HistogramQuantileCase): AlertTest[] {
  const { metric, quantile, threshold } = spec;
  check(spec, 'histogram', metric);
  const measure = measureOf(metric.unit);
  const bounds = [...metric.buckets].sort((a, b) => a - b);
  const limit = threshold * measure.scale;
  const quiet = bounds.findLastIndex((bound) => bound <= limit);
  const last = bounds.at(-1)!;
  if (!(quantile > 0 && quantile < 1)) throw new Error(`${spec.id}: the quantile must lie between 0 and 1, not ${quantile}`);
  if (limit >= last) {
    throw new Error(
      `${spec.id}: the threshold ${measure.format(threshold)} is not below the largest bucket bound of ${metric.name} ` +
        `(${measure.format(last / measure.scale)}), so its ${percentile(quantile)} never exceeds it: lower the threshold or add buckets`,
    );
  }
  if (quiet < 0) {
    throw new Error(
      `${spec.id}: the threshold ${measure.format(threshold)} lies inside the first bucket of ${metric.name} ` +
        `(up to ${measure.format(bounds[0]! / measure.scale)}), where histogram_quantile cannot tell values below it from above: ` +
        'raise the threshold to at least that bound or add buckets',
    );
  }
  // histogram_quantile's interpolation (a lowest bucket above zero starts at zero; +Inf answers the last bound).
  const lowerBound = (i: number) => (i > 0 ? bounds[i - 1]! : Math.min(bounds[0]!, 0));
  const interpolated = (bucket: number, share: number) =>
    bucket === bounds.length ? last : lowerBound(bucket) + (bounds[bucket]! - lowerBound(bucket)) * share;
  // Prometheus takes the share inside the bucket as rank / count, which can land a double's step from the
  // quantile; where that step changes the printed value (a rounding tie), the value cannot be predicted.
  const predictable = (bucket: number) =>
    new Set([quantile, ...adjacentDoubles(quantile)].map((share) => measure.format(interpolated(bucket, share) / measure.scale))).size ===
    1;
  // The bucket holding every observation: the first whose lower bound is at or above the threshold and whose
  // value can be predicted (any bucket above it fires as well).
  const firstAbove = bounds.findIndex((_, i) => i > 0 && bounds[i - 1]! >= limit);
  let firingBucket = firstAbove < 0 ? bounds.length : firstAbove;
  while (firingBucket < bounds.length && !predictable(firingBucket)) firingBucket++;
  const value = interpolated(firingBucket, quantile);
  const timing = windowTiming(spec.window, spec.for);
  const labels = caseLabels(spec.job, spec.testLabels);
  const les = [...bounds.map(String), '+Inf'];
  // One observation per sample in the chosen bucket; buckets are cumulative, so every one above holds it too.
  const series = (bucket: number) =>
    les.map((le, i) => ({
      series: seriesSelector(`${metric.name}_bucket`, { ...labels, le }),
      values: i >= bucket ? `0+1x${timing.samples}` : `0x${timing.samples}`,
    })) as Series;
  const kept = keptLabels(spec, labels, spec.by);
  const facts = withThreshold(caseFacts(kept, measure.format(value / measure.scale)), measure, threshold);
  const names = quantileNames(quantile);
  return cases(
    timing,
    { ...names.firing, series: series(firingBucket), alert: expected(spec, kept, facts) },
    { ...names.quiet, series: series(quiet) },
  );
}

/** What the cases of a share of a whole are given, whatever kind of metric the part and the whole are. */
interface ShareCase extends Expectation<ThresholdFacts> {
  /** The share of the whole above which the alert fires, between 0 and 1. */
  share: number;
  job: ScrapeJob;
  for: string;
  by: readonly string[];
  testLabels?: Labels;
}

/**
 * Firing: twice the share (all of it at most); quiet: half of it. A hundred of the whole per sample; `series`
 * writes the part's and the whole's input series from their values per sample.
 */
function shareCases(spec: ShareCase, timing: Timing, series: (labels: Labels, part: number, whole: number) => Series): AlertTest[] {
  if (!(spec.share > 0 && spec.share < 1)) throw new Error(`${spec.id}: the share must lie between 0 and 1, not ${spec.share}`);
  const labels = caseLabels(spec.job, spec.testLabels);
  const whole = 100;
  // Twelve digits keep the input readable (7, not 7.000000000000001) and the ratio far from the threshold.
  const part = (ratio: number) => Number((whole * ratio).toPrecision(12));
  const firing = Math.min(1, 2 * spec.share);
  const kept = keptLabels(spec, labels, spec.by);
  const measure = measureOf('ratio');
  const facts = withThreshold(caseFacts(kept, measure.format(part(firing) / whole)), measure, spec.share);
  return cases(
    timing,
    {
      name: 'fires when the share stays above the threshold',
      series: series(labels, part(firing), whole),
      alert: expected(spec, kept, facts),
    },
    { name: 'stays quiet when the share is below the threshold', series: series(labels, part(spec.share / 2), whole) },
  );
}

export interface RatioCase extends ShareCase {
  numerator: Counter;
  denominator: Counter;
  window: string;
}

/** Both counters growing steadily, by the part and by the whole every sample. */
export function ratioCases(spec: RatioCase): AlertTest[] {
  check(spec, 'counter', spec.numerator, spec.denominator);
  const timing = windowTiming(spec.window, spec.for);
  return shareCases(spec, timing, (labels, part, whole) => [
    { series: seriesSelector(spec.numerator.name, labels), values: `0+${part}x${timing.samples}` },
    { series: seriesSelector(spec.denominator.name, labels), values: `0+${whole}x${timing.samples}` },
  ]);
}

export interface GaugeRatioCase extends ShareCase {
  numerator: Gauge;
  denominator: Gauge;
  /** Labels only the numerator's series carry, which the `by` aggregation sums away (e.g. the node of an allocation). */
  numeratorLabels?: Labels;
}

/** Both gauges level at the part and the whole throughout. */
export function gaugeRatioCases(spec: GaugeRatioCase): AlertTest[] {
  check(spec, 'gauge', spec.numerator, spec.denominator);
  const timing = instantTiming(spec.for);
  return shareCases(spec, timing, (labels, part, whole) => [
    { series: seriesSelector(spec.numerator.name, { ...labels, ...spec.numeratorLabels }), values: `${part}x${timing.samples}` },
    { series: seriesSelector(spec.denominator.name, labels), values: `${whole}x${timing.samples}` },
  ]);
}

export interface GaugeAboveCase extends Expectation<ThresholdFacts> {
  metric: Gauge;
  /** In seconds for a time, whatever the metric's unit; otherwise in the metric's unit. */
  threshold: number;
  job: ScrapeJob;
  for: string;
  /** The labels the rule sums the gauge by; without them, the alert carries the series' own labels. */
  by?: readonly string[];
  testLabels?: Labels;
}

/**
 * The gauge level throughout. Firing: above the threshold by the threshold's own size (twice a positive
 * threshold, one above zero). Quiet: below it by half that (half a positive threshold), or at zero for a
 * threshold of zero, which is not above it.
 */
export function gaugeAboveCases(spec: GaugeAboveCase): AlertTest[] {
  const { metric, threshold } = spec;
  check(spec, 'gauge', metric);
  const measure = measureOf(metric.unit);
  const timing = instantTiming(spec.for);
  const labels = caseLabels(spec.job, spec.testLabels);
  const step = threshold === 0 ? 1 : Math.abs(threshold);
  // A sample in the metric's own unit; the rule divides it back into the threshold's.
  const sample = (value: number) => value * measure.scale;
  const series = (value: number): Series => [{ series: seriesSelector(metric.name, labels), values: `${sample(value)}x${timing.samples}` }];
  const firing = threshold + step;
  const quiet = threshold === 0 ? 0 : threshold - step / 2;
  const alertLabels = spec.by ? keptLabels(spec, labels, spec.by) : labels;
  const facts = withThreshold(caseFacts(alertLabels, measure.format(sample(firing) / measure.scale)), measure, threshold);
  return cases(
    timing,
    { name: 'fires while the gauge stays above the threshold', series: series(firing), alert: expected(spec, alertLabels, facts) },
    { name: 'stays quiet while the gauge is not above the threshold', series: series(quiet) },
  );
}

export interface TargetDownCase extends Expectation {
  job: ScrapeJob;
  for: string;
}

/** One target of the job, up throughout or down throughout; the firing case expects `alert` of its labels. */
function upCases(
  spec: { job: ScrapeJob; for: string },
  firing: string,
  alert: (target: Labels) => ExpectedAlert,
  quiet: string,
): AlertTest[] {
  const timing = instantTiming(spec.for);
  const target = testTarget(spec.job);
  const series = (up: 0 | 1): Series => [{ series: seriesSelector('up', target), values: `${up}x${timing.samples}` }];
  return cases(timing, { name: firing, series: series(0), alert: alert(target) }, { name: quiet, series: series(1) });
}

/** The target down throughout, or up throughout. */
export function targetDownCases(spec: TargetDownCase): AlertTest[] {
  return upCases(
    spec,
    'fires when the target stays down',
    (target) => expected(spec, target, caseFacts(target, '0')),
    'stays quiet while the target is up',
  );
}

/** What a job-down alert can say: the job's name (its alert carries no labels). */
export interface JobFacts {
  job: string;
}

export interface JobDownCase extends Expectation<JobFacts> {
  job: ScrapeJob;
  for: string;
}

/** The job's only target down throughout (no target up), or up throughout. */
export function jobDownCases(spec: JobDownCase): AlertTest[] {
  return upCases(
    spec,
    'fires when no target of the job is up',
    () => expected(spec, {}, { job: spec.job.id }),
    'stays quiet while a target is up',
  );
}
