// PromQL analysis on Prometheus's own grammar (@prometheus-io/lezer-promql). Every expression is parsed
// once while it is in use (a bounded cache) and the result shared by lint rules and renderers.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode, Tree } from '@lezer/common';
import { boundedCache } from '../../support/bounded-cache.js';
import { unquoteGo } from '../go-string.js';

export interface Span {
  from: number;
  to: number;
}

export interface SyntaxProblem extends Span {
  message: string;
}

export interface LabelMatcher extends Span {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  /** The unquoted value. */
  value: string;
}

export interface RangeWindow extends Span {
  /** The window as written, e.g. "5m". */
  text: string;
}

export interface Selector extends Span {
  /** The vector selector alone, without a matrix range. */
  vector: Span;
  /** Metric name, or undefined for selectors like {__name__=~"…"}. */
  metric: string | undefined;
  matchers: LabelMatcher[];
  /** Where the `{…}` block is, if written. */
  braces: Span | undefined;
  /** The range of a matrix selector (`x[5m]`). */
  range: RangeWindow | undefined;
  /** Name of the innermost function this selector is an argument of (e.g. "rate"). */
  func: string | undefined;
  /** The VectorSelector node, for analyses of what surrounds the selector. */
  node: SyntaxNode;
}

export interface Aggregation extends Span {
  op: string;
  /** Where the operator is written. */
  opRange: Span | undefined;
  modifier: 'by' | 'without' | undefined;
  labels: string[];
  /** Where the grouping label list is, e.g. "(instance)". */
  grouping: Span | undefined;
}

export interface FunctionCall extends Span {
  /** The function's name, e.g. "rate". */
  name: string;
  /** Where the name is written. */
  identifier: Span;
  /** The FunctionCall node, for its arguments. */
  node: SyntaxNode;
}

export interface ParsedPromQL {
  expr: string;
  tree: Tree;
  problems: SyntaxProblem[];
  selectors: Selector[];
  aggregations: Aggregation[];
  /** Every function call, in the order they are written (an outer call before the calls in its arguments). */
  calls: FunctionCall[];
  /**
   * Number and duration literals and the duration expressions of ranges and offsets (the nodes Prometheus's own
   * parser reads differently from lezer's), in the order they are written, an expression before its parts.
   */
  literals: SyntaxNode[];
  /** Top-level node is a comparison (e.g. `x > 1`), directly or through and/or/unless. */
  hasComparison: boolean;
}

// Lint parses every expression of an integration, and the dashboard renderers parse its panel queries again right
// after, so the cache need only span one integration. A larger one costs more than it saves: parses kept across
// several integrations outlive two young-generation collections, and promoting them makes garbage collection a
// large part of linting a big catalog (npm run bench measures it).
const cachedAnalyse = boundedCache(128, analyse);

export function parsePromQL(expr: string): ParsedPromQL {
  return cachedAnalyse(expr);
}

/**
 * Whether `text` is one vector selector and nothing else (`metric{label="value", …}`), as promtool reads an alert
 * test's input series. Only the answer is kept, not the tree: these strings are never rendered, and an alert's
 * firing and quiet cases usually share their series.
 */
export const isVectorSelector = boundedCache(64, (text: string): boolean => {
  const tree = parser.parse(text);
  if (tree.topNode.firstChild?.name !== 'VectorSelector') return false;
  let valid = true;
  tree.iterate({
    enter(node) {
      if (node.type.isError) valid = false;
      return valid; // nothing more to look at after the first error
    },
  });
  return valid;
});

const literalNodes = new Set(['NumberDurationLiteral', 'NumberDurationLiteralInDurationContext', 'DurationExpr', 'OffsetDurationExpr']);
const comparisonOps = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const setOps = new Set(['And', 'Or', 'Unless']);

function analyse(expr: string): ParsedPromQL {
  const tree = parser.parse(expr);
  const text = (n: Span) => expr.slice(n.from, n.to);
  const problems: SyntaxProblem[] = [];
  const selectors: Selector[] = [];
  const aggregations: Aggregation[] = [];
  const calls: FunctionCall[] = [];
  const literals: SyntaxNode[] = [];
  // Names of the function calls around the node being visited, innermost last.
  const functions: (string | undefined)[] = [];

  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        const at = Math.min(ref.from, expr.length);
        const found = expr.slice(at, Math.max(ref.to, at + 1));
        problems.push({
          from: at,
          to: Math.max(ref.to, Math.min(at + 1, expr.length)),
          message: at >= expr.length ? 'unexpected end of expression' : `unexpected ${JSON.stringify(found)}`,
        });
        return false;
      }
      if (literalNodes.has(ref.name)) literals.push(ref.node);
      switch (ref.name) {
        case 'AggregateExpr':
          aggregations.push(aggregationOf(ref.node, text));
          break;
        case 'FunctionCall': {
          const node = ref.node;
          const id = node.getChild('FunctionIdentifier');
          const name = id ? text(id) : undefined;
          functions.push(name);
          if (id && name !== undefined) calls.push({ from: node.from, to: node.to, name, identifier: { from: id.from, to: id.to }, node });
          break;
        }
        case 'VectorSelector':
          selectors.push(
            selectorOf(
              ref.node,
              text,
              functions.findLast((name) => name !== undefined),
            ),
          );
          break;
      }
      return undefined;
    },
    leave(ref) {
      if (ref.name === 'FunctionCall') functions.pop();
    },
  });
  if (expr.trim() === '') problems.push({ from: 0, to: expr.length, message: 'empty expression' });

  return { expr, tree, problems, selectors, aggregations, calls, literals, hasComparison: isComparison(tree.topNode.firstChild) };
}

function isComparison(node: SyntaxNode | null): boolean {
  while (node?.name === 'ParenExpr') node = node.firstChild;
  if (node?.name !== 'BinaryExpr') return false;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (comparisonOps.has(child.name)) return true;
    if (setOps.has(child.name)) return isComparison(node.firstChild);
  }
  return false;
}

function aggregationOf(node: SyntaxNode, text: (n: Span) => string): Aggregation {
  const op = node.getChild('AggregateOp');
  const modifier = node.getChild('AggregateModifier');
  const grouping = modifier?.getChild('GroupingLabels') ?? null;
  const labels = grouping ? grouping.getChildren('LabelName').map(text) : [];
  const kind = modifier?.firstChild?.name;
  return {
    from: node.from,
    to: node.to,
    op: op ? text(op) : '',
    opRange: op ? { from: op.from, to: op.to } : undefined,
    modifier: kind === 'By' ? 'by' : kind === 'Without' ? 'without' : undefined,
    labels,
    grouping: grouping ? { from: grouping.from, to: grouping.to } : undefined,
  };
}

function selectorOf(node: SyntaxNode, text: (n: Span) => string, func: string | undefined): Selector {
  let identifier: SyntaxNode | null = null;
  let braces: SyntaxNode | null = null;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'Identifier') identifier ??= child;
    else if (child.name === 'LabelMatchers') braces ??= child;
  }
  const matchers: LabelMatcher[] = [];
  for (let m = braces?.firstChild ?? null; m; m = m.nextSibling) {
    const matcher = labelMatcherOf(m, text);
    if (matcher) matchers.push(matcher);
  }
  const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=');
  const matrix = node.parent?.name === 'MatrixSelector' ? node.parent : null;
  const window = matrix?.getChild('DurationExpr') ?? null;
  return {
    from: node.from,
    to: (matrix ?? node).to,
    vector: { from: node.from, to: node.to },
    metric: identifier ? text(identifier) : nameMatcher?.value,
    matchers,
    braces: braces ? { from: braces.from, to: braces.to } : undefined,
    range: window ? { from: window.from, to: window.to, text: text(window) } : undefined,
    func,
    node,
  };
}

/** `label="value"` or `"label"="value"`; undefined for what is not a complete matcher (`{"metric"}`, errors). */
function labelMatcherOf(node: SyntaxNode, text: (n: Span) => string): LabelMatcher | undefined {
  let label: SyntaxNode | null = null;
  let op: SyntaxNode | null = null;
  let value: SyntaxNode | null = null;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'LabelName' || child.name === 'QuotedLabelName') label ??= child;
    else if (child.name === 'MatchOp') op ??= child;
    else if (child.name === 'StringLiteral') value ??= child;
  }
  if (!label || !op || !value) return undefined;
  return {
    from: node.from,
    to: node.to,
    label: label.name === 'QuotedLabelName' ? unquote(text(label)) : text(label),
    op: text(op) as LabelMatcher['op'],
    value: unquote(text(value)),
  };
}

/**
 * PromQL string literals are Go's: double, single or back quotes, Go escapes in the first two. A literal Go
 * rejects is reported by validation (validate/); here it keeps its text, so the analyses still see a value.
 */
function unquote(literal: string): string {
  const unquoted = unquoteGo(literal);
  return unquoted.ok ? unquoted.value : literal.slice(1, -1);
}

/** Line and column (1-based) of an offset, for messages. */
export function position(expr: string, offset: number): { line: number; column: number } {
  const before = expr.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
