// The Grafana dashboards against Grafana's published JSON Schemas (grafana-foundation-sdk's jsonschema/, in
// /work/shared/reference/grafana): the dashboard model, the timeseries and stat panel options and field config,
// and the Prometheus query. The schemas are draft-07 and self-contained (common.jsonschema.json, which none of
// them references, is left out: its ScaleDirection enum repeats a value, which draft-07 forbids). They live
// outside the repository: with CI=true their absence fails the test; elsewhere it is skipped with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { contextOf, grafanaJson, integrationWithFixture, type GrafanaPanelJson } from './helpers.js';

const schemaDir = fileURLToPath(new URL('../../../shared/reference/grafana/', import.meta.url));
const schemaFiles = ['dashboard', 'timeseries', 'stat', 'prometheus'].map((name) => `${name}.jsonschema.json`);
const available = schemaFiles.every((file) => existsSync(`${schemaDir}${file}`));

function validators() {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv, ['date-time']);
  // An annotation Grafana's schemas carry on deprecated fields; it constrains nothing.
  ajv.addKeyword('x-deprecation-message');
  for (const file of schemaFiles) ajv.addSchema(JSON.parse(readFileSync(`${schemaDir}${file}`, 'utf8')) as AnySchemaObject, file);
  const compile = (ref: string): ValidateFunction => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  };
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

function problems(validate: ValidateFunction, data: unknown, where: string): string[] {
  return validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('Grafana dashboards against Grafana’s published schemas', () => {
  it('conform: dashboard, panel options, field config and every query', (ctx) => {
    if (!available) {
      if (process.env.CI === 'true') throw new Error(`CI=true but Grafana's schemas are missing from ${schemaDir}`);
      ctx.skip(`Grafana's schemas are not at ${schemaDir} (the shared reference folder next to the repository)`);
    }
    const validate = validators();
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
