// Which selectors each dashboard variable filters, and the selector its own values are read from: shared by the
// dashboard renderers, so every product filters the same series.
import { addMatchers, type MatcherToAdd } from '../../analysis/promql/rewrite.js';
import { variableReference } from '../../core/variables.js';
import { catalogSeriesOf } from '../../lint/context.js';
import type { Metric, Variable } from '../../model/index.js';

export interface DashboardVariables {
  /** The variables in order, the scoped labels' first. */
  list: readonly Variable[];
  /** The filters a selector of `series` gets: `label=~"$label"` of each variable that applies to it. */
  filtersFor(series: string | undefined): MatcherToAdd[];
  /** Where a variable's values come from: its metric, within its scope and chained to the variables before it. */
  valuesSelector(variable: Variable): string;
}

/** The filter a variable adds to a selector: its label matches any value picked. */
export function variableFilter(variable: Variable): MatcherToAdd {
  return { label: variable.name, op: '=~', value: variableReference(variable) };
}

/**
 * What "All" stands for in Grafana and Perses: one regex instead of an alternation of every value, except for a
 * scoped label, whose alternation holds only the values in scope where `.*` would reach past them.
 */
export function allValue(variable: Variable): string | undefined {
  return variable.scope ? undefined : '.*';
}

export function dashboardVariables(variables: readonly Variable[], catalog: readonly Metric[]): DashboardVariables {
  const catalogSeries = catalogSeriesOf(catalog);
  const metricOf = (series: string | undefined) => (series === undefined ? undefined : catalogSeries.get(series)?.metric);
  const ownLabel = (metric: Metric, label: string) => (metric.labels ?? []).some((own) => own.name === label);
  /**
   * Whether a variable filters a selector of `series`. A scoped label's does always: the selectors transform put
   * it on every selector. Otherwise the series must carry the label per the catalog: as one of its own, or, for a
   * target label of the variable's metric (`instance`), by coming from the same job; one of another job has other
   * targets, and the filter would empty its panels. Series the catalog does not know are filtered.
   */
  const applies = (variable: Variable, series: string | undefined): boolean => {
    if (variable.scope) return true;
    const target = metricOf(series);
    const source = metricOf(variable.metric);
    if (!target || !source || ownLabel(target, variable.name)) return true;
    return !ownLabel(source, variable.name) && target.job === source.job;
  };
  return {
    list: variables,
    filtersFor: (series) => variables.filter((variable) => applies(variable, series)).map(variableFilter),
    valuesSelector: (variable) => {
      const earlier = variables.slice(0, variables.indexOf(variable)).filter((before) => applies(before, variable.metric));
      const within = (variable.scope?.matchers ?? []).map((m): MatcherToAdd => ({ label: variable.name, ...m }));
      return addMatchers(variable.metric, [...within, ...earlier.map(variableFilter)]);
    },
  };
}
