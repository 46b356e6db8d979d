// The classic Grafana dashboards against Grafana's published JSON Schemas: the dashboard model, the timeseries and
// stat panel options and field config, and the Prometheus query.
import { describe, expect, it } from 'vitest';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { contextOf, grafanaJson, integrationWithFixture, type GrafanaPanelJson } from './helpers.js';
import { grafanaSchemas, problems } from './grafana-schemas.js';

function validators(compile: ReturnType<typeof grafanaSchemas>) {
  return {
    dashboard: compile('dashboard.jsonschema.json'),
    query: compile('prometheus.jsonschema.json'),
    options: {
      timeseries: compile('timeseries.jsonschema.json#/definitions/Options'),
      stat: compile('stat.jsonschema.json#/definitions/Options'),
    },
    fieldConfig: { timeseries: compile('timeseries.jsonschema.json#/definitions/FieldConfig') },
  };
}

describe('Grafana dashboards against Grafana’s published schemas', () => {
  it('conform: dashboard, panel options, field config and every query', (ctx) => {
    const validate = validators(grafanaSchemas(ctx, ['dashboard', 'timeseries', 'stat', 'prometheus']));
    const integration = integrationWithFixture();
    const files = renderGrafanaDashboards(contextOf(integration));
    const found: string[] = [];
    let panelsChecked = 0;
    for (const model of integration.dashboards) {
      const json = grafanaJson(files, integration.id, model.id);
      found.push(...problems(validate.dashboard, json, model.id));
      json.panels.forEach((panel: GrafanaPanelJson, index) => {
        const where = `${model.id} panels[${index}] (${panel.type})`;
        if (panel.type === 'timeseries' || panel.type === 'stat') {
          found.push(...problems(validate.options[panel.type], panel.options, `${where}.options`));
          panelsChecked++;
        }
        if (panel.type === 'timeseries')
          found.push(
            ...problems(validate.fieldConfig.timeseries, panel.fieldConfig?.defaults.custom, `${where}.fieldConfig.defaults.custom`),
          );
        // The stat panel publishes no field config of its own: nothing may sit in `custom`.
        if (panel.type === 'stat') expect(panel.fieldConfig?.defaults.custom ?? {}, where).toEqual({});
        for (const [t, target] of (panel.targets ?? []).entries())
          found.push(...problems(validate.query, target, `${where}.targets[${t}]`));
      });
    }
    expect(found).toEqual([]);
    expect(panelsChecked).toBeGreaterThan(0);
  });
});
