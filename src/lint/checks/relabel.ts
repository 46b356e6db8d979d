// Relabel rules: the pipelines generated from each job (target relabeling in both flavours, and the metric
// keep-list) must load: Prometheus and the agent compile every regex with Go's regexp, anchored at both ends.
import { goRegexpError } from '../../analysis/go-regexp.js';
import { metricRelabelConfigs, relabelConfigs, type RelabelConfig, type ScrapeFlavour } from '../../analysis/relabel/engine.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { ScrapeJob } from '../../model/index.js';
import { code, type LintContext, type LintRule } from '../context.js';

const flavours: ScrapeFlavour[] = ['sysdig-agent', 'prometheus'];

/** What one job generates: its target relabeling in both flavours, and its metric keep-list. */
export interface JobPipelines {
  targets: { name: string; configs: RelabelConfig[] }[];
  metric: RelabelConfig[];
}

/** Each job's pipelines, generated once: relabel/regex checks them all, and metric/dropped runs the keep-lists. */
export function jobPipelines(ctx: LintContext): Map<ScrapeJob, JobPipelines> {
  return new Map(
    ctx.integration.jobs.map((job) => [
      job,
      {
        targets: flavours.map((flavour) => ({ name: `${flavour} relabel_configs`, configs: relabelConfigs(job, flavour) })),
        metric: metricRelabelConfigs(job, ctx.integration.metrics),
      },
    ]),
  );
}

const relabelRegex: LintRule = {
  id: 'relabel/regex',
  check: (ctx) =>
    ctx.integration.jobs.flatMap((job, j) => {
      const { targets, metric } = ctx.derived(jobPipelines).get(job)!;
      const pipelines = [...targets, { name: 'metric_relabel_configs', configs: metric }];
      const reported = new Set<string>();
      return pipelines.flatMap(({ name, configs }) =>
        configs.flatMap((config, step): Diagnostic[] => {
          if (config.regex === undefined || reported.has(config.regex)) return [];
          const error = goRegexpError(config.regex);
          if (error === undefined) return [];
          reported.add(config.regex);
          return [
            ctx.finding({
              rule: 'relabel/regex',
              severity: 'error',
              item: job.id,
              path: `jobs[${j}]`,
              message:
                `step ${step + 1} (${config.action ?? 'replace'} on ${(config.source_labels ?? []).join(', ') || 'no labels'}) ` +
                `of the ${name} has regex ${code(config.regex)}, which RE2 rejects (${error}): ` +
                'fix the job field it is built from (containers, integrationType or metric names).',
            }),
          ];
        }),
      );
    }),
};

const emptyKeepList: LintRule = {
  id: 'relabel/empty-keep-list',
  check: (ctx) =>
    ctx.integration.jobs.flatMap((job, j): Diagnostic[] =>
      job.keepMetrics === 'catalog' && !ctx.integration.metrics.some((metric) => metric.job === job.id)
        ? [
            ctx.finding({
              rule: 'relabel/empty-keep-list',
              severity: 'error',
              item: job.id,
              path: `jobs[${j}].keepMetrics`,
              message:
                `job ${code(job.id)} keeps only its catalog metrics, and no catalog metric names it: its keep-list would drop every series. ` +
                `Give the metrics it collects \`job: '${job.id}'\`, or set keepMetrics: 'all'.`,
            }),
          ]
        : [],
    ),
};

export const relabelRules: LintRule[] = [relabelRegex, emptyKeepList];
