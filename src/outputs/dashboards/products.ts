// The translation table from the product-neutral dashboard model to each dashboard product. Everything that
// differs between Grafana, Sysdig Monitor and Perses in a query, a legend, a unit or a threshold is decided here.
import type { DashboardProduct } from '../paths.js';
import type { Query, Threshold, Unit } from '../../model/index.js';
import { replaceMatchers, rewriteSelectors, type MatcherToAdd } from '../../analysis/promql/rewrite.js';
import { isRateWindow } from '../../analysis/promql/windows.js';
import { variableFilter, type DashboardVariables } from './variables.js';

export interface QueryDialect {
  /** What a rate window becomes: Grafana's $__rate_interval is at least four scrapes; Sysdig has $__interval. */
  rateWindow: string;
  /** Sysdig substitutes a variable already quoted (`label=~$name`); Grafana needs the quotes (`label=~"$name"`). */
  quotesVariables: boolean;
  /**
   * Whether a variable's values come from a query, which can hold a scoped label's matchers. Sysdig's scope offers
   * every value of the label and starts with a list, so a scope it cannot list (cluster=~"prod-.*") keeps the
   * fixed matchers beside the variable, or "every value" would reach past them.
   */
  queriesVariableValues: boolean;
}

const grafanaDialect: QueryDialect = { rateWindow: '$__rate_interval', quotesVariables: true, queriesVariableValues: true };

const dialects: Record<DashboardProduct, QueryDialect> = {
  grafana: grafanaDialect,
  sysdig: { rateWindow: '$__interval', quotesVariables: false, queriesVariableValues: false },
  // Perses' Prometheus plugin defines $__rate_interval as Grafana does, and substitutes variables in place.
  perses: grafanaDialect,
};

/** The product's query dialect: products that share one get the same queries (prepared.ts writes them once). */
export const queryDialectOf = (product: DashboardProduct): QueryDialect => dialects[product];

/**
 * A model query for one product: the matchers of a scoped label give way to its variable's filter (joined by it
 * where the variable cannot offer only the values they accept), every selector
 * gets `<variable>=~<value of $variable>` for each other variable that applies to it (unless it already matches on
 * that label), and the query's rate window becomes the product's rate variable. Fixed windows (e.g.
 * increase(x[1h]) for "in the last hour") stay as written, as on the docs page.
 */
export function productExpr(product: DashboardProduct, query: Query, variables: DashboardVariables): string {
  const dialect = dialects[product];
  const byVariable = variables.list.reduce((expr, variable) => {
    const scope = variable.scope;
    if (!scope) return expr;
    const filter = variableFilter(variable);
    const fixed = scope.matchers.map((m): MatcherToAdd => ({ label: variable.name, ...m }));
    return replaceMatchers(
      expr,
      (m) => m.label === variable.name && scope.matchers.some((s) => s.op === m.op && s.value === m.value),
      dialect.queriesVariableValues || scope.values ? [filter] : [...fixed, filter],
    );
  }, query.expr);
  // Both in one rewrite: once the query holds $__… windows it no longer parses as PromQL.
  const scoped = rewriteSelectors(
    byVariable,
    (selector) => variables.filtersFor(selector.metric),
    (selector) => (isRateWindow(selector, query.rateWindow) ? dialect.rateWindow : undefined),
  );
  if (dialect.quotesVariables) return scoped;
  // addMatchers wrote each matcher as label=~"$name"; Sysdig wants the bare variable there.
  return variables.list
    .map(variableFilter)
    .reduce((text, m) => text.replaceAll(`${m.label}${m.op}${JSON.stringify(m.value)}`, `${m.label}${m.op}${m.value}`), scoped);
}

/**
 * Series name template of a query. Every product expands `{{label}}`, so the model's legend passes through;
 * without one, Grafana's `__auto` names series by their labels and Sysdig and Perses do the same for an empty
 * template.
 */
export function productLegend(product: DashboardProduct, query: Query): string {
  return query.legend ?? (product === 'grafana' ? '__auto' : '');
}

/** Grafana unit ids (grafana-data valueFormats): µs, s and ms scale through every time unit. */
export const grafanaUnits: Record<Unit, string> = {
  none: 'none',
  count: 'short',
  seconds: 's',
  milliseconds: 'ms',
  microseconds: 'µs',
  bytes: 'bytes',
  percent: 'percent',
  ratio: 'percentunit',
  'per-second': 'ops',
};

export interface SysdigFormat {
  /** What Sysdig displays: a time, a number, a rate, a size or a percentage. */
  unit: 'relativeTime' | 'number' | 'numberRate' | 'byte' | '%';
  /** The unit the query returns, from which Sysdig scales for display. */
  inputFormat: string;
}

/** Sysdig Monitor v3 query formats, as PromCat's dashboards and Sysdig's dashboard API use them. */
export const sysdigFormats: Record<Unit, SysdigFormat> = {
  none: { unit: 'number', inputFormat: '1' },
  count: { unit: 'number', inputFormat: '1' },
  seconds: { unit: 'relativeTime', inputFormat: 's' },
  milliseconds: { unit: 'relativeTime', inputFormat: 'ms' },
  microseconds: { unit: 'relativeTime', inputFormat: 'us' },
  bytes: { unit: 'byte', inputFormat: 'B' },
  percent: { unit: '%', inputFormat: '0-100' },
  ratio: { unit: '%', inputFormat: '0-1' },
  'per-second': { unit: 'numberRate', inputFormat: '/s' },
};

export interface PersesFormat {
  /** Perses' format (core's FormatOptions units; typed where the renderer uses it). */
  format: { unit: 'decimal' | 'seconds' | 'milliseconds' | 'bytes' | 'percent' | 'percent-decimal' | 'ops/sec'; shortValues?: boolean };
  /** The query's values divided by this are in the format's unit: Perses has no microseconds. */
  divisor?: number;
}

/** Perses formats (core's units): the nearest unit Perses has, and the scale to reach it. */
export const persesFormats: Record<Unit, PersesFormat> = {
  none: { format: { unit: 'decimal' } },
  count: { format: { unit: 'decimal', shortValues: true } },
  seconds: { format: { unit: 'seconds' } },
  milliseconds: { format: { unit: 'milliseconds' } },
  microseconds: { format: { unit: 'milliseconds' }, divisor: 1000 },
  bytes: { format: { unit: 'bytes' } },
  percent: { format: { unit: 'percent' } },
  ratio: { format: { unit: 'percent-decimal' } },
  'per-second': { format: { unit: 'ops/sec' } },
};

/** Unit of a panel that does not name one: a plain number. */
export const defaultUnit: Unit = 'none';

/** Grafana threshold colours by severity; values under the lowest threshold are shown as ok. */
export const grafanaThresholdColors: Record<Threshold['severity'], string> = {
  ok: 'green',
  warning: 'orange',
  critical: 'red',
};

/** Perses threshold colours by severity, as hex (its colour pickers read no names); below the lowest is ok. */
export const persesThresholdColors: Record<Threshold['severity'], string> = {
  ok: '#2e7d32',
  warning: '#ef6c00',
  critical: '#c62828',
};

/** Sysdig number-panel severities (its scale runs none, ok, info, low, medium, high). */
export const sysdigSeverities: Record<Threshold['severity'], string> = {
  ok: 'ok',
  warning: 'medium',
  critical: 'high',
};

/** Thresholds in ascending order of value, the order both products read them in. */
export function ascendingThresholds(thresholds: readonly Threshold[] | undefined): Threshold[] {
  return [...(thresholds ?? [])].sort((a, b) => a.value - b.value);
}
