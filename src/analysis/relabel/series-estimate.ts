// How many time series one scraped target yields, from the catalog: what each metric exposes, run through
// the job's real metric keep pipeline, so the estimate cannot drift from what the agent actually keeps.
import { histogramKind, type Metric, type ScrapeJob } from '../../model/index.js';
import { metricRelabelConfigs } from './engine.js';
import { relabel } from './simulate.js';

/** One metric name a metric exposes on the wire, and how many series carry it on one target. */
export interface ExposedFamily {
  name: string;
  series: number;
}

/**
 * For a catalog job: `exposedPerTarget` series of its catalog metrics on one target, of which the keep-list
 * keeps `seriesPerTarget`. A job keeping everything the target exposes is not bounded by the catalog.
 */
export type JobSeriesEstimate =
  | { job: string; keepMetrics: 'catalog'; metrics: number; exposedPerTarget: number; seriesPerTarget: number }
  | { job: string; keepMetrics: 'all'; seriesPerTarget: 'unbounded' };

/**
 * The names a metric exposes for one combination of label values, with their series counts: counters and
 * gauges one series; summaries one per quantile plus `_sum` and `_count`; classic histograms one `_bucket` per bound
 * plus +Inf, plus `_sum` and `_count`; native histograms one series, which holds all their buckets.
 */
function familiesPerLabelSet(metric: Metric): ExposedFamily[] {
  switch (metric.type) {
    case 'counter':
    case 'gauge':
      return [{ name: metric.name, series: 1 }];
    case 'summary':
      return [
        ...(metric.quantiles?.length ? [{ name: metric.name, series: metric.quantiles.length }] : []),
        { name: `${metric.name}_sum`, series: 1 },
        { name: `${metric.name}_count`, series: 1 },
      ];
    case 'histogram':
      if (histogramKind(metric) === 'native') return [{ name: metric.name, series: 1 }];
      return [
        { name: `${metric.name}_bucket`, series: (metric.buckets?.length ?? 0) + 1 },
        { name: `${metric.name}_sum`, series: 1 },
        { name: `${metric.name}_count`, series: 1 },
      ];
  }
}

/** What a metric exposes on one target: each family times the product of its labels' cardinalities. */
export function exposedFamilies(metric: Metric): ExposedFamily[] {
  const labelCombinations = (metric.labels ?? []).reduce((product, label) => product * label.cardinality, 1);
  return familiesPerLabelSet(metric).map((family) => ({ ...family, series: family.series * labelCombinations }));
}

function totalSeries(families: ExposedFamily[]): number {
  return families.reduce((total, family) => total + family.series, 0);
}

/** Series one target of `job` yields after its metric keep pipeline; unbounded when the job keeps everything. */
export function estimateJobSeries(job: ScrapeJob, catalog: Metric[]): JobSeriesEstimate {
  if (job.keepMetrics === 'all') return { job: job.id, keepMetrics: 'all', seriesPerTarget: 'unbounded' };
  const pipeline = metricRelabelConfigs(job, catalog);
  const jobMetrics = catalog.filter((metric) => metric.job === job.id);
  const exposed = jobMetrics.flatMap(exposedFamilies);
  const kept = exposed.filter((family) => relabel({ __name__: family.name }, pipeline) !== undefined);
  return {
    job: job.id,
    keepMetrics: 'catalog',
    metrics: jobMetrics.length,
    exposedPerTarget: totalSeries(exposed),
    seriesPerTarget: totalSeries(kept),
  };
}

type ScrapedIntegration = { jobs: ScrapeJob[]; metrics: Metric[] };

/** Each integration's estimate (models are never changed once made). */
const estimates = new WeakMap<ScrapedIntegration, readonly JobSeriesEstimate[]>();

/**
 * The estimate for every scrape job of an integration, in the order the jobs are declared. Made once per
 * integration (it runs every exposed series through the keep pipeline): the docs page and the catalog index
 * both show it.
 */
export function estimateSeries(integration: ScrapedIntegration): readonly JobSeriesEstimate[] {
  let estimate = estimates.get(integration);
  if (!estimate) {
    estimate = integration.jobs.map((job) => estimateJobSeries(job, integration.metrics));
    estimates.set(integration, estimate);
  }
  return estimate;
}
