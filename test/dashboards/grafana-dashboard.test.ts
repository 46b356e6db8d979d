import { defaultDashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { grafanaDashboard, grafanaDashboardJson, grafanaUid, grafanaUidMaxLength } from '../../src/outputs/grafana/dashboard.js';
import type { Dashboard } from '../../src/model/index.js';
import { toJson } from '../../src/serialize/json.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { everyFeature } from '../fixtures/dashboards/every-feature.js';
import {
  allPanels,
  chainedValuesSelector,
  concreteQuery,
  contextOf,
  filteredBy,
  grafanaJson,
  integrationWithFixture,
  type GrafanaDashboardJson,
} from './helpers.js';

const integration = integrationWithFixture();
const files = renderGrafanaDashboards(contextOf(integration));
const rendered: [Dashboard, GrafanaDashboardJson][] = integration.dashboards.map((d) => [d, grafanaJson(files, integration.id, d.id)]);
const datasourceRef = { type: 'prometheus', uid: '${datasource}' };

describe.each(rendered.map(([model, json]) => ({ id: model.id, model, json })))('Grafana dashboard $id', ({ model, json }) => {
  const dataPanels = json.panels.filter((p) => p.type !== 'row' && p.type !== 'text');

  it('uses the SDK’s schema version, a stable uid and the tags', () => {
    expect(json.schemaVersion).toBe(defaultDashboard().schemaVersion);
    expect(json.uid).toBe(grafanaUid(integration.id, model.id));
    expect(json.title).toBe(model.title);
    expect(json.tags).toEqual([...new Set([integration.id, ...(model.tags ?? [])])]);
  });

  it('lets the viewer pick a Prometheus data source that every panel and query reads', () => {
    const [first, ...labels] = json.templating.list;
    expect(first).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus' });
    expect(labels.map((v) => [v.type, v.name, v.query, v.datasource?.uid, v.multi, v.includeAll])).toEqual(
      model.variables.map((v) => [
        'query',
        v.name,
        `label_values(${chainedValuesSelector(model.variables, v)}, ${v.name})`,
        '${datasource}',
        true,
        true,
      ]),
    );
    for (const panel of dataPanels) {
      expect(panel.datasource, panel.title).toEqual(datasourceRef);
      for (const target of panel.targets ?? []) expect(target.datasource).toEqual(datasourceRef);
    }
  });

  it('renders the model’s rows, panels, units and legends in order', () => {
    const expected = model.rows.flatMap((row) => [['row', row.title], ...row.panels.map((p) => [p.type, p.title])]);
    expect(json.panels.map((p) => [p.type, p.title])).toEqual(expected);
    const modelPanels = allPanels(model);
    dataPanels.forEach((panel, index) => {
      const source = modelPanels.filter((p) => p.type !== 'text')[index];
      expect(panel.description).toBe(source?.description);
      expect(panel.targets?.map((t) => t.refId)).toEqual(source?.queries?.map((_, i) => String.fromCharCode(65 + i)));
      expect(panel.targets?.map((t) => t.legendFormat)).toEqual(source?.queries?.map((q) => q.legend ?? '__auto'));
    });
    const ids = json.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds queries that parse with $__rate_interval in every counter window and quoted variables', () => {
    for (const target of dataPanels.flatMap((p) => p.targets ?? [])) {
      expect(parsePromQL(concreteQuery('grafana', target.expr)).problems, target.expr).toEqual([]);
      expect(target.expr).not.toMatch(/\[\$__interval\]/);
      for (const selector of parsePromQL(concreteQuery('grafana', target.expr)).selectors) {
        for (const variable of model.variables.filter((v) => filteredBy(integration.metrics, v, selector.metric)))
          expect(
            selector.matchers.map((m) => m.label),
            target.expr,
          ).toContain(variable.name);
      }
      expect(target.expr, 'Grafana needs the variable inside quotes').not.toMatch(/=~\$/);
    }
  });
});

describe('Grafana panels', () => {
  const calico = rendered.find(([model]) => model.id === 'calico')?.[1];
  const fixture = rendered.find(([model]) => model.id === everyFeature.id)?.[1];
  const panel = (json: GrafanaDashboardJson | undefined, title: string) => json?.panels.find((p) => p.title === title);

  it('rates counters over $__rate_interval and shows fork/exec microseconds as time', () => {
    expect(panel(calico, 'Ipset command failures')?.targets?.[0]?.expr).toBe(
      'rate(felix_ipset_errors{instance=~"$instance"}[$__rate_interval])',
    );
    expect(panel(calico, 'Fork/exec of child processes')?.fieldConfig?.defaults.unit).toBe('µs');
    expect(panel(calico, 'Dataplane update')?.fieldConfig?.defaults.unit).toBe('s');
  });

  it('turns thresholds into ascending coloured steps over a green base, and draws them on time series', () => {
    expect(panel(fixture, 'Error ratio')?.fieldConfig?.defaults.thresholds).toEqual({
      mode: 'absolute',
      steps: [
        { value: null, color: 'green' },
        { value: 0.01, color: 'orange' },
        { value: 0.05, color: 'red' },
      ],
    });
    expect(panel(fixture, 'Slowest request')?.fieldConfig?.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'line' } });
    // Without model thresholds, only the base: Grafana's implicit red-at-80 would flag a count of 80 hosts.
    expect(panel(calico, 'Hosts')?.fieldConfig?.defaults.thresholds?.steps).toEqual([{ value: null, color: 'green' }]);
  });

  it('filters by the felix node variable only the felix rows: the IPAM row reads kube-controllers, which has no such node', () => {
    const exprs = (rowTitle: string) => {
      const row = calico?.panels.findIndex((p) => p.type === 'row' && p.title === rowTitle) ?? -1;
      const next = calico?.panels.findIndex((p, i) => i > row && p.type === 'row') ?? -1;
      return (calico?.panels.slice(row + 1, next === -1 ? undefined : next) ?? []).flatMap((p) => p.targets ?? []).map((t) => t.expr);
    };
    const ipam = exprs('IP address management (kube-controllers)');
    expect(ipam.length).toBeGreaterThan(0);
    for (const expr of ipam) expect(expr).not.toContain('$instance');
    for (const expr of exprs('Cluster overview')) expect(expr).toContain('instance=~"$instance"');
  });

  it('renders text as markdown, untouched, and tables as instant queries', () => {
    expect(panel(fixture, 'Read me')?.options).toEqual({ mode: 'markdown', content: '**Bold** {{not a template}}' });
    expect(panel(fixture, 'Requests by method')?.targets?.[0]).toMatchObject({ instant: true, format: 'table' });
  });
});

describe('grafanaDashboardJson', () => {
  it('is the dashboard’s JSON, built for the integration asked for even when the model was built for another', () => {
    for (const integrationId of ['calico', 'other']) {
      expect(grafanaDashboardJson(integrationId, everyFeature, [])).toBe(toJson(grafanaDashboard(integrationId, everyFeature, [])));
    }
  });
});

describe('grafanaUid', () => {
  it('is readable when short enough', () => {
    expect(grafanaUid('calico', 'calico')).toBe('calico_calico');
  });

  it('tells apart pairs that a plain dash would join alike', () => {
    expect(grafanaUid('a-b', 'c')).not.toBe(grafanaUid('a', 'b-c'));
  });

  it('stays within 40 characters, stable and distinct, when the ids are long', () => {
    const long = 'x'.repeat(40);
    const uids = [grafanaUid(long, 'overview'), grafanaUid(long, 'details'), grafanaUid('overview', long)];
    for (const uid of uids) expect(uid.length).toBeLessThanOrEqual(grafanaUidMaxLength);
    expect(new Set(uids).size).toBe(uids.length);
    expect(grafanaUid(long, 'overview')).toBe(uids[0]);
    expect(uids[0]).toMatch(/^x{31}-[0-9a-f]{8}$/);
  });
});
