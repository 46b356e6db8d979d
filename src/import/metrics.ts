// The catalog of an imported module: from an exposition (name, type, HELP, unit, labels with the values seen,
// quantiles, buckets), or, without one, inferred from how the imported queries read each metric, and said so.
import type { Metric, Unit } from '../model/index.js';
import type { ExposedFamily, Exposition } from '../analysis/exposition.js';
import { parsePromQL } from '../analysis/promql/parse.js';
import type { ImportReportLine } from './report.js';

const units: Record<string, Unit> = {
  seconds: 'seconds',
  milliseconds: 'milliseconds',
  microseconds: 'microseconds',
  bytes: 'bytes',
  ratio: 'ratio',
  percent: 'percent',
};

/** The unit a name's suffix says (`_seconds`, `_bytes_total`, …), else count. */
function unitOfName(name: string): Unit {
  const base = name.replace(/_(total|bucket|sum|count|created)$/, '');
  const suffix = /_([a-z]+)$/.exec(base)?.[1];
  return (suffix && units[suffix]) || 'count';
}

/** Label names a type's series carry for the type itself, not the metric's own labels. */
const typeLabels = new Set(['le', 'quantile']);
const shownValues = 8;

function catalogLabels(family: ExposedFamily): Metric['labels'] {
  const values = new Map<string, Set<string>>();
  for (const sample of family.samples) {
    for (const [name, value] of Object.entries(sample.labels)) {
      if (typeLabels.has(name)) continue;
      if (!values.has(name)) values.set(name, new Set());
      values.get(name)!.add(value);
    }
  }
  const labels = [...values].map(([name, seen]) => {
    const list = [...seen].sort();
    const shown = list.slice(0, shownValues).join(', ');
    return { name, description: `Values seen: ${shown}${list.length > shownValues ? ', …' : ''}.`, cardinality: list.length };
  });
  return labels.length ? labels : undefined;
}

const sortedNumbers = (values: Iterable<string>) => [...new Set([...values].map(Number).filter(Number.isFinite))].sort((a, b) => a - b);

export function metricsFromExposition(
  exposition: Exposition,
  source: string,
  job: string,
): { metrics: Metric[]; report: ImportReportLine[] } {
  const report: ImportReportLine[] = exposition.problems.map((problem) => ({
    source,
    where: `line ${problem.line}`,
    outcome: 'not-imported',
    message: problem.message,
  }));
  const metrics: Metric[] = [];
  for (const family of exposition.families.values()) {
    const say = (outcome: ImportReportLine['outcome'], message: string) =>
      report.push({ source, where: `${family.name} (line ${family.samples[0]?.line ?? '?'})`, outcome, message });
    if (family.samples.length === 0) {
      say('not-imported', 'no samples');
      continue;
    }
    const notes: string[] = [];
    let type: Metric['type'];
    if (family.type === 'counter' || family.type === 'gauge' || family.type === 'summary' || family.type === 'histogram')
      type = family.type;
    else {
      type = 'gauge';
      notes.push(`its TYPE is ${family.type}: imported as a gauge`);
    }
    // A counter's series name: OpenMetrics names the family without _total, its samples with it.
    const name = type === 'counter' && family.samples.some((s) => s.name === `${family.name}_total`) ? `${family.name}_total` : family.name;
    const unitText = family.unit && units[family.unit];
    if (family.unit && !unitText) notes.push(`UNIT ${family.unit} has no model unit: unit from the name`);
    const help = family.help?.trim() || `${name} (TODO: the exposition gives no HELP)`;
    if (!family.help?.trim()) notes.push('no HELP: placeholder help');
    const metric: Metric = {
      name,
      type,
      help,
      unit: unitText || unitOfName(name),
      job,
      ...(catalogLabels(family) ? { labels: catalogLabels(family) } : {}),
    };
    if (type === 'summary') {
      const quantiles = sortedNumbers(family.samples.flatMap((s) => (s.labels.quantile === undefined ? [] : [s.labels.quantile])));
      if (quantiles.length) metric.quantiles = quantiles as [number, ...number[]];
      else notes.push('no quantile series: the catalog declares the default quantiles');
      if (!quantiles.length) metric.quantiles = [0.5, 0.9, 0.99];
    }
    if (type === 'histogram') {
      const buckets = sortedNumbers(
        family.samples.flatMap((s) => (s.labels.le === undefined || s.labels.le === '+Inf' ? [] : [s.labels.le])),
      );
      if (buckets.length) metric.buckets = buckets as [number, ...number[]];
      else metric.histogram = 'native';
    }
    metrics.push(metric);
    say(
      notes.length ? 'approximated' : 'imported',
      notes.length ? notes.join('; ') : `${type}${metric.labels ? `, labels ${metric.labels.map((l) => l.name).join(', ')}` : ''}`,
    );
  }
  return { metrics, report };
}

/** The bounds the queries name, or a default when they name none (the report says to check them). */
const orDefault = (seen: number[], fallback: [number, ...number[]]): [number, ...number[]] =>
  seen.length ? (seen as [number, ...number[]]) : fallback;

/** Series every target has without the exporter: read from Prometheus itself, never part of a catalog. */
export const prometheusSeries = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
]);

/** The metric a series name belongs to and the type its suffix or reading says. */
function inferred(series: string, func: string | undefined, labels: string[]): { name: string; type: Metric['type'] } {
  if (labels.includes('quantile')) return { name: series, type: 'summary' };
  if (series.endsWith('_bucket')) return { name: series.slice(0, -'_bucket'.length), type: 'histogram' };
  if (func === 'rate' || func === 'irate' || func === 'increase' || func === 'resets' || series.endsWith('_total'))
    return { name: series, type: 'counter' };
  return { name: series, type: 'gauge' };
}

/**
 * The catalog the expressions read, without an exposition: each metric's type from its reading (rate() → counter,
 * _bucket → histogram, else gauge), marked as inferred in its help. Recorded series and `up` are not metrics.
 */
export function inferMetrics(expressions: string[], recorded: Set<string>, job: string): { metrics: Metric[]; report: ImportReportLine[] } {
  const found = new Map<string, Metric['type']>();
  /** The le bounds of a histogram's, the quantiles of a summary's matchers. */
  const boundsOf = new Map<string, Set<string>>();
  for (const expr of expressions) {
    for (const selector of parsePromQL(expr).selectors) {
      const series = selector.metric;
      if (!series || recorded.has(series) || prometheusSeries.has(series)) continue;
      const { name, type } = inferred(
        series,
        selector.func,
        selector.matchers.map((m) => m.label),
      );
      const bound = type === 'histogram' ? 'le' : 'quantile';
      for (const m of selector.matchers) {
        if (m.label === bound && m.op === '=') (boundsOf.get(name) ?? boundsOf.set(name, new Set()).get(name)!).add(m.value);
      }
      const known = found.get(name);
      if (known !== 'histogram' && known !== 'summary') found.set(name, known === 'counter' ? 'counter' : type);
    }
  }
  // x_sum and x_count of a histogram or summary read elsewhere are that metric's series.
  for (const name of [...found.keys()]) {
    const owner = found.get(name.replace(/_(sum|count)$/, ''));
    if (/_(sum|count)$/.test(name) && (owner === 'histogram' || owner === 'summary')) found.delete(name);
  }
  const metrics: Metric[] = [...found].map(([name, type]) => ({
    name,
    type,
    help: `${name} (inferred from the imported queries: no exposition was given; check its type, help and unit)`,
    unit: unitOfName(name),
    job,
    ...(type === 'histogram' ? { buckets: orDefault(sortedNumbers(boundsOf.get(name) ?? []), [1]) } : {}),
    ...(type === 'summary' ? { quantiles: orDefault(sortedNumbers(boundsOf.get(name) ?? []), [0.5, 0.9, 0.99]) } : {}),
  }));
  const report = metrics.map(
    (metric): ImportReportLine => ({
      source: '(queries)',
      where: metric.name,
      outcome: 'approximated',
      message: `inferred as a ${metric.type} from the queries that read it (no --metrics exposition): check it against the exporter with intgen verify`,
    }),
  );
  return { metrics, report };
}
