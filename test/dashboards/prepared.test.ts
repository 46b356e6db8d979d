// preparedDashboard: what every product builds a dashboard from, made once per dashboard and catalog, and only
// for the dashboards rendered last.
import { describe, expect, it } from 'vitest';
import { queriesOf, type Dashboard } from '../../src/model/index.js';
import type { DashboardProduct } from '../../src/outputs/paths.js';
import { layoutDashboard } from '../../src/outputs/dashboards/layout.js';
import { preparedDashboard, recentDashboardMemo } from '../../src/outputs/dashboards/prepared.js';
import { productExpr } from '../../src/outputs/dashboards/products.js';
import { dashboardVariables } from '../../src/outputs/dashboards/variables.js';
import { everyFeature } from '../fixtures/dashboards/every-feature.js';
import { allPanels, integrationWithFixture } from './helpers.js';

const integration = integrationWithFixture();
const products: DashboardProduct[] = ['grafana', 'sysdig', 'perses'];

describe('preparedDashboard', () => {
  it('writes each query as productExpr does for every product, and lays out the dashboard as layoutDashboard', () => {
    for (const dashboard of integration.dashboards) {
      const prepared = preparedDashboard(dashboard, integration.metrics);
      expect(prepared.rows).toEqual(layoutDashboard(dashboard));
      const variables = dashboardVariables(dashboard.variables, integration.metrics);
      for (const product of products) {
        for (const query of allPanels(dashboard).flatMap(queriesOf)) {
          expect(prepared.expr(product, query), `${product}: ${query.expr}`).toBe(productExpr(product, query, variables));
        }
      }
    }
  });

  it('is made once per dashboard and catalog, anew for another catalog', () => {
    const prepared = preparedDashboard(everyFeature, integration.metrics);
    expect(preparedDashboard(everyFeature, integration.metrics)).toBe(prepared);
    const uncataloged = preparedDashboard(everyFeature, []);
    expect(uncataloged).not.toBe(prepared);
    // Without the catalog, every variable filters every selector.
    const requests = allPanels(everyFeature).flatMap(queriesOf)[1]!;
    expect(uncataloged.expr('grafana', requests)).toBe(productExpr('grafana', requests, dashboardVariables(everyFeature.variables, [])));
  });
});

describe('recentDashboardMemo', () => {
  const copies = (count: number): Dashboard[] => Array.from({ length: count }, (_, i) => ({ ...everyFeature, id: `copy-${i}` }));

  it('remembers a dashboard with the rest of what it was made from, compared by identity', () => {
    let made = 0;
    const memo = recentDashboardMemo((dashboard, integrationId: string) => `${integrationId}/${dashboard.id}#${(made += 1)}`);
    expect(memo(everyFeature, 'a')).toBe('a/every-feature#1');
    expect(memo(everyFeature, 'a')).toBe('a/every-feature#1');
    expect(memo(everyFeature, 'b')).toBe('b/every-feature#2');
    expect(made).toBe(2);
  });

  it('keeps only the dashboards asked for last, so a large catalog does not hold all of its own', () => {
    let made = 0;
    const memo = recentDashboardMemo((dashboard) => `${dashboard.id}#${(made += 1)}`);
    const [first, ...others] = copies(1000);
    expect(memo(first!)).toBe('copy-0#1');
    for (const dashboard of others) memo(dashboard);
    expect(made).toBe(1000);
    expect(memo(first!)).toBe('copy-0#1001');
  });
});
