// Dashboard rules: panels must be addressable (their ids name them in exclusions, layouts and links), and a
// legend must name labels the query still returns.
import type { Diagnostic } from '../../core/diagnostics.js';
import { queriesOf } from '../../model/index.js';
import { code, type LintRule } from '../context.js';
import { canCarry, consumedByHistogramQuantile, describeLabelSet, histogramQuantileConsumesLe, outputLabels } from '../labels.js';

const duplicatePanelId: LintRule = {
  id: 'dashboard/duplicate-panel-id',
  check: (ctx) => {
    const first = new Map<string, string>();
    return ctx.panels.flatMap(({ item, path }): Diagnostic[] => {
      const earlier = first.get(item);
      if (earlier === undefined) {
        first.set(item, path);
        return [];
      }
      return [
        ctx.finding({
          rule: 'dashboard/duplicate-panel-id',
          severity: 'error',
          item,
          path: `${path}.id`,
          message: `panel id already used by ${earlier}: panel ids must be unique within a dashboard (they key the layout and exclusions); rename one.`,
        }),
      ];
    });
  },
};

/** Grafana legend references: `{{instance}}`, `{{ instance }}`. */
const legendReference = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Every reference in a legend; one regex run over it, where matchAll would copy the regex for each legend. */
function legendReferences(legend: string): RegExpExecArray[] {
  const references: RegExpExecArray[] = [];
  legendReference.lastIndex = 0;
  for (let match = legendReference.exec(legend); match; match = legendReference.exec(legend)) references.push(match);
  return references;
}

const legendLabel: LintRule = {
  id: 'dashboard/legend-label',
  check: (ctx) =>
    ctx.panels.flatMap(({ panel, item, path, expressions }) =>
      queriesOf(panel).flatMap((query, q) => {
        const expression = expressions[q];
        if (!query.legend || !expression?.valid) return [];
        const references = legendReferences(query.legend);
        if (references.length === 0) return [];
        const labels = outputLabels(expression.parsed);
        return references
          .filter((match) => !canCarry(labels, match[1]!))
          .map((match) =>
            ctx.finding({
              rule: 'dashboard/legend-label',
              severity: 'error',
              item,
              path: `${path}.queries[${q}].legend`,
              range: { from: match.index, to: match.index + match[0].length },
              message:
                `legend ${code(match[0])} is always empty: the query ${describeLabelSet(labels)}. ` +
                (consumedByHistogramQuantile(expression.parsed, match[1]!)
                  ? `${histogramQuantileConsumesLe}; change the legend.`
                  : `Keep ${code(match[1]!)} in the aggregation or change the legend.`),
            }),
          );
      }),
    ),
};

/** A single-value panel shows one number: Sysdig's number panel holds exactly one query, and Grafana's stat
 * panel would show several values side by side with no legend to tell them apart. */
const statSingleQuery: LintRule = {
  id: 'dashboard/stat-single-query',
  check: (ctx) =>
    ctx.panels.flatMap(({ panel, item, path }) =>
      panel.type === 'stat' && panel.queries.length > 1
        ? [
            ctx.finding({
              rule: 'dashboard/stat-single-query',
              severity: 'error',
              item,
              path: `${path}.queries`,
              message: `a stat panel shows one value but has ${panel.queries.length} queries: split it into one stat panel per query, or make it a timeseries or table panel.`,
            }),
          ]
        : [],
    ),
};

export const dashboardRules: LintRule[] = [duplicatePanelId, legendLabel, statSingleQuery];
