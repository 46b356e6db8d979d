import { describe, expect, it } from 'vitest';
import { queriesOf, type Dashboard, type Integration } from '../../src/model/index.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { calicoIntegration, concreteQuery, integrationWithFixture, renderAll, grafanaJson, sysdigJson } from './helpers.js';

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
});
