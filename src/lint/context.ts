// What every lint rule looks at: the definition, every PromQL expression in it (parsed once, located by item
// and JSON path), the series names they read, and the catalog's series by name.
import {
  durationSeconds,
  histogramKind,
  queriesOf,
  type Alert,
  type Integration,
  type Metric,
  type Panel,
  type ScrapeJob,
} from '../model/index.js';
import { parsePromQL, type ParsedPromQL, type Selector, type Span } from '../analysis/promql/parse.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { boundedCache } from '../support/bounded-cache.js';
import { defaultRuleTarget, ruleTargets, type RuleTargetFacts } from '../core/rule-targets.js';
import type { RuleTarget } from '../model/index.js';

/** A dashboard variable written into PromQL, e.g. `$__rate_interval` or `${node}`. */
export interface VariableUse extends Span {
  /** Name without `$`, braces or format, e.g. `__rate_interval`. */
  name: string;
  /** Grafana's built-in variables start with two underscores. */
  builtin: boolean;
}

export interface Expression {
  owner: 'alert' | 'recording-rule' | 'panel';
  item: string;
  /** JSON path of the expression string. */
  path: string;
  /** The expression as written. */
  text: string;
  /** A panel query's declared rate window (every other window is fixed), with the JSON path of the declaration. */
  rateWindow?: { window: string; path: string };
  variables: VariableUse[];
  /** Parse of `text` with every variable replaced by a number of the same length, so offsets stay valid. */
  parsed: ParsedPromQL;
  /** Parses without problems: the semantic rules only look at these. */
  valid: boolean;
}

/** How one series name of the catalog behaves in queries. */
export type SeriesRole =
  /** Monotonic: counters, the _sum, _count and _bucket series of summaries and classic histograms, native histograms. */
  | 'counter'
  | 'gauge'
  /** A summary's own name: one gauge per declared quantile. */
  | 'quantiles';

export interface CatalogSeries {
  name: string;
  metric: Metric;
  role: SeriesRole;
}

export interface LocatedAlert {
  alert: Alert;
  item: string;
  /** JSON path of the alert object, e.g. alerts.felix-errors[0]. */
  path: string;
  expression: Expression;
}

export interface LocatedPanel {
  panel: Panel;
  item: string;
  path: string;
  /** One per query, in order. */
  expressions: Expression[];
}

/** One place a definition names a series: a selector of a parsed expression, or a dashboard variable's source. */
export interface MetricUse {
  name: string;
  item: string;
  path: string;
  range?: Span;
  /** The selector naming it, for a use in an expression. */
  selector?: Selector;
}

export interface LintContext {
  integration: Integration;
  alerts: LocatedAlert[];
  panels: LocatedPanel[];
  expressions: Expression[];
  /** Every series name the expressions (those that parse) and dashboard variables read. */
  metricUses: MetricUse[];
  /**
   * The catalog's series by name: counters, gauges and native histograms under their names, a summary's name and
   * its _sum/_count, a classic histogram's _bucket/_sum/_count.
   */
  catalogSeries: ReadonlyMap<string, CatalogSeries>;
  /** The catalog's histograms by metric name, for the names they do not have (a classic one's own, a native one's _bucket). */
  histograms: ReadonlyMap<string, Metric>;
  /** Names recording rules record. */
  records: ReadonlySet<string>;
  jobs: ReadonlyMap<string, ScrapeJob>;
  /** The engine the build renders rules for (the build config's ruleTarget), and what it accepts. */
  ruleTarget: { id: RuleTarget; facts: RuleTargetFacts };
  finding(f: Omit<Diagnostic, 'integration'>): Diagnostic;
  /**
   * What `derive` computes from this context, computed on the first call and kept for the context's life: facts
   * that several rules read (a family's own, defined in its file), worked out once per definition.
   */
  derived<T>(derive: (ctx: LintContext) => T): T;
}

export interface LintRule {
  id: string;
  check(ctx: LintContext): Diagnostic[];
}

function seriesOf(metric: Metric): CatalogSeries[] {
  const series = (suffix: string, role: SeriesRole): CatalogSeries => ({ name: metric.name + suffix, metric, role });
  switch (metric.type) {
    case 'counter':
      return [series('', 'counter')];
    case 'gauge':
      return [series('', 'gauge')];
    case 'summary':
      return [series('', 'quantiles'), series('_sum', 'counter'), series('_count', 'counter')];
    case 'histogram':
      // A native histogram's one series holds counts that only grow, like a counter's.
      if (histogramKind(metric) === 'native') return [series('', 'counter')];
      return [series('_bucket', 'counter'), series('_sum', 'counter'), series('_count', 'counter')];
  }
}

/** Every `$name`, `${name}` or `${name:format}` outside string literals and comments. */
function findVariables(expr: string): VariableUse[] {
  const uses: VariableUse[] = [];
  // Most expressions have none: no need to walk their quotes and comments.
  if (!expr.includes('$')) return uses;
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = skipQuoted(expr, i, c);
    } else if (c === '#') {
      const end = expr.indexOf('\n', i);
      i = end < 0 ? expr.length : end;
    } else if (c === '$') {
      const match = /^\$(?:\{(\w+)(?::[\w-]+)?\}|(\w+))/.exec(expr.slice(i));
      const name = match?.[1] ?? match?.[2];
      if (match && name) {
        uses.push({ from: i, to: i + match[0].length, name, builtin: name.startsWith('__') });
        i += match[0].length;
      } else i += 1;
    } else i += 1;
  }
  return uses;
}

function skipQuoted(expr: string, start: number, quote: string): number {
  for (let i = start + 1; i < expr.length; i += 1) {
    if (expr[i] === '\\' && quote !== '`') i += 1;
    else if (expr[i] === quote || (expr[i] === '\n' && quote !== '`')) return i + 1;
  }
  return expr.length;
}

/** `rate(x[$__interval])` → `rate(x[1          ])`: a number parses wherever a variable would be substituted. */
function maskVariables(expr: string, variables: VariableUse[]): string {
  let masked = expr;
  for (const v of variables) masked = masked.slice(0, v.from) + '1'.padEnd(v.to - v.from, ' ') + masked.slice(v.to);
  return masked;
}

function expression(
  owner: Expression['owner'],
  item: string,
  path: string,
  text: string,
  rateWindow?: Expression['rateWindow'],
): Expression {
  const variables = findVariables(text);
  const parsed = parsePromQL(maskVariables(text, variables));
  return { owner, item, path, text, ...(rateWindow ? { rateWindow } : {}), variables, parsed, valid: parsed.problems.length === 0 };
}

function metricUses(integration: Integration, expressions: Expression[]): MetricUse[] {
  const selectors = expressions
    .filter((e) => e.valid)
    .flatMap((e) =>
      e.parsed.selectors.flatMap((s) =>
        s.metric === undefined ? [] : [{ name: s.metric, item: e.item, path: e.path, range: { from: s.from, to: s.to }, selector: s }],
      ),
    );
  const variables = integration.dashboards.flatMap((dashboard, d) =>
    dashboard.variables.map((v, i) => ({
      name: v.metric,
      item: `${dashboard.id}/$${v.name}`,
      path: `dashboards[${d}].variables[${i}].metric`,
    })),
  );
  return [...selectors, ...variables];
}

/** The catalog's series by name: every metric, plus _sum/_count of summaries and _bucket/_sum/_count of histograms. */
export function catalogSeriesOf(metrics: readonly Metric[]): Map<string, CatalogSeries> {
  const catalogSeries = new Map<string, CatalogSeries>();
  for (const metric of metrics) {
    for (const series of seriesOf(metric)) if (!catalogSeries.has(series.name)) catalogSeries.set(series.name, series);
  }
  return catalogSeries;
}

export function createContext(integration: Integration, ruleTarget: RuleTarget = defaultRuleTarget): LintContext {
  const alerts: LocatedAlert[] = Object.entries(integration.alerts).flatMap(([group, list]) =>
    (list ?? []).map((alert, i) => {
      const path = `alerts.${group}[${i}]`;
      return { alert, item: alert.id, path, expression: expression('alert', alert.id, `${path}.expr`, alert.expr) };
    }),
  );
  const recordingRules = Object.entries(integration.recordingRules ?? {}).flatMap(([group, list]) =>
    (list ?? []).map((rule, i) => ({ rule, path: `recordingRules.${group}[${i}]` })),
  );
  const panels: LocatedPanel[] = integration.dashboards.flatMap((dashboard, d) =>
    dashboard.rows.flatMap((row, r) =>
      row.panels.map((panel, p) => {
        const item = `${dashboard.id}/${panel.id}`;
        const path = `dashboards[${d}].rows[${r}].panels[${p}]`;
        const expressions = queriesOf(panel).map((q, i) => {
          const query = `${path}.queries[${i}]`;
          const rateWindow = q.rateWindow === undefined ? undefined : { window: q.rateWindow, path: `${query}.rateWindow` };
          return expression('panel', item, `${query}.expr`, q.expr, rateWindow);
        });
        return { panel, item, path, expressions };
      }),
    ),
  );
  const expressions = [
    ...alerts.map((a) => a.expression),
    ...recordingRules.map((r) => expression('recording-rule', r.rule.record, `${r.path}.expr`, r.rule.expr)),
    ...panels.flatMap((p) => p.expressions),
  ];
  const catalogSeries = catalogSeriesOf(integration.metrics);
  const derivedFacts = new Map<(ctx: LintContext) => unknown, unknown>();
  const ctx: LintContext = {
    integration,
    alerts,
    panels,
    expressions,
    metricUses: metricUses(integration, expressions),
    catalogSeries,
    histograms: new Map(integration.metrics.filter((metric) => metric.type === 'histogram').map((metric) => [metric.name, metric])),
    records: new Set(recordingRules.map((r) => r.rule.record)),
    jobs: new Map(integration.jobs.map((job) => [job.id, job])),
    ruleTarget: { id: ruleTarget, facts: ruleTargets[ruleTarget] },
    // Keys in one order, so serialized findings are byte-stable.
    finding: (f) => ({
      rule: f.rule,
      severity: f.severity,
      integration: integration.id,
      item: f.item,
      path: f.path,
      ...(f.range ? { range: f.range } : {}),
      message: f.message,
      ...(f.hint ? { hint: f.hint } : {}),
    }),
    derived: <T>(derive: (ctx: LintContext) => T): T => {
      if (!derivedFacts.has(derive)) derivedFacts.set(derive, derive(ctx));
      return derivedFacts.get(derive) as T;
    },
  };
  return ctx;
}

/**
 * Prometheus duration (`1h30m`, `90s`) or plain seconds (`300`, `1.5`) in milliseconds; undefined otherwise.
 * Remembered: the rules read the same few windows and scrape intervals in every query.
 */
export const durationMs = boundedCache(64, (text: string): number | undefined => {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  try {
    return durationSeconds(trimmed) * 1000;
  } catch {
    return undefined;
  }
});

/** The scrape interval a job's series are sampled at; Prometheus's default when the job sets none. */
export function scrapeIntervalMs(job: ScrapeJob | undefined): number {
  return durationMs(job?.scrapeInterval ?? '1m') ?? 60_000;
}

/** Quotes a name or snippet in a message. */
export const code = (text: string): string => `\`${text}\``;
