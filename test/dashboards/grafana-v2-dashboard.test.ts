import { describe, expect, it } from 'vitest';
import { grafanaUid } from '../../src/outputs/grafana/dashboard.js';
import { layoutDashboard } from '../../src/outputs/dashboards/layout.js';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { renderGrafanaV2Dashboards } from '../../src/outputs/grafana-v2/render.js';
import { chainedValuesSelector, contextOf, fileAt, grafanaJson, integrationWithFixture } from './helpers.js';

const integration = integrationWithFixture();
const v2Files = renderGrafanaV2Dashboards(contextOf(integration));
const classicFiles = renderGrafanaDashboards(contextOf(integration));

/* Loosely typed views of the rendered resource, enough for the assertions. */
interface GridItemJson {
  kind: string;
  spec: { x: number; y: number; width: number; height: number; element: { kind: string; name: string } };
}
interface ElementJson {
  kind: string;
  spec: {
    id: number;
    title: string;
    description: string;
    data: {
      spec: {
        queries: { spec: { refId: string; query: { group: string; datasource?: { name?: string }; spec: Record<string, unknown> } } }[];
      };
    };
    vizConfig: { group: string; spec: { options: unknown; fieldConfig: { defaults: unknown } } };
  };
}
interface ResourceJson {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    title: string;
    editable: boolean;
    tags: string[];
    variables: { kind: string; spec: Record<string, unknown> }[];
    elements: Record<string, ElementJson>;
    layout: {
      kind: string;
      spec: { rows: { kind: string; spec: { title: string; layout: { kind: string; spec: { items: GridItemJson[] } } } }[] };
    };
  };
}

describe.each(integration.dashboards.map((model) => ({ id: model.id, model })))('Grafana v2 dashboard $id', ({ model }) => {
  const resource = JSON.parse(fileAt(v2Files, `${integration.id}/dashboards/grafana-v2/${model.id}.json`).content) as ResourceJson;
  const classic = grafanaJson(classicFiles, integration.id, model.id);

  it('is the v2 resource of the classic dashboard’s uid, read-only, with its title and tags', () => {
    expect(resource).toMatchObject({
      apiVersion: 'dashboard.grafana.app/v2',
      kind: 'Dashboard',
      metadata: { name: grafanaUid(integration.id, model.id) },
    });
    expect(resource.metadata.name).toBe(classic.uid);
    expect(resource.spec).toMatchObject({ title: model.title, editable: false, tags: classic.tags });
  });

  it('lays out each row as a row of grid items at the shared layout’s positions, counted from under its header', () => {
    const placed = layoutDashboard(model);
    expect(resource.spec.layout.kind).toBe('RowsLayout');
    expect(resource.spec.layout.spec.rows.map((row) => [row.kind, row.spec.title, row.spec.layout.kind])).toEqual(
      model.rows.map((row) => ['RowsLayoutRow', row.title, 'GridLayout']),
    );
    resource.spec.layout.spec.rows.forEach((row, index) => {
      const { header, panels } = placed[index]!;
      expect(
        row.spec.layout.spec.items.map(({ spec }) => ({ x: spec.x, y: spec.y + header.y + header.h, w: spec.width, h: spec.height })),
      ).toEqual(panels.map((panel) => panel.box));
    });
    // Every element is placed once, and every item names an element.
    const names = resource.spec.layout.spec.rows.flatMap((row) => row.spec.layout.spec.items.map((item) => item.spec.element.name));
    expect(names.toSorted()).toEqual(Object.keys(resource.spec.elements).toSorted());
  });

  it('has the classic panels as elements: same ids, titles, queries, options and field config', () => {
    const classicPanels = classic.panels.filter((panel) => panel.type !== 'row');
    const elements = resource.spec.layout.spec.rows.flatMap((row) =>
      row.spec.layout.spec.items.map((item) => resource.spec.elements[item.spec.element.name]!),
    );
    expect(elements.map((e) => [e.spec.id, e.spec.vizConfig.group, e.spec.title, e.spec.description])).toEqual(
      classicPanels.map((p) => [p.id, p.type, p.title, p.description]),
    );
    elements.forEach((element, index) => {
      const panel = classicPanels[index]!;
      expect(element.spec.vizConfig.spec.options, panel.title).toEqual(panel.options);
      expect(element.spec.vizConfig.spec.fieldConfig.defaults, panel.title).toEqual(panel.fieldConfig?.defaults ?? {});
      const queries = element.spec.data.spec.queries.map(({ spec }) => ({ refId: spec.refId, ...spec.query.spec }));
      expect(queries, panel.title).toEqual((panel.targets ?? []).map(({ datasource: _, ...target }) => target));
      for (const { spec } of element.spec.data.spec.queries)
        expect(spec.query).toMatchObject({ group: 'prometheus', datasource: { name: '${datasource}' } });
    });
  });

  it('lets the viewer pick a Prometheus data source, then each label variable over it', () => {
    const [datasource, ...labels] = resource.spec.variables;
    expect(datasource).toMatchObject({ kind: 'DatasourceVariable', spec: { name: 'datasource', pluginId: 'prometheus' } });
    expect(labels.map((v) => [v.kind, v.spec.name, v.spec.definition, v.spec.multi, v.spec.includeAll, v.spec.allValue])).toEqual(
      model.variables.map((v) => [
        'QueryVariable',
        v.name,
        `label_values(${chainedValuesSelector(model.variables, v)}, ${v.name})`,
        true,
        true,
        '.*',
      ]),
    );
    for (const variable of labels)
      expect(variable.spec.query).toMatchObject({ group: 'prometheus', datasource: { name: '${datasource}' } });
  });
});
