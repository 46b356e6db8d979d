// The Grafana v2 dashboard resources against Grafana's published v2 schema (dashboardv2.jsonschema.json: the
// spec, its apiVersion and kind), their panels' options and field config against the panel schemas the classic
// model uses too, and every query against the Prometheus query schema.
import { describe, expect, it } from 'vitest';
import { renderGrafanaV2Dashboards } from '../../src/outputs/grafana-v2/render.js';
import { contextOf, fileAt, integrationWithFixture } from './helpers.js';
import { grafanaSchemas, problems } from './grafana-schemas.js';

interface VizJson {
  group: string;
  spec: { options: unknown; fieldConfig: { defaults: { custom?: Record<string, unknown> } } };
}
interface ElementJson {
  kind: string;
  spec: { data: { spec: { queries: { spec: { query: { spec: unknown } } }[] } }; vizConfig: VizJson };
}
interface ManifestJson {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: { elements: Record<string, ElementJson> };
}

describe('Grafana v2 dashboards against Grafana’s published schemas', () => {
  it('conform: resource, spec, panel options, field config and every query', (ctx) => {
    const compile = grafanaSchemas(ctx, ['dashboardv2', 'timeseries', 'stat', 'prometheus']);
    const v2 = (definition: string) => compile(`dashboardv2.jsonschema.json#/definitions/${definition}`);
    const validate = {
      apiVersion: v2('DashboardAPIVersion'),
      kind: v2('DashboardKind'),
      spec: v2('Dashboard'),
      query: compile('prometheus.jsonschema.json'),
      options: {
        timeseries: compile('timeseries.jsonschema.json#/definitions/Options'),
        stat: compile('stat.jsonschema.json#/definitions/Options'),
      },
      fieldConfig: { timeseries: compile('timeseries.jsonschema.json#/definitions/FieldConfig') },
    };
    const integration = integrationWithFixture();
    const files = renderGrafanaV2Dashboards(contextOf(integration));
    const found: string[] = [];
    const checked = { panels: 0, queries: 0 };
    for (const model of integration.dashboards) {
      const resource = JSON.parse(fileAt(files, `${integration.id}/dashboards/grafana-v2/${model.id}.json`).content) as ManifestJson;
      found.push(
        ...problems(validate.apiVersion, resource.apiVersion, `${model.id}.apiVersion`),
        ...problems(validate.kind, resource.kind, `${model.id}.kind`),
        ...problems(validate.spec, resource.spec, `${model.id}.spec`),
      );
      for (const [key, element] of Object.entries(resource.spec.elements)) {
        const where = `${model.id} elements.${key} (${element.spec.vizConfig.group})`;
        const { group, spec } = element.spec.vizConfig;
        if (group === 'timeseries' || group === 'stat') {
          found.push(...problems(validate.options[group], spec.options, `${where}.options`));
          checked.panels++;
        }
        if (group === 'timeseries')
          found.push(
            ...problems(validate.fieldConfig.timeseries, spec.fieldConfig.defaults.custom, `${where}.fieldConfig.defaults.custom`),
          );
        for (const [q, query] of element.spec.data.spec.queries.entries()) {
          found.push(...problems(validate.query, query.spec.query.spec, `${where}.queries[${q}]`));
          checked.queries++;
        }
      }
    }
    expect(found).toEqual([]);
    expect(checked.panels).toBeGreaterThan(0);
    expect(checked.queries).toBeGreaterThan(0);
  });
});
