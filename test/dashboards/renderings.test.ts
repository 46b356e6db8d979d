import { describe, expect, it } from 'vitest';
import { queriesOf, type Dashboard, type Integration } from '../../src/model/index.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { renderDocsPage } from '../../src/outputs/docs/render.js';
import { calicoIntegration, concreteQuery, contextOf, integrationWithFixture, renderAll, grafanaJson, sysdigJson } from './helpers.js';

function withPanelTitle(integration: Integration, panelId: string, title: string): Integration {
  const retitle = (dashboard: Dashboard): Dashboard => ({
    ...dashboard,
    rows: dashboard.rows.map((row) => ({
      ...row,
      panels: row.panels.map((panel) => (panel.id === panelId ? { ...panel, title } : panel)),
    })) as Dashboard['rows'],
  });
  return { ...integration, dashboards: integration.dashboards.map(retitle) };
}

describe('dashboard renderings', () => {
  it('writes one Grafana and one Sysdig file per dashboard, JSON with a trailing newline', () => {
    const integration = integrationWithFixture();
    const files = renderAll(integration);
    expect(files.map((f) => f.path)).toEqual([
      ...integration.dashboards.map((d) => `calico/dashboards/grafana/${d.id}.json`),
      ...integration.dashboards.map((d) => `calico/dashboards/sysdig/${d.id}.json`),
    ]);
    for (const file of files) {
      expect(file.content.endsWith('}\n')).toBe(true);
      expect(() => JSON.parse(file.content) as unknown).not.toThrow();
    }
  });

  it('is deterministic: same model, same bytes', () => {
    expect(renderAll(integrationWithFixture())).toEqual(renderAll(integrationWithFixture()));
  });

  it('carries a change of one panel into both products, and nothing else changes', () => {
    const before = renderAll(calicoIntegration());
    const after = renderAll(withPanelTitle(calicoIntegration(), 'exec-time', 'Child process start-up'));
    expect(after.map((f) => f.path)).toEqual(before.map((f) => f.path));
    after.forEach((file, index) => {
      expect(file.content, file.path).not.toBe(before[index]?.content);
      expect(file.content).toContain('"Child process start-up"');
      expect(file.content).not.toContain('"Fork/exec of child processes"');
      expect(file.content.replace('"Child process start-up"', '"Fork/exec of child processes"')).toBe(before[index]?.content);
    });
  });

  it('keeps every query parseable: in the model and in both products once their variables are filled', () => {
    const integration = integrationWithFixture();
    const files = renderAll(integration);
    let checked = 0;
    for (const dashboard of integration.dashboards) {
      const model = dashboard.rows.flatMap((row) => row.panels.flatMap((p) => queriesOf(p).map((q) => q.expr)));
      const grafana = grafanaJson(files, integration.id, dashboard.id).panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
      const sysdig = sysdigJson(files, integration.id, dashboard.id).dashboard.panels.flatMap((p) =>
        (p.advancedQueries ?? []).map((q) => q.query),
      );
      expect(grafana).toHaveLength(model.length);
      expect(sysdig).toHaveLength(model.length);
      const all = [...model, ...grafana.map((q) => concreteQuery('grafana', q)), ...sysdig.map((q) => concreteQuery('sysdig', q))];
      for (const query of all) expect(parsePromQL(query).problems, query).toEqual([]);
      checked += all.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  describe('range windows: the docs page and both products agree', () => {
    const integration = integrationWithFixture();
    const files = renderAll(integration);
    const docs = renderDocsPage(contextOf(integration))[0]!.content;
    const grafana = (title: string) =>
      grafanaJson(files, integration.id, 'every-feature').panels.find((p) => p.title === title)?.targets?.[0]?.expr;
    const sysdig = (title: string) =>
      sysdigJson(files, integration.id, 'every-feature').dashboard.panels.find((p) => p.name === title)?.advancedQueries?.[0]?.query;

    it('keeps a fixed window as written: requests in the last hour stay [1h] everywhere', () => {
      expect(grafana('Requests by method')).toBe(
        'sum by (method) (increase(app_requests_total{method!="OPTIONS", instance=~"$instance"}[1h]))',
      );
      expect(sysdig('Requests by method')).toBe(
        'sum by (method) (increase(app_requests_total{method!="OPTIONS", instance=~$instance}[1h]))',
      );
      expect(docs).toContain('sum by (method) (increase(app_requests_total{method!="OPTIONS"}[1h]))');
    });

    it("gives a rate window each product's rate variable, and the docs the runnable window as written", () => {
      expect(grafana('Error ratio')).toBe(
        'sum(rate(app_errors_total{instance=~"$instance", method=~"$method"}[$__rate_interval])) / ' +
          'sum(rate(app_requests_total{instance=~"$instance", method=~"$method"}[$__rate_interval]))',
      );
      expect(sysdig('Error ratio')).toBe(
        'sum(rate(app_errors_total{instance=~$instance, method=~$method}[$__interval])) / ' +
          'sum(rate(app_requests_total{instance=~$instance, method=~$method}[$__interval]))',
      );
      expect(docs).toContain('sum(rate(app_errors_total[5m])) / sum(rate(app_requests_total[5m]))');
      expect(docs).not.toContain('$__');
    });
  });
});
