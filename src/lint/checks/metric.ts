// Metric rules: every series a query reads must exist (in the catalog, a recording rule or externalSeries),
// must survive the integration's own scrape job, and every catalog metric must be worth collecting.
import type { RelabelConfig } from '../../analysis/relabel/engine.js';
import { relabel, relabelRegexError } from '../../analysis/relabel/simulate.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { histogramKind } from '../../model/index.js';
import { code, type LintContext, type LintRule, type MetricUse } from '../context.js';
import { histogramQuantileQuery } from './histogram.js';
import { jobPipelines } from './relabel.js';

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d <= Math.max(2, Math.floor(name.length / 5)) && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

/**
 * A histogram's name a query read wrongly: a classic histogram's own name (it has only _bucket, _sum and _count)
 * or a native histogram's _bucket, _sum or _count (it has only its own name). Said instead of a spelling guess,
 * which would point to the nearest name, not the right one.
 */
function histogramNameAdvice(ctx: LintContext, name: string): string | undefined {
  const classic = ctx.histograms.get(name);
  if (classic && histogramKind(classic) === 'classic') {
    return (
      `${code(name)} is a classic histogram, which has no series under its own name: did you mean ${code(`${name}_bucket`)}? ` +
      `Its quantiles are ${code(histogramQuantileQuery(classic, 'φ'))}; ${code(`${name}_sum`)} and ${code(`${name}_count`)} hold the sum and count of observations.`
    );
  }
  const suffix = /_(bucket|sum|count)$/.exec(name);
  const native = suffix ? ctx.histograms.get(name.slice(0, suffix.index)) : undefined;
  if (!suffix || !native || histogramKind(native) !== 'native') return undefined;
  const instead = suffix[1] === 'bucket' ? histogramQuantileQuery(native, 'φ') : `histogram_${suffix[1]}(rate(${native.name}[5m]))`;
  return (
    `${code(native.name)} is a native histogram, one series under its own name with its buckets inside, so it has no ${code(`_${suffix[1]}`)} series: ` +
    `did you mean ${code(native.name)}? Use ${code(instead)}.`
  );
}

const metricUnknown: LintRule = {
  id: 'metric/unknown',
  check: (ctx) => {
    const external = new Set(ctx.integration.externalSeries ?? []);
    const known = [...ctx.catalogSeries.keys(), ...ctx.records, ...external];
    // A quantile asked of a histogram's own name is promql/quantile's finding, with the query that computes it.
    const askedForQuantile = (use: MetricUse) => ctx.histograms.has(use.name) && use.selector?.matchers.some((m) => m.label === 'quantile');
    return ctx.metricUses
      .filter((use) => !ctx.catalogSeries.has(use.name) && !ctx.records.has(use.name) && !external.has(use.name))
      .filter((use) => !askedForQuantile(use))
      .map((use) => {
        const suggestion = closest(use.name, known);
        const unknown = `${code(use.name)} is not a catalog series, a recorded series or an externalSeries entry: `;
        return ctx.finding({
          rule: 'metric/unknown',
          severity: 'error',
          item: use.item,
          path: use.path,
          ...(use.range ? { range: use.range } : {}),
          message:
            histogramNameAdvice(ctx, use.name) ??
            `${unknown}${suggestion ? `did you mean ${code(suggestion)}? ` : ''}fix the name, add the metric to the catalog, or list it in externalSeries.`,
        });
      });
  },
};

/** Whether a pipeline can run: a regex RE2 rejects is relabel/regex's finding, not a dropped series. */
const runnable = (configs: RelabelConfig[]) => configs.every((c) => c.regex === undefined || relabelRegexError(c.regex) === undefined);

const metricDropped: LintRule = {
  id: 'metric/dropped',
  check: (ctx) => {
    // Each job's keep-list, checked once rather than per use.
    const pipelines = new Map<string, RelabelConfig[]>();
    for (const [id, job] of ctx.jobs) {
      const pipeline = ctx.derived(jobPipelines).get(job)!.metric;
      if (runnable(pipeline)) pipelines.set(id, pipeline);
    }
    // Whether the series' job keeps a name, run once per name: a query reads most series more than once.
    const keeps = new Map<string, boolean>();
    const kept = (name: string, pipeline: RelabelConfig[]) => {
      if (!keeps.has(name)) keeps.set(name, relabel({ __name__: name }, pipeline, ctx.ruleTarget.facts) !== undefined);
      return keeps.get(name)!;
    };
    return ctx.metricUses.flatMap((use): Diagnostic[] => {
      const series = ctx.catalogSeries.get(use.name);
      const pipeline = series && pipelines.get(series.metric.job);
      if (!series || !pipeline || kept(use.name, pipeline)) return [];
      return [
        ctx.finding({
          rule: 'metric/dropped',
          severity: 'error',
          item: use.item,
          path: use.path,
          ...(use.range ? { range: use.range } : {}),
          message:
            `${code(use.name)} is dropped by the metric keep-list of job ${code(series.metric.job)}, so this reads nothing: ` +
            'keep the series in the job (its keep-list is derived from the catalog) or use a series the job keeps.',
        }),
      ];
    });
  },
};

const metricJob: LintRule = {
  id: 'metric/job',
  check: (ctx) =>
    ctx.integration.metrics.flatMap((metric, i): Diagnostic[] =>
      ctx.jobs.has(metric.job)
        ? []
        : [
            ctx.finding({
              rule: 'metric/job',
              severity: 'error',
              item: metric.name,
              path: `metrics[${i}].job`,
              message: `no scrape job ${code(metric.job)} in this integration (jobs: ${[...ctx.jobs.keys()].join(', ')}): name the job that collects it.`,
            }),
          ],
    ),
};

const metricUnused: LintRule = {
  id: 'metric/unused',
  check: (ctx) => {
    const used = new Set(
      ctx.metricUses.flatMap((use) => {
        const series = ctx.catalogSeries.get(use.name);
        return series ? [series.metric.name] : [];
      }),
    );
    return ctx.integration.metrics.flatMap((metric, i): Diagnostic[] =>
      used.has(metric.name)
        ? []
        : [
            ctx.finding({
              rule: 'metric/unused',
              severity: 'warning',
              item: metric.name,
              path: `metrics[${i}]`,
              message:
                `no alert, recording rule or dashboard reads ${code(metric.name)}, yet every target pays for its series: ` +
                'chart or alert on it, drop it from the catalog, or exclude this finding with the reason it is collected.',
            }),
          ],
    );
  },
};

export const metricRules: LintRule[] = [metricUnknown, metricDropped, metricJob, metricUnused];
