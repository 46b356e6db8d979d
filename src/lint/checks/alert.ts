// Alert rules: an alert must say when it fires, tell the operator what happened in words that are its own,
// reference only labels its expression keeps, and prove itself with promtool cases.
import type { SyntaxNode } from '@lezer/common';
import { isVectorSelector } from '../../analysis/promql/parse.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { code, type LintRule, type LocatedAlert } from '../context.js';
import { canCarry, consumedByHistogramQuantile, describeLabelSet, histogramQuantileConsumesLe, outputLabels } from '../labels.js';
import { alertTemplateParser, labelReferences } from './template.js';

const setOperators = new Set(['And', 'Or', 'Unless']);
const comparisonOperators = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
/** Functions that return a series only when their condition holds, like a comparison does. */
const filteringFunctions = new Set(['absent', 'absent_over_time']);

/** The comparison that decides which series fire: the top node, or the left side of and/or/unless. */
function decidingNode(top: SyntaxNode | null): SyntaxNode | null {
  let node = top;
  for (;;) {
    while (node?.name === 'ParenExpr') node = node.getChild('Expr');
    if (node?.name !== 'BinaryExpr') return node;
    let child = node.firstChild;
    while (child && !setOperators.has(child.name) && !comparisonOperators.has(child.name)) child = child.nextSibling;
    if (!child || !setOperators.has(child.name)) return node;
    node = node.firstChild;
  }
}

const alertComparison: LintRule = {
  id: 'alert/comparison',
  check: (ctx) =>
    ctx.expressions
      .filter((e) => e.owner === 'alert' && e.valid)
      .flatMap((e): Diagnostic[] => {
        const deciding = decidingNode(e.parsed.tree.topNode.firstChild);
        const bool = deciding?.name === 'BinaryExpr' ? deciding.getChild('BoolModifier') : null;
        if (bool) {
          return [
            ctx.finding({
              rule: 'alert/comparison',
              severity: 'error',
              item: e.item,
              path: e.path,
              range: { from: bool.from, to: bool.to },
              message: `${code('bool')} turns the comparison into 0 or 1 for every series, so the alert always fires: remove ${code('bool')}.`,
            }),
          ];
        }
        const functionId = deciding?.name === 'FunctionCall' ? deciding.getChild('FunctionIdentifier') : null;
        const filters = functionId !== null && filteringFunctions.has(e.parsed.expr.slice(functionId.from, functionId.to));
        if (e.parsed.hasComparison || filters) return [];
        // A warning, not an error: an expression can filter without a comparison (unless, a recording rule
        // that already compares), which lint cannot see; the author confirms it with an exclusion.
        return [
          ctx.finding({
            rule: 'alert/comparison',
            severity: 'warning',
            item: e.item,
            path: e.path,
            message:
              'the expression has no comparison, so the alert fires for every series it returns: add a threshold such as `> 0`, ' +
              'or exclude this finding with the reason the expression filters by itself.',
          }),
        ];
      }),
};

const alertAnnotations: LintRule = {
  id: 'alert/annotations',
  check: (ctx) =>
    ctx.alerts.flatMap(({ alert, item, path }) =>
      (['summary', 'description'] as const)
        .filter((field) => (alert[field] ?? '').trim() === '')
        .map((field) =>
          ctx.finding({
            rule: 'alert/annotations',
            severity: 'error',
            item,
            path: `${path}.${field}`,
            message: `the ${field} is empty: write what fired and where (e.g. on {{ $labels.instance }}), so the notification makes sense on its own.`,
          }),
        ),
    ),
};

const alertAggregatedLabel: LintRule = {
  id: 'alert/aggregated-label',
  check: (ctx) =>
    ctx.alerts.flatMap(({ alert, item, path, expression }) => {
      if (!expression.valid) return [];
      const parse = ctx.derived(alertTemplateParser);
      const references = (['summary', 'description'] as const).map((field) => ({
        field,
        refs: labelReferences(alert[field], parse(alert[field])),
      }));
      if (references.every(({ refs }) => refs.length === 0)) return [];
      const labels = outputLabels(expression.parsed);
      return references.flatMap(({ field, refs }) =>
        refs
          .filter((ref) => !canCarry(labels, ref.label))
          .map((ref) =>
            ctx.finding({
              rule: 'alert/aggregated-label',
              severity: 'error',
              item,
              path: `${path}.${field}`,
              range: { from: ref.from, to: ref.to },
              message:
                `${code(alert[field].slice(ref.from, ref.to))} is always empty: the expression ${describeLabelSet(labels)}. ` +
                (consumedByHistogramQuantile(expression.parsed, ref.label)
                  ? `${histogramQuantileConsumesLe}; stop referencing ${code('le')} (the quantile is {{ $value }}).`
                  : `Keep ${code(ref.label)} in the aggregation (by (…, ${ref.label})) or stop referencing it.`),
            }),
          ),
      );
    }),
};

const normalize = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

function duplicateRule(id: string, field: 'id' | 'title' | 'description', advice: string): LintRule {
  return {
    id,
    check: (ctx) => {
      const first = new Map<string, LocatedAlert>();
      return ctx.alerts.flatMap((located): Diagnostic[] => {
        const key = normalize(located.alert[field]);
        const earlier = first.get(key);
        if (!earlier) {
          first.set(key, located);
          return [];
        }
        return [
          ctx.finding({
            rule: id,
            severity: 'error',
            item: located.item,
            path: `${located.path}.${field}`,
            message: `same ${field} as ${code(earlier.item)} (${earlier.path}.${field}): ${advice}`,
          }),
        ];
      });
    },
  };
}

const alertTests: LintRule = {
  id: 'alert/tests',
  check: (ctx) =>
    ctx.alerts.flatMap(({ alert, item, path }) => {
      const tests = alert.tests ?? [];
      const finding = (at: string, message: string) => ctx.finding({ rule: 'alert/tests', severity: 'error', item, path: at, message });
      const missing = [
        ...(tests.some((t) => t.alerts.length > 0) ? [] : ['one where it fires (expected alerts listed)']),
        ...(tests.some((t) => t.alerts.length === 0) ? [] : ['one where it stays quiet (alerts: [])']),
      ];
      const findings = missing.length
        ? [finding(`${path}.tests`, `add promtool cases for ${missing.join(' and ')}, so the expression is proven both ways.`)]
        : [];
      for (const [t, test] of tests.entries()) {
        for (const [s, input] of test.series.entries()) {
          if (!isVectorSelector(input.series)) {
            const message = `${code(input.series)} is not a series selector: write it as metric{label="value", …} (promtool reads it that way).`;
            findings.push(finding(`${path}.tests[${t}].series[${s}].series`, message));
          }
        }
      }
      return findings;
    }),
};

export const alertRules: LintRule[] = [
  alertComparison,
  alertAnnotations,
  alertAggregatedLabel,
  duplicateRule('alert/duplicate-id', 'id', 'alert ids name Prometheus alerts and must be unique; rename one.'),
  duplicateRule('alert/duplicate-title', 'title', 'give each alert a title that says what it detects.'),
  duplicateRule(
    'alert/duplicate-description',
    'description',
    'a copied description tells the operator about the wrong problem; describe what this alert detects.',
  ),
  alertTests,
];
