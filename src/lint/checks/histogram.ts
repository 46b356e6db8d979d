// Histogram rules: `histogram_quantile` answers only when it is given a histogram's buckets with their bounds
// (`le`, or a native histogram's own buckets) and a φ between 0 and 1, and a bucket matcher reads only a bound
// the histogram has. Each mistake loads fine in Prometheus and returns nothing, or ±Inf, without an error.
import type { SyntaxNode } from '@lezer/common';
import { histogramKind, type Metric } from '../../model/index.js';
import type { Selector, Span } from '../../analysis/promql/parse.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { code, type CatalogSeries, type Expression, type LintContext, type LintRule } from '../context.js';
import { canCarry, nodeLabels } from '../labels.js';

const leAggregatedRule = 'histogram/le-aggregated';
const quantileInputRule = 'histogram/quantile-input';
const phiRule = 'histogram/phi';
const bucketBoundRule = 'histogram/bucket-bound';

/** The query that computes quantile `phi` of a histogram, as the kit writes it: what a hint points to. */
export function histogramQuantileQuery(metric: Metric, phi: string): string {
  return histogramKind(metric) === 'native'
    ? `histogram_quantile(${phi}, sum(rate(${metric.name}[5m])))`
    : `histogram_quantile(${phi}, sum by (le) (rate(${metric.name}_bucket[5m])))`;
}

/** A histogram_quantile call: its φ and the expression whose buckets it reads. */
interface QuantileCall {
  e: Expression;
  phi: SyntaxNode | undefined;
  input: SyntaxNode;
}

const operands = (node: SyntaxNode | null): SyntaxNode[] => {
  const result: SyntaxNode[] = [];
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) if (child.type.is('Expr')) result.push(child);
  return result;
};

const textOf = (e: Expression, node: Span) => e.parsed.expr.slice(node.from, node.to);
const at = (span: Span) => ({ from: span.from, to: span.to });

/** Every histogram_quantile call of the valid expressions: three rules read them, so the context keeps them (`derived`). */
function quantileCalls(ctx: LintContext): QuantileCall[] {
  return ctx.expressions
    .filter((e) => e.valid)
    .flatMap((e) =>
      e.parsed.calls.flatMap((call): QuantileCall[] => {
        if (call.name !== 'histogram_quantile') return [];
        const [phi, input] = operands(call.node.getChild('FunctionCallBody'));
        return input ? [{ e, phi, input }] : [];
      }),
    );
}

/**
 * The selectors whose samples become histogram_quantile's input: not those that only filter it (the right side
 * of `and`/`unless`) or turn into a number (`scalar(…)`).
 */
function feedingSelectors(call: QuantileCall): Selector[] {
  const nodes: SyntaxNode[] = [];
  const visit = (node: SyntaxNode) => {
    if (node.name === 'VectorSelector') nodes.push(node);
    else if (node.name === 'BinaryExpr' && (node.getChild('And') || node.getChild('Unless'))) {
      const left = operands(node)[0];
      if (left) visit(left);
    } else if (node.name === 'FunctionCall' && textOf(call.e, node.getChild('FunctionIdentifier') ?? node) === 'scalar') return;
    else for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
  };
  visit(call.input);
  return call.e.parsed.selectors.filter((s) => nodes.some((n) => n.from === s.node.from && n.to === s.node.to));
}

type Input = { selector: Selector; series: CatalogSeries; kind: 'buckets' | 'native' | 'other' };

function inputsOf(ctx: LintContext, call: QuantileCall): Input[] {
  return feedingSelectors(call).flatMap((selector): Input[] => {
    const series = selector.metric === undefined ? undefined : ctx.catalogSeries.get(selector.metric);
    if (!series) return []; // metric/unknown's, or a recorded series lint cannot see into
    const kind = histogramKind(series.metric);
    if (kind === 'classic' && series.name === `${series.metric.name}_bucket`) return [{ selector, series, kind: 'buckets' }];
    if (kind === 'native') return [{ selector, series, kind: 'native' }];
    return [{ selector, series, kind: 'other' }];
  });
}

/**
 * The aggregation inside `input` that drops `le` itself (its input still has it), if one does. Of a binary
 * operation only the side whose labels the result keeps is searched (the left, the right under group_right).
 */
function leDroppingAggregation(call: QuantileCall): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  const visit = (node: SyntaxNode) => {
    const [left, right] = operands(node);
    if (node.name === 'BinaryExpr' && !node.getChild('Or')) {
      const kept = node.getChild('MatchingModifierClause')?.getChild('GroupRight') ? right : left;
      if (kept) visit(kept);
      return;
    }
    for (let child = node.firstChild; child && !found; child = child.nextSibling) visit(child);
    if (found || node.name !== 'AggregateExpr') return;
    const inner = operands(node.getChild('FunctionCallBody')).at(-1);
    const dropsLe = !canCarry(nodeLabels(call.e.parsed, node), 'le');
    if (dropsLe && inner && canCarry(nodeLabels(call.e.parsed, inner), 'le')) found = node;
  };
  visit(call.input);
  return found;
}

/** Where an aggregation's grouping is written, and how to make it keep `le`. */
function keepLeAdvice(call: QuantileCall, aggregation: SyntaxNode): { range: Span; written: string; hint: string } {
  const op = aggregation.getChild('AggregateOp') ?? aggregation;
  const modifier = aggregation.getChild('AggregateModifier');
  const grouping = modifier?.getChild('GroupingLabels');
  const labels = grouping
    ? textOf(call.e, grouping)
        .replace(/^\(|\)$/g, '')
        .trim()
    : '';
  const opText = textOf(call.e, op);
  if (!modifier) return { range: op, written: opText, hint: `aggregate by ${code('le')}: ${code(`${opText} by (le) (…)`)}` };
  const written = `${opText} ${textOf(call.e, modifier)}`;
  if (modifier.firstChild?.name === 'Without') {
    const rest = labels
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== 'le' && l !== '');
    return {
      range: modifier,
      written,
      hint: `remove ${code('le')} from the ${code('without')}: ${code(`${opText} without (${rest.join(', ')}) (…)`)}`,
    };
  }
  const by = labels ? `${labels}, le` : 'le';
  return { range: modifier, written, hint: `add ${code('le')} to the ${code('by')}: ${code(`${opText} by (${by}) (…)`)}` };
}

const leAggregated: LintRule = {
  id: leAggregatedRule,
  check: (ctx) =>
    ctx.derived(quantileCalls).flatMap((call): Diagnostic[] => {
      // Only classic buckets carry their bound in `le`; a native histogram holds its buckets in each sample.
      const inputs = inputsOf(ctx, call);
      if (!inputs.some((i) => i.kind === 'buckets') || canCarry(nodeLabels(call.e.parsed, call.input), 'le')) return [];
      const aggregation = leDroppingAggregation(call);
      const advice = aggregation
        ? keepLeAdvice(call, aggregation)
        : { range: call.input, written: 'its input', hint: `keep ${code('le')} in every aggregation and vector match of the input` };
      return [
        ctx.finding({
          rule: leAggregatedRule,
          severity: 'error',
          item: call.e.item,
          path: call.e.path,
          range: at(advice.range),
          message:
            `${code('histogram_quantile')} reads each bucket's bound from its ${code('le')} label, but ${code(advice.written)} ` +
            `aggregates ${code('le')} away, so no bucket is left and the query returns no series (Prometheus only warns).`,
          hint: advice.hint,
        }),
      ];
    }),
};

function notBucketsAdvice(series: CatalogSeries): string {
  const { metric } = series;
  if (metric.type === 'histogram') {
    return `${code(series.name)} is not the histogram's buckets: use ${code(histogramQuantileQuery(metric, 'φ'))}`;
  }
  if (metric.type === 'summary') {
    return `${code(metric.name)} is a summary, whose quantiles are series of their own: read ${code(`${metric.name}{quantile="…"}`)}`;
  }
  return `${code(series.name)} is a ${metric.type}, not a histogram: histogram_quantile needs a classic histogram's ${code('_bucket')} series or a native histogram`;
}

const quantileInput: LintRule = {
  id: quantileInputRule,
  check: (ctx) =>
    ctx.derived(quantileCalls).flatMap((call) =>
      inputsOf(ctx, call)
        .filter((input) => input.kind === 'other')
        .map(({ selector, series }) =>
          ctx.finding({
            rule: quantileInputRule,
            severity: 'error',
            item: call.e.item,
            path: call.e.path,
            range: at(selector.vector),
            message:
              `${code('histogram_quantile')} over ${code(series.name)}, which has no buckets: it returns no series ` +
              '(a classic histogram is read from its `_bucket` series by `le`, a native one from its own name).',
            hint: notBucketsAdvice(series),
          }),
        ),
    ),
};

/** A number literal's value as Prometheus reads it (Inf and NaN included); undefined for anything else. */
function literalValue(call: QuantileCall, node: SyntaxNode): number | undefined {
  let sign = 1;
  let inner: SyntaxNode | null = node;
  for (;;) {
    if (inner?.name === 'ParenExpr') inner = operands(inner)[0] ?? null;
    else if (inner?.name === 'UnaryExpr') {
      if (textOf(call.e, inner.getChild('UnaryOp') ?? inner) === '-') sign = -sign;
      inner = operands(inner)[0] ?? null;
    } else break;
  }
  if (inner?.name !== 'NumberDurationLiteral') return undefined;
  const text = textOf(call.e, inner);
  if (/^[+-]?inf$/i.test(text)) return sign * (text.startsWith('-') ? -Infinity : Infinity);
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : sign * value;
}

const phi: LintRule = {
  id: phiRule,
  check: (ctx) =>
    ctx.derived(quantileCalls).flatMap((call): Diagnostic[] => {
      // A dashboard variable masked as a number is no literal; promql/syntax reports it.
      if (!call.phi || call.e.variables.some((v) => v.from < call.phi!.to && call.phi!.from < v.to)) return [];
      const value = literalValue(call, call.phi);
      if (value === undefined || (value >= 0 && value <= 1)) return [];
      const result = Number.isNaN(value) ? 'NaN' : value > 1 ? '+Inf' : '-Inf';
      const written = textOf(call.e, call.phi);
      return [
        ctx.finding({
          rule: phiRule,
          severity: 'error',
          item: call.e.item,
          path: call.e.path,
          range: at(call.phi),
          message: `φ = ${written} is outside [0, 1], so ${code('histogram_quantile')} returns ${result} for every series.`,
          hint:
            value > 1 && value <= 100
              ? `write the quantile as a fraction: ${code(String(value / 100))} for the ${written}th percentile`
              : 'write the quantile as a fraction between 0 and 1, e.g. 0.99',
        }),
      ];
    }),
};

/** A bound as Prometheus reads an `le` value: a float, `+Inf` included; undefined when it is not a number. */
function boundValue(text: string): number | undefined {
  if (/^\+?inf$/i.test(text)) return Infinity;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? undefined : value;
}

function bucketBoundProblem(series: CatalogSeries, value: string): { message: string; hint: string } | undefined {
  const { metric } = series;
  const matcher = code(`le="${value}"`);
  if (histogramKind(metric) === 'native') {
    return {
      message: `${matcher} matches no series: ${code(metric.name)} is a native histogram, whose buckets are inside its samples, without an ${code('le')} label.`,
      hint: `for the share of observations up to a bound use ${code(`histogram_fraction(0, ${value}, rate(${metric.name}[5m]))`)}`,
    };
  }
  if (series.name !== `${metric.name}_bucket`) {
    return {
      message: `${matcher} matches no series: only ${code(`${metric.name}_bucket`)} has an ${code('le')} label, not ${code(series.name)}.`,
      hint: `read the bucket from ${code(`${metric.name}_bucket{le="${value}"}`)}`,
    };
  }
  const bound = boundValue(value);
  const bounds: readonly number[] = metric.buckets ?? [];
  if (bound === Infinity || (bound !== undefined && bounds.includes(bound))) return undefined;
  return {
    message: `${matcher} matches no series: ${code(series.name)} has the buckets ${[...bounds].sort((a, b) => a - b).join(', ')} and +Inf.`,
    hint: 'use one of its bounds, or declare the bucket in the catalog if the exporter has it',
  };
}

const bucketBound: LintRule = {
  id: bucketBoundRule,
  check: (ctx) =>
    ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        e.parsed.selectors.flatMap((selector) => {
          const series = selector.metric === undefined ? undefined : ctx.catalogSeries.get(selector.metric);
          if (series?.metric.type !== 'histogram') return [];
          // `=` only: a regex reads the bounds as the exporter formats them, which the catalog does not say.
          return selector.matchers
            .filter((m) => m.label === 'le' && m.op === '=')
            .flatMap((m) => {
              const problem = bucketBoundProblem(series, m.value);
              return problem
                ? [ctx.finding({ rule: bucketBoundRule, severity: 'error', item: e.item, path: e.path, range: at(m), ...problem })]
                : [];
            });
        }),
      ),
};

export const histogramRules: LintRule[] = [leAggregated, quantileInput, phi, bucketBound];
