import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DashboardResource } from '@perses-dev/core';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { queriesOf } from '../../src/model/index.js';
import { layoutDashboard } from '../../src/outputs/dashboards/layout.js';
import { productExpr } from '../../src/outputs/dashboards/products.js';
import { dashboardVariables } from '../../src/outputs/dashboards/variables.js';
import { renderPersesDashboards } from '../../src/outputs/perses/render.js';
import type { PersesDashboardResource } from '../../src/outputs/perses/render.js';
import { everyFeature } from '../fixtures/dashboards/every-feature.js';
import { allPanels, chainedValuesSelector, concreteQuery, contextOf, fileAt, integrationWithFixture } from './helpers.js';
import { persesDashboardProblems, persesDashboardResourceProblems } from './perses-structure.js';

const integration = integrationWithFixture();
const files = renderPersesDashboards(contextOf(integration));
const native = (id: string) => JSON.parse(fileAt(files, `${integration.id}/dashboards/perses/${id}.json`).content) as DashboardResource;
const resource = (id: string) =>
  parse(fileAt(files, `${integration.id}/dashboards/perses/${id}.persesdashboard.yaml`).content) as PersesDashboardResource;

/** Loosely typed views of the rendered panels, enough for the assertions. */
interface PanelJson {
  spec: {
    display: { name: string; description?: string };
    plugin: { kind: string; spec: Record<string, unknown> };
    queries?: { kind: string; spec: { plugin: { kind: string; spec: { query: string; seriesNameFormat?: string } } } }[];
  };
}
const panels = (dashboard: DashboardResource) => dashboard.spec.panels as unknown as Record<string, PanelJson>;
const panelTitled = (dashboard: DashboardResource, title: string) =>
  Object.values(panels(dashboard)).find((panel) => panel.spec.display.name === title);

describe.each(integration.dashboards.map((model) => ({ id: model.id, model })))('Perses dashboard $id', ({ model }) => {
  it('has the structure Perses documents, in both files', () => {
    expect(persesDashboardProblems(native(model.id))).toEqual([]);
    expect(persesDashboardResourceProblems(resource(model.id))).toEqual([]);
  });

  it('carries one spec: the API resource in the integration’s project, the operator’s under spec.config', () => {
    expect(native(model.id).metadata).toEqual({ name: model.id, project: integration.id });
    expect(resource(model.id)).toMatchObject({
      apiVersion: 'perses.dev/v1alpha2',
      kind: 'PersesDashboard',
      metadata: { name: model.id, labels: { 'app.kubernetes.io/name': integration.id, 'app.kubernetes.io/part-of': 'intgen' } },
    });
    expect(resource(model.id).spec.config).toEqual(native(model.id).spec);
  });

  it('goes to the build config’s shared project, named after its integration there, the resource in that namespace', () => {
    const shared = renderPersesDashboards({
      ...contextOf(integration),
      config: { persesDashboards: { project: 'monitoring', labels: { team: 'net' } } },
    });
    const name = `${integration.id}-${model.id}`;
    const sharedNative = JSON.parse(fileAt(shared, `${integration.id}/dashboards/perses/${model.id}.json`).content) as DashboardResource;
    const sharedResource = parse(fileAt(shared, `${integration.id}/dashboards/perses/${model.id}.persesdashboard.yaml`).content);
    expect(sharedNative.metadata).toEqual({ name, project: 'monitoring' });
    expect(sharedResource.metadata).toEqual({
      name,
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': integration.id, 'app.kubernetes.io/part-of': 'intgen', team: 'net' },
    });
    expect(persesDashboardResourceProblems(sharedResource)).toEqual([]);
  });

  it('lays out each row as a grid under its title, at the shared layout’s positions', () => {
    const { spec } = native(model.id);
    expect(spec.display).toEqual({ name: model.title, description: model.description });
    const placed = layoutDashboard(model);
    expect(spec.layouts.map((grid) => grid.spec.display?.title)).toEqual(model.rows.map((row) => row.title));
    spec.layouts.forEach((grid, index) => {
      const row = placed[index]!;
      expect(grid.spec.items.map(({ x, y, width, height }) => ({ x, y: y + row.header.y + 1, w: width, h: height }))).toEqual(
        row.panels.map((panel) => panel.box),
      );
      expect(grid.spec.items.map((item) => panels(native(model.id))[item.content.$ref.split('/').at(-1)!]?.spec.display.name)).toEqual(
        row.row.panels.map((panel) => panel.title),
      );
    });
  });

  it('queries what the model queries, for Perses, and every query parses once its variables are filled', () => {
    const rendered = Object.values(panels(native(model.id))).flatMap((panel) =>
      (panel.spec.queries ?? []).map((query) => query.spec.plugin.spec.query),
    );
    const modelQueries = allPanels(model).flatMap((panel) =>
      queriesOf(panel).map((query) => {
        const expr = productExpr('perses', query, dashboardVariables(model.variables, integration.metrics));
        return panel.type !== 'text' && panel.unit === 'microseconds' ? `(${expr}) / 1000` : expr;
      }),
    );
    expect(rendered).toEqual(modelQueries);
    for (const query of rendered) expect(parsePromQL(concreteQuery('perses', query)).problems, query).toEqual([]);
  });

  it('offers each variable as a multi-value list of its label’s values on its metric under the variables before it, All by default', () => {
    expect(native(model.id).spec.variables).toEqual(
      model.variables.map((variable) => ({
        kind: 'ListVariable',
        spec: {
          name: variable.name,
          display: { name: variable.label },
          allowMultiple: true,
          allowAllValue: true,
          customAllValue: '.*',
          defaultValue: '$__all',
          plugin: {
            kind: 'PrometheusLabelValuesVariable',
            spec: { labelName: variable.name, matchers: [chainedValuesSelector(model.variables, variable)] },
          },
        },
      })),
    );
  });
});

describe('Perses panels', () => {
  const calico = native('calico');
  const fixture = native(everyFeature.id);

  it('rates counters over $__rate_interval, with variables inside quotes', () => {
    expect(panelTitled(calico, 'Ipset command failures')?.spec.queries?.[0]?.spec.plugin.spec.query).toBe(
      'rate(felix_ipset_errors{instance=~"$instance"}[$__rate_interval])',
    );
  });

  it('shows microseconds as milliseconds, Perses having no smaller unit, and other units as Perses names them', () => {
    const exec = panelTitled(calico, 'Fork/exec of child processes');
    expect(exec?.spec.plugin.spec.yAxis).toEqual({ format: { unit: 'milliseconds' } });
    expect(exec?.spec.queries?.[0]?.spec.plugin.spec.query).toBe('(felix_exec_time_micros{quantile="0.5", instance=~"$instance"}) / 1000');
    expect(panelTitled(fixture, 'Error ratio')?.spec.plugin).toMatchObject({
      kind: 'StatChart',
      spec: { calculation: 'last-number', format: { unit: 'percent-decimal' } },
    });
    expect(panelTitled(fixture, 'Request size')?.spec.plugin.spec.yAxis).toEqual({ format: { unit: 'bytes' } });
  });

  it('turns thresholds into ascending coloured steps over an ok base, only where the model sets some', () => {
    expect(panelTitled(fixture, 'Error ratio')?.spec.plugin.spec.thresholds).toEqual({
      mode: 'absolute',
      defaultColor: '#2e7d32',
      steps: [
        { value: 0.01, color: '#ef6c00' },
        { value: 0.05, color: '#c62828' },
      ],
    });
    expect(panelTitled(calico, 'Hosts')?.spec.plugin.spec).not.toHaveProperty('thresholds');
  });

  it('keeps legends as series name formats, renders text as Markdown and tables with their unit on the value', () => {
    expect(panelTitled(fixture, 'Slowest request')?.spec.queries?.[0]?.spec.plugin.spec.seriesNameFormat).toBe('{{instance}} worst');
    expect(panelTitled(fixture, 'Request size')?.spec.queries?.[0]?.spec.plugin.spec).not.toHaveProperty('seriesNameFormat');
    expect(panelTitled(fixture, 'Read me')?.spec).toEqual({
      display: { name: 'Read me', description: 'What this is.' },
      plugin: { kind: 'Markdown', spec: { text: '**Bold** {{not a template}}' } },
    });
    expect(panelTitled(fixture, 'Requests by method')?.spec.plugin).toEqual({
      kind: 'Table',
      spec: { columnSettings: [{ name: 'value', format: { unit: 'decimal', shortValues: true } }] },
    });
  });
});

describe('the Perses structure checker', () => {
  /** The calico dashboard with one change: the checker must name what it breaks. */
  const broken = (change: (dashboard: DashboardResource) => void) => {
    const dashboard = native('calico');
    change(dashboard);
    return persesDashboardProblems(dashboard);
  };
  const firstItem = (dashboard: DashboardResource) => dashboard.spec.layouts[0]!.spec.items[0]!;
  const firstQuery = (dashboard: DashboardResource) =>
    Object.values(panels(dashboard)).find((panel) => panel.spec.queries?.length)!.spec.queries![0]!;

  it('finds a grid item referring to no panel, and the panel it no longer places', () => {
    expect(
      broken((d) => {
        firstItem(d).content.$ref = '#/spec/panels/missing';
      }),
    ).toEqual([
      'spec.layouts[0].items[0] refers to "#/spec/panels/missing", which is no panel',
      'spec.panels.panel-2 is placed 0 times, not once',
    ]);
  });

  it('finds a query of another plugin, an undefined variable, overlapping items and a missing project', () => {
    expect(
      broken((d) => {
        firstQuery(d).spec.plugin.kind = 'LokiLogQuery';
      }),
    ).toEqual(['spec.panels.panel-2.queries[0] plugin is LokiLogQuery']);
    expect(
      broken((d) => {
        firstQuery(d).spec.plugin.spec.query = 'up{job=~"$job"}';
      }),
    ).toEqual(['spec.panels.panel-2.queries[0] names $job, which is not defined']);
    expect(
      broken((d) => {
        d.spec.layouts[0]!.spec.items[1]!.x = 0;
      }),
    ).toEqual(['spec.layouts[0].items[1] overlaps another item']);
    expect(
      broken((d) => {
        d.metadata.project = '';
      }),
    ).toEqual(['metadata.project "" is not a Perses name']);
  });

  it('finds a resource of the wrong version and a dashboard spec outside spec.config', () => {
    const { spec, ...rest } = resource('calico');
    expect(persesDashboardResourceProblems({ ...rest, apiVersion: 'perses.dev/v1alpha1', spec: spec.config })).toEqual([
      'apiVersion is perses.dev/v1alpha1',
      'spec.config is not an object',
    ]);
  });
});
