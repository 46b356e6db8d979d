// Relabel rules: the pipelines generated from each job (target relabeling in both flavours, and the metric
// keep-list) must load: Prometheus and the agent compile every regex with Go's regexp, anchored at both ends.
import { goRegexpError } from '../../analysis/go-regexp.js';
import { metricRelabelConfigs, relabelConfigs, type RelabelConfig, type ScrapeFlavour } from '../../analysis/relabel/engine.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { code, type LintRule } from '../context.js';

const flavours: ScrapeFlavour[] = ['sysdig-agent', 'prometheus'];

const relabelRegex: LintRule = {
  id: 'relabel/regex',
  check: (ctx) =>
    ctx.integration.jobs.flatMap((job, j) => {
      const pipelines: { name: string; configs: RelabelConfig[] }[] = [
        ...flavours.map((flavour) => ({ name: `${flavour} relabel_configs`, configs: relabelConfigs(job, flavour) })),
        { name: 'metric_relabel_configs', configs: metricRelabelConfigs(job, ctx.integration.metrics) },
      ];
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

export const relabelRules: LintRule[] = [relabelRegex];
