// Which labels the series an expression returns can carry, following Prometheus's evaluation rules for
// aggregations, functions and vector matching. Used to catch templates (alert annotations, legends) that
// reference a label the expression has already aggregated away. When unsure it answers "any label", so a
// finding always means the label is certainly gone.
import type { SyntaxNode } from '@lezer/common';
import type { ParsedPromQL } from '../analysis/promql/parse.js';

export type LabelSet =
  /** Whatever labels the input series have, except these. */
  | { kind: 'all'; except: ReadonlySet<string> }
  /** Exactly these labels at most. */
  | { kind: 'only'; labels: ReadonlySet<string> }
  /** A scalar or string: no labels, and it takes the other side's labels in a binary operation. */
  | { kind: 'scalar' };

const anyLabel: LabelSet = { kind: 'all', except: new Set() };
const scalar: LabelSet = { kind: 'scalar' };
const only = (labels: Iterable<string>): LabelSet => ({ kind: 'only', labels: new Set(labels) });

export function canCarry(set: LabelSet, label: string): boolean {
  if (set.kind === 'all') return !set.except.has(label);
  return set.kind === 'only' && set.labels.has(label);
}

export function describeLabelSet(set: LabelSet): string {
  if (set.kind === 'scalar') return 'returns a scalar, without labels';
  if (set.kind === 'only') return set.labels.size ? `keeps only ${[...set.labels].sort().join(', ')}` : 'keeps no labels';
  return `drops ${[...set.except].sort().join(', ')}`;
}

export function outputLabels(parsed: ParsedPromQL): LabelSet {
  const top = parsed.tree.topNode.firstChild;
  return top ? labelsOf(top, (n) => parsed.expr.slice(n.from, n.to)) : anyLabel;
}

/** The labels the series of one sub-expression of `parsed` can carry, e.g. histogram_quantile's input. */
export function nodeLabels(parsed: ParsedPromQL, node: SyntaxNode): LabelSet {
  return labelsOf(node, (n) => parsed.expr.slice(n.from, n.to));
}

/**
 * Whether `label` is gone because histogram_quantile consumed it: `le`, in an expression that computes a quantile
 * from buckets. Keeping `le` in an aggregation cannot bring it back then (histogram_quantile needs it kept, and
 * drops it itself), so the advice differs from a label an aggregation dropped.
 */
export function consumedByHistogramQuantile(parsed: ParsedPromQL, label: string): boolean {
  return label === 'le' && parsed.calls.some((call) => call.name === 'histogram_quantile');
}

/** Why `le` is gone from a quantile, said once for every template that references it. */
export const histogramQuantileConsumesLe =
  '`histogram_quantile` consumes `le`: it reads every bucket bound (so the aggregation must keep `le`) and returns one ' +
  'quantile per remaining label set, without `le`';

type Text = (node: SyntaxNode) => string;

/** Child expressions (skipping operators, keywords and punctuation). */
function operands(node: SyntaxNode | null): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let child = node?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.type.is('Expr')) result.push(child);
  }
  return result;
}

function without(set: LabelSet, labels: Iterable<string>): LabelSet {
  if (set.kind === 'scalar') return set;
  const removed = new Set(labels);
  if (set.kind === 'only') return only([...set.labels].filter((l) => !removed.has(l)));
  return { kind: 'all', except: new Set([...set.except, ...removed]) };
}

function plus(set: LabelSet, labels: Iterable<string>): LabelSet {
  const added = [...labels];
  if (set.kind === 'scalar') return only(added);
  if (set.kind === 'only') return only([...set.labels, ...added]);
  return { kind: 'all', except: new Set([...set.except].filter((l) => !added.includes(l))) };
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.kind === 'scalar') return b;
  if (b.kind === 'scalar') return a;
  if (a.kind === 'only' && b.kind === 'only') return only([...a.labels, ...b.labels]);
  if (a.kind === 'all' && b.kind === 'all') return { kind: 'all', except: new Set([...a.except].filter((l) => b.except.has(l))) };
  const [all, some] = a.kind === 'all' ? [a, b as Extract<LabelSet, { kind: 'only' }>] : [b as Extract<LabelSet, { kind: 'all' }>, a];
  return { kind: 'all', except: new Set([...all.except].filter((l) => !some.labels.has(l))) };
}

function intersect(set: LabelSet, labels: string[]): LabelSet {
  if (set.kind === 'scalar') return set;
  return only(labels.filter((l) => canCarry(set, l)));
}

const unquote = (literal: string) => literal.slice(1, -1);
const groupingLabels = (node: SyntaxNode | null, text: Text) =>
  (node?.getChildren('LabelName') ?? []).map(text).concat((node?.getChildren('QuotedLabelName') ?? []).map((n) => unquote(text(n))));

/** Aggregations that select whole series rather than combining them: labels pass through. */
const selectingAggregations = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const scalarFunctions = new Set(['scalar', 'time', 'pi']);

function labelsOf(node: SyntaxNode, text: Text): LabelSet {
  switch (node.name) {
    case 'VectorSelector':
      return anyLabel;
    case 'NumberDurationLiteral':
    case 'StringLiteral':
      return scalar;
    case 'AggregateExpr':
      return aggregationLabels(node, text);
    case 'FunctionCall':
      return functionLabels(node, text);
    case 'BinaryExpr':
      return binaryLabels(node, text);
    default: {
      // Parentheses, offsets, @, subqueries, matrix selectors, unary minus: labels of the inner expression.
      const inner = operands(node)[0];
      return inner ? labelsOf(inner, text) : anyLabel;
    }
  }
}

function aggregationLabels(node: SyntaxNode, text: Text): LabelSet {
  const op = text(node.getChild('AggregateOp') ?? node).toLowerCase();
  const modifier = node.getChild('AggregateModifier');
  const kind = modifier?.firstChild?.name;
  const grouping = groupingLabels(modifier?.getChild('GroupingLabels') ?? null, text);
  const args = operands(node.getChild('FunctionCallBody'));
  const inner = args.at(-1);
  const innerLabels = inner ? labelsOf(inner, text) : anyLabel;
  if (selectingAggregations.has(op)) return innerLabels;
  const grouped = kind === 'By' ? only(grouping) : kind === 'Without' ? without(innerLabels, grouping) : only([]);
  if (op === 'count_values') {
    const target = args[0];
    return target?.name === 'StringLiteral' ? plus(grouped, [unquote(text(target))]) : grouped;
  }
  return grouped;
}

function functionLabels(node: SyntaxNode, text: Text): LabelSet {
  const name = text(node.getChild('FunctionIdentifier') ?? node);
  const args = operands(node.getChild('FunctionCallBody'));
  switch (name) {
    case 'vector':
      return only([]);
    case 'absent':
    case 'absent_over_time':
      return absentLabels(args[0], text);
    case 'label_replace':
    case 'label_join': {
      const target = args[1];
      const base = args[0] ? labelsOf(args[0], text) : anyLabel;
      return target?.name === 'StringLiteral' ? plus(base, [unquote(text(target))]) : anyLabel;
    }
    case 'histogram_quantile': {
      const input = args[1];
      return input ? without(labelsOf(input, text), ['le']) : anyLabel;
    }
    case 'info':
      return anyLabel;
    default: {
      if (scalarFunctions.has(name)) return scalar;
      const vectors = args.map((a) => labelsOf(a, text)).filter((l) => l.kind !== 'scalar');
      return vectors[0] ?? (args.length ? scalar : anyLabel);
    }
  }
}

/**
 * absent() returns one series whose labels are the equality matchers of its argument, when that is a selector
 * (Prometheus's createLabelsForAbsentFunction): any other argument, `absent(up == 1)` or `absent((up))`, gives none,
 * and a label matched again after its equality matcher is left out.
 */
function absentLabels(arg: SyntaxNode | undefined, text: Text): LabelSet {
  const selector = arg?.name === 'MatrixSelector' ? operands(arg)[0] : arg;
  if (selector?.name !== 'VectorSelector') return only([]);
  const labels = new Set<string>();
  /** Labels an equality matcher has set: a later matcher on one removes it, for good. */
  const equal = new Set<string>();
  for (let m = selector.getChild('LabelMatchers')?.firstChild ?? null; m; m = m.nextSibling) {
    const name = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    if (!name) continue;
    const label = name.name === 'QuotedLabelName' ? unquote(text(name)) : text(name);
    if (label === '__name__') continue;
    if (m.getChild('MatchOp')?.firstChild?.name === 'EqlSingle' && !equal.has(label)) {
      labels.add(label);
      equal.add(label);
    } else labels.delete(label);
  }
  return only(labels);
}

function binaryLabels(node: SyntaxNode, text: Text): LabelSet {
  const [lhs, rhs] = operands(node);
  const left = lhs ? labelsOf(lhs, text) : anyLabel;
  const right = rhs ? labelsOf(rhs, text) : anyLabel;
  if (left.kind === 'scalar') return right;
  if (right.kind === 'scalar') return left;
  if (node.getChild('Or')) return union(left, right);
  // `and` and `unless` filter the left side's series, labels untouched.
  if (node.getChild('And') || node.getChild('Unless')) return left;

  const matching = node.getChild('MatchingModifierClause');
  if (!matching) return left;
  const [matchLabels, includeLabels] = matching.getChildren('GroupingLabels').map((g) => groupingLabels(g, text));
  const include = includeLabels ?? [];
  if (matching.getChild('GroupLeft')) return plus(left, include);
  if (matching.getChild('GroupRight')) return plus(right, include);
  return matching.getChild('On') ? intersect(left, matchLabels ?? []) : without(left, matchLabels ?? []);
}
