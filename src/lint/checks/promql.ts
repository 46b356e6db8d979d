// PromQL rules: what Prometheus would reject when loading the rules, and queries that load fine but answer
// the wrong question (rate of a gauge, a raw counter, a quantile nobody exposes, a window too short to hold
// two samples).
import type { SyntaxNode } from '@lezer/common';
import { RE2JS } from 're2js';
import { anchoredRegexSource, type PrometheusMajor } from '../../analysis/prometheus-regex.js';
import { durationProblem, durationSeconds } from '../../model/durations.js';
import { goRegexpError } from '../../analysis/go-regexp.js';
import type { Metric } from '../../model/index.js';
import { isRateWindow } from '../../analysis/promql/windows.js';
import { position, type ParsedPromQL, type Selector, type Span } from '../../analysis/promql/parse.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { boundedCache } from '../../support/bounded-cache.js';
import { histogramQuantileQuery } from './histogram.js';
import { code, durationMs, scrapeIntervalMs, type CatalogSeries, type Expression, type LintContext, type LintRule } from '../context.js';

/** What consumes a selector's samples: the nearest function or aggregation around it. */
interface Consumer {
  kind: 'function' | 'aggregation';
  name: string;
}

/** Nodes that pass a selector's samples on unchanged in kind (still the same series). */
const transparentNodes = new Set([
  'MatrixSelector',
  'SubqueryExpr',
  'ParenExpr',
  'OffsetExpr',
  'StepInvariantExpr',
  'FunctionCallBody',
  'AnchoredExpr',
  'SmoothedExpr',
]);

function consumerOf(parsed: ParsedPromQL, selector: Selector): Consumer | undefined {
  const text = (n: SyntaxNode) => parsed.expr.slice(n.from, n.to);
  for (let up = selector.node.parent; up; up = up.parent) {
    if (transparentNodes.has(up.name)) continue;
    if (up.name === 'FunctionCall') return { kind: 'function', name: text(up.getChild('FunctionIdentifier') ?? up) };
    if (up.name === 'AggregateExpr') return { kind: 'aggregation', name: text(up.getChild('AggregateOp') ?? up).toLowerCase() };
    return undefined;
  }
  return undefined;
}

/** Functions that assume a monotonic counter and compensate for its resets. */
const counterFunctions = new Set(['rate', 'irate', 'increase', 'resets']);
/** Where a raw counter makes sense: counter functions, and questions about presence, count or change. */
const counterConsumers = new Set([
  ...counterFunctions,
  'changes',
  'absent',
  'absent_over_time',
  'present_over_time',
  'count_over_time',
  'timestamp',
  'count',
  'group',
]);
/** Functions that compare samples inside their window, so the window must hold at least two. */
const rateLikeFunctions = new Set(['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'predict_linear']);
/** Functions whose argument (the first, or the second for quantile_over_time) must be a range vector. */
const rangeVectorFunctions = new Set([
  ...rateLikeFunctions,
  'resets',
  'changes',
  'absent_over_time',
  'avg_over_time',
  'count_over_time',
  'last_over_time',
  'first_over_time',
  'mad_over_time',
  'max_over_time',
  'min_over_time',
  'present_over_time',
  'quantile_over_time',
  'stddev_over_time',
  'stdvar_over_time',
  'sum_over_time',
  'double_exponential_smoothing',
  'holt_winters',
]);

function catalogSelectors(ctx: LintContext, e: Expression): { selector: Selector; series: CatalogSeries }[] {
  return e.parsed.selectors.flatMap((selector) => {
    const series = selector.metric === undefined ? undefined : ctx.catalogSeries.get(selector.metric);
    return series ? [{ selector, series }] : [];
  });
}

const at = (span: Span) => ({ from: span.from, to: span.to });
const overlaps = (a: Span, b: Span) => a.from < b.to && b.from < a.to;

function describeColumn(e: Expression, offset: number): string {
  const { line, column } = position(e.text, offset);
  return line > 1 ? `line ${line}, column ${column}` : `column ${column}`;
}

function syntaxFindings(ctx: LintContext, e: Expression): Diagnostic[] {
  const finding = (range: Span, message: string) =>
    ctx.finding({ rule: 'promql/syntax', severity: 'error', item: e.item, path: e.path, range: at(range), message });
  const findings: Diagnostic[] = e.variables
    .filter((v) => !v.builtin)
    .map((v) => {
      const variable = `dashboard variable ${code(e.text.slice(v.from, v.to))}`;
      return finding(
        v,
        e.owner === 'panel'
          ? `${variable} in a panel query: write plain PromQL; the renderers add a matcher for every variable the dashboard declares.`
          : `${variable} in a rule expression: Prometheus cannot expand it; write the value itself.`,
      );
    });
  const problem = e.parsed.problems[0];
  if (problem) {
    const more = e.parsed.problems.length > 1 ? ` (and ${e.parsed.problems.length - 1} more after it)` : '';
    const where = describeColumn(e, problem.from);
    findings.push(
      finding(
        problem,
        `PromQL does not parse at ${where}: ${problem.message}${more}; fix the expression (check brackets, quotes, commas and operators).`,
      ),
    );
    return findings;
  }
  for (const selector of e.parsed.selectors) {
    for (const m of selector.matchers) {
      if (m.op !== '=~' && m.op !== '!~') continue;
      const error = goRegexpError(m.value);
      if (!error) continue;
      const regex = `regular expression ${JSON.stringify(m.value)} of label ${code(m.label)}`;
      findings.push(finding(m, `${regex} does not compile with Go's regexp (${error}); Prometheus rejects the query: fix the regex.`));
    }
  }
  findings.push(...rangeArgumentFindings(e, finding), ...literalFindings(e, finding));
  return findings;
}

/** Numbers as Prometheus 2's lexer reads them: decimal, 0x hex, Inf and NaN (lezer's grammar, Prometheus 3's, takes more). */
const decimalNumber = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const hexNumber = /^[+-]?0[xX][0-9a-fA-F]+$/;
const infOrNaN = /^[+-]?(?:inf|nan)$/i;

function numberProblem(text: string): string | undefined {
  // Go's ParseInt (base 0) first, then ParseFloat, which takes no hex without an exponent.
  if (hexNumber.test(text)) {
    const magnitude = BigInt(text.replace(/^[+-]/, ''));
    return magnitude < 2n ** 63n || (text[0] === '-' && magnitude === 2n ** 63n)
      ? undefined
      : `${code(text)} is beyond int64: write it in decimal`;
  }
  if (decimalNumber.test(text)) return Number.isFinite(Number(text)) ? undefined : `${code(text)} is beyond float64`;
  if (infOrNaN.test(text)) return undefined;
  if (/^[0-9.]+[a-z]/.test(text) && durationProblem(text) === undefined) {
    return `${code(text)} is a duration where a number belongs, which only Prometheus 3 reads (as seconds): write the seconds`;
  }
  return `${code(text)} is not a number Prometheus reads: write it in decimal (1000, 0.5, 1e3), 0x hex, Inf or NaN`;
}

/** A duration literal's problem; remembered, as every query writes the same few windows. */
const durationLiteralProblem = boundedCache(
  64,
  (text: string): string | undefined => durationProblem(text) ?? (durationSeconds(text) === 0 ? 'must be greater than 0' : undefined),
);

/**
 * Number and duration literals Prometheus rejects although lezer's grammar (Prometheus 3's) parses them: numbers
 * beyond float64 or written with `_` or units, durations of 0 or beyond int64 nanoseconds, duration arithmetic.
 */
function literalFindings(e: Expression, finding: (range: Span, message: string) => Diagnostic): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const text = (n: Span) => e.parsed.expr.slice(n.from, n.to);
  // The parts of a duration expression reported whole are not looked at on their own.
  let reportedTo = -1;
  for (const node of e.parsed.literals) {
    // A masked variable (reported on its own) is no literal.
    if (node.from < reportedTo || e.variables.some((v) => overlaps(v, node))) continue;
    if (node.name === 'NumberDurationLiteral') {
      const problem = numberProblem(text(node));
      if (problem) findings.push(finding(node, `${problem}; Prometheus rejects the expression.`));
    } else if (node.name === 'NumberDurationLiteralInDurationContext') {
      const problem = durationLiteralProblem(text(node));
      if (problem) findings.push(finding(node, `the duration ${problem}; Prometheus rejects the expression.`));
    } else {
      // A literal, or for an offset a negated one: anything else is a duration expression (Prometheus 3).
      let inner: SyntaxNode | null = node.firstChild;
      if (node.name === 'OffsetDurationExpr' && inner?.name === 'UnaryOp' && text(inner) === '-')
        inner = inner.nextSibling?.firstChild ?? null;
      if (inner?.name !== 'NumberDurationLiteralInDurationContext' || inner.nextSibling) {
        findings.push(
          finding(node, `${code(text(node))} is a duration expression, which only Prometheus 3 reads: write one duration such as 5m.`),
        );
        reportedTo = node.to;
      }
    }
  }
  return findings;
}

/** Nodes around a range vector that keep it one: `(x[5m])`, `x[5m] offset 1h`, `x[5m] @ end()`. */
const wrapperNodes = new Set(['ParenExpr', 'OffsetExpr', 'StepInvariantExpr', 'AnchoredExpr', 'SmoothedExpr']);

/** `rate(x)` parses but Prometheus rejects it: the function needs a range vector such as `x[5m]`. */
function rangeArgumentFindings(e: Expression, finding: (range: Span, message: string) => Diagnostic): Diagnostic[] {
  const findings: Diagnostic[] = [];
  const text = (n: SyntaxNode) => e.parsed.expr.slice(n.from, n.to);
  for (const { name, node } of e.parsed.calls) {
    if (!rangeVectorFunctions.has(name)) continue;
    const args: SyntaxNode[] = [];
    for (let c = node.getChild('FunctionCallBody')?.firstChild ?? null; c; c = c.nextSibling) if (c.type.is('Expr')) args.push(c);
    let arg = args[name === 'quantile_over_time' ? 1 : 0];
    while (arg && wrapperNodes.has(arg.name)) arg = arg.getChild('Expr') ?? undefined;
    if (arg && arg.name !== 'MatrixSelector' && arg.name !== 'SubqueryExpr') {
      const example = code(`${text(arg)}[5m]`);
      findings.push(
        finding(arg, `${code(name)} needs a range vector such as ${example}; Prometheus rejects an instant vector here: add a window.`),
      );
    }
  }
  return findings;
}

const promqlSyntax: LintRule = {
  id: 'promql/syntax',
  check: (ctx) => ctx.expressions.flatMap((e) => syntaxFindings(ctx, e)),
};

const roleNames = { counter: 'a counter', gauge: 'a gauge', quantiles: "a summary's quantiles (gauges)" } as const;

const promqlCounter: LintRule = {
  id: 'promql/counter',
  check: (ctx) =>
    ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        catalogSelectors(ctx, e).flatMap(({ selector, series }): Diagnostic[] => {
          const consumer = consumerOf(e.parsed, selector);
          const base = { rule: 'promql/counter', item: e.item, path: e.path, range: at(selector) };
          if (consumer?.kind === 'function' && counterFunctions.has(consumer.name) && series.role !== 'counter') {
            const instead =
              series.role === 'quantiles'
                ? `use the quantile directly, or ${code(`${consumer.name}(${series.metric.name}_count[…])`)} for the rate of observations where the job keeps it`
                : `use ${code('deriv')} or ${code('delta')} for a gauge, or the gauge itself`;
            const message = `${code(consumer.name)} assumes a counter, but ${code(series.name)} is ${roleNames[series.role]}: ${instead}.`;
            return [ctx.finding({ ...base, severity: 'error', message })];
          }
          if (series.role === 'counter' && !(consumer && counterConsumers.has(consumer.name))) {
            // An alert on a raw counter compares a total since the process started: it fires on old
            // errors forever, or never after a restart. A panel showing a total may be intended.
            const severity = e.owner === 'alert' ? 'error' : 'warning';
            return [
              ctx.finding({
                ...base,
                severity,
                message:
                  `${code(series.name)} is a counter used raw: its value is a total since the process started and drops on restart; ` +
                  `wrap it in ${code(`rate(${series.name}[5m])`)} or ${code('increase(…)')}.`,
              }),
            ];
          }
          return [];
        }),
      ),
};

/** Quantile label values as the Go client writes them (shortest float form: 0.5, 0.99). */
const quantileLabel = (q: number) => String(q);

/**
 * The catalog metric a selector reads, with its series: a catalog series, or a classic histogram's own name, which
 * is no series (metric/unknown reports it) but asked for a quantile is this rule's to answer.
 */
function quantileTargets(ctx: LintContext, e: Expression): { selector: Selector; metric: Metric; series: CatalogSeries | undefined }[] {
  return e.parsed.selectors.flatMap((selector) => {
    const name = selector.metric;
    const series = name === undefined ? undefined : ctx.catalogSeries.get(name);
    const metric = series?.metric ?? (name === undefined ? undefined : ctx.histograms.get(name));
    return metric ? [{ selector, metric, series }] : [];
  });
}

const promqlQuantile: LintRule = {
  id: 'promql/quantile',
  check: (ctx) =>
    ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        quantileTargets(ctx, e).flatMap(({ selector, metric, series }) =>
          selector.matchers
            .filter((m) => m.label === 'quantile')
            .flatMap((m): Diagnostic[] => {
              const finding = (message: string, hint?: string) => [
                ctx.finding({
                  rule: 'promql/quantile',
                  severity: 'error',
                  item: e.item,
                  path: e.path,
                  range: at(m),
                  message,
                  ...(hint ? { hint } : {}),
                }),
              ];
              const name = selector.metric ?? metric.name;
              if (metric.type === 'histogram') {
                const phi = m.op === '=' && /^[0-9.eE+-]+$/.test(m.value) ? m.value : 'φ';
                return finding(
                  `${code(name)} has no quantile label: a histogram exposes buckets, and its quantiles are computed from them.`,
                  `remove the matcher and compute the quantile: ${code(histogramQuantileQuery(metric, phi))}`,
                );
              }
              if (series?.role !== 'quantiles') {
                return finding(`${code(name)} has no quantile label (it is not a summary's quantile series): remove the matcher.`);
              }
              const declared = (metric.quantiles ?? []).map(quantileLabel);
              const matches =
                m.op === '='
                  ? declared.includes(m.value)
                  : m.op === '=~'
                    ? declared.some((q) => regexMatches(m.value, q, ctx.ruleTarget.facts.prometheusMajor))
                    : true;
              if (matches) return [];
              const exposes = declared.length ? `exposes quantiles ${declared.join(', ')}` : 'declares no quantiles';
              const matcher = code(`quantile${m.op}${JSON.stringify(m.value)}`);
              return finding(
                `${code(name)} ${exposes}, so ${matcher} matches no series: use one of them, or declare the quantile in the catalog.`,
              );
            }),
        ),
      ),
};

/** Whether `value` matches the regex as the target's Prometheus anchors it; one that does not compile is promql/syntax's finding. */
function regexMatches(regex: string, value: string, major: PrometheusMajor): boolean {
  return goRegexpError(regex) !== undefined || RE2JS.compile(anchoredRegexSource(regex, major)).test(value);
}

/** A rate window under two scrape intervals of the series' job; overrides of a job's interval are linted for it too. */
export const rateWindowRule = 'promql/rate-window';
const fixedWindowRule = 'promql/fixed-window';

const formatDuration = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/** How often the series a selector reads is scraped, said the way a finding explains it. */
function scrapeOf(ctx: LintContext, selector: Selector): { intervalMs: number; scraped: string } {
  const metric = selector.metric === undefined ? undefined : ctx.catalogSeries.get(selector.metric)?.metric;
  const job = metric ? ctx.jobs.get(metric.job) : undefined;
  const intervalMs = scrapeIntervalMs(job);
  const every = formatDuration(intervalMs);
  const scraped = job
    ? `job ${code(job.id)} scrapes ${code(selector.metric ?? '')} every ${every}`
    : `series are scraped every ${every} by default`;
  return { intervalMs, scraped };
}

/**
 * The windows of `functions` in an expression that hold fewer than two scrapes of the series they read, each with
 * its function and scrape interval. A window written as a variable is promql/rate-window's finding.
 */
function shortWindows(ctx: LintContext, e: Expression, functions: ReadonlySet<string>) {
  return e.parsed.selectors.flatMap((selector) => {
    const range = selector.range;
    if (!range || e.variables.some((v) => overlaps(v, range))) return [];
    const consumer = consumerOf(e.parsed, selector);
    if (consumer?.kind !== 'function' || !functions.has(consumer.name)) return [];
    const windowMs = durationMs(range.text);
    const scrape = scrapeOf(ctx, selector);
    if (windowMs === undefined || windowMs >= 2 * scrape.intervalMs) return [];
    return [{ range, func: consumer.name, ...scrape }];
  });
}

/** A panel query's declared rate window that none of its rate, irate or increase windows is: a typo, or a stale one. */
function unusedRateWindow(ctx: LintContext, e: Expression): Diagnostic[] {
  const declared = e.rateWindow;
  if (!declared || e.parsed.selectors.some((selector) => isRateWindow(selector, declared.window))) return [];
  const message =
    `the query declares the rate window ${code(declared.window)}, but none of its ${code('rate')}, ${code('irate')} or ` +
    `${code('increase')} windows is ${code(`[${declared.window}]`)}, so every dashboard keeps its windows as written: ` +
    'declare the window the rate is written with, or remove rateWindow to keep them fixed.';
  return [ctx.finding({ rule: rateWindowRule, severity: 'error', item: e.item, path: declared.path, message })];
}

const promqlRateWindow: LintRule = {
  id: rateWindowRule,
  check: (ctx) =>
    ctx.expressions.flatMap((e) => {
      const finding = (range: Span, message: string) =>
        ctx.finding({ rule: rateWindowRule, severity: 'error', item: e.item, path: e.path, range: at(range), message });
      const variables = e.variables.filter((v) => v.builtin);
      const findings = variables.map((v) => {
        const written = code(e.text.slice(v.from, v.to));
        return finding(
          v,
          e.owner === 'panel'
            ? `${written} is a Grafana variable: write a concrete window such as [5m] and declare it the query's rateWindow, which the renderers replace with each product's rate variable.`
            : `${written} is a Grafana variable: Prometheus cannot evaluate it in a rule; write a concrete window such as [5m].`,
        );
      });
      if (!e.valid) return findings;
      for (const short of shortWindows(ctx, e, rateLikeFunctions)) {
        findings.push(
          finding(
            short.range,
            `${code(short.func)} over [${short.range.text}] needs two samples in the window, but ${short.scraped}: ` +
              `use a window of at least ${formatDuration(2 * short.intervalMs)} (4× the scrape interval tolerates a missed scrape).`,
          ),
        );
      }
      return [...findings, ...unusedRateWindow(ctx, e)];
    }),
};

/**
 * Functions that summarise the samples of a fixed window without needing two of them: over one sample they return
 * it unchanged (or 0, for changes and resets), and nothing once a scrape is missed. A rate window is always a
 * rate-like function's, promql/rate-window's to check.
 */
const sampleSpanFunctions: ReadonlySet<string> = new Set([...rangeVectorFunctions].filter((name) => !rateLikeFunctions.has(name)));

const promqlFixedWindow: LintRule = {
  id: fixedWindowRule,
  check: (ctx) =>
    ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        shortWindows(ctx, e, sampleSpanFunctions).map((short) =>
          ctx.finding({
            rule: fixedWindowRule,
            severity: 'warning',
            item: e.item,
            path: e.path,
            range: at(short.range),
            message:
              `${code(short.func)} over the fixed window [${short.range.text}] reads at most one sample, as ${short.scraped}: ` +
              'it returns that sample as it is, and nothing after a missed scrape.',
            hint: `Use a window of at least ${formatDuration(2 * short.intervalMs)} (twice the scrape interval), or query the series itself.`,
          }),
        ),
      ),
};

export const promqlRules: LintRule[] = [promqlSyntax, promqlCounter, promqlQuantile, promqlRateWindow, promqlFixedWindow];
