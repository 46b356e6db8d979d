// What every dashboard product builds a model dashboard from — the grid layout, the variables, and each query in
// each query dialect — made once per dashboard for all of them: each product built it again, and an integration's
// dashboards are rendered for every product one after the other.
import { boundedCache } from '../../support/bounded-cache.js';
import type { Dashboard, Metric, Query } from '../../model/index.js';
import type { DashboardProduct } from '../paths.js';
import { layoutDashboard, type PlacedRow } from './layout.js';
import { productExpr, queryDialectOf, type QueryDialect } from './products.js';
import { dashboardVariables, type DashboardVariables } from './variables.js';

export interface PreparedDashboard {
  rows: PlacedRow[];
  variables: DashboardVariables;
  /** productExpr of the query for `product`, rewritten once per query and dialect. */
  expr(product: DashboardProduct, query: Query): string;
}

/** Dashboards kept: more than any integration's renderers ask for in turn, so no catalog's size grows them. */
const recentDashboards = 64;

/**
 * `make` of a dashboard, remembered for the dashboards asked for last, each with the rest of what it was made from
 * (compared by identity): a model dashboard is never changed once made, but may be rendered for several
 * integrations.
 */
export function recentDashboardMemo<Context extends readonly unknown[], V>(
  make: (dashboard: Dashboard, ...context: Context) => V,
): (dashboard: Dashboard, ...context: Context) => V {
  type Made = { context: Context; value: V };
  const slots = boundedCache(recentDashboards, (_dashboard: Dashboard): { made?: Made } => ({}));
  return (dashboard, ...context) => {
    const slot = slots(dashboard);
    if (slot.made?.context.every((item, index) => item === context[index])) return slot.made.value;
    const value = make(dashboard, ...context);
    slot.made = { context, value };
    return value;
  };
}

/** The dashboard prepared for every product; `catalog` says which selectors each variable filters (variables.ts). */
export const preparedDashboard = recentDashboardMemo((dashboard, catalog: readonly Metric[]): PreparedDashboard => {
  const variables = dashboardVariables(dashboard.variables, catalog);
  const exprs = new Map<QueryDialect, Map<Query, string>>();
  return {
    rows: layoutDashboard(dashboard),
    variables,
    expr(product, query) {
      const dialect = queryDialectOf(product);
      let byQuery = exprs.get(dialect);
      if (!byQuery) exprs.set(dialect, (byQuery = new Map()));
      let expr = byQuery.get(query);
      if (expr === undefined) byQuery.set(query, (expr = productExpr(product, query, variables)));
      return expr;
    },
  };
});
