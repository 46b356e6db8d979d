// Grafana's published JSON Schemas (grafana-foundation-sdk's jsonschema/, in /work/shared/reference/grafana), for
// the conformance tests of both dashboard models. They are draft-07 and self-contained (common.jsonschema.json,
// which none of them references, is left out: its ScaleDirection enum repeats a value, which draft-07 forbids).
// They live outside the repository: with CI=true their absence fails the test; elsewhere it is skipped with the
// reason.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TestContext } from 'vitest';

const schemaDir = fileURLToPath(new URL('../../../shared/reference/grafana/', import.meta.url));

export type GrafanaSchema = 'dashboard' | 'dashboardv2' | 'timeseries' | 'stat' | 'prometheus';

/**
 * Compiles `names` (each `<name>.jsonschema.json`) into one Ajv; `compile('<file>#/definitions/X')` gets a
 * validator. Fails the test in CI, and skips it elsewhere, when a schema file is missing.
 */
export function grafanaSchemas(ctx: TestContext, names: readonly GrafanaSchema[]): (ref: string) => ValidateFunction {
  const files = names.map((name) => `${name}.jsonschema.json`);
  if (!files.every((file) => existsSync(`${schemaDir}${file}`))) {
    if (process.env.CI === 'true') throw new Error(`CI=true but Grafana's schemas are missing from ${schemaDir}`);
    ctx.skip(`Grafana's schemas are not at ${schemaDir} (the shared reference folder next to the repository)`);
  }
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv, ['date-time']);
  // An annotation Grafana's schemas carry on deprecated fields; it constrains nothing.
  ajv.addKeyword('x-deprecation-message');
  for (const file of files) ajv.addSchema(JSON.parse(readFileSync(`${schemaDir}${file}`, 'utf8')) as AnySchemaObject, file);
  return (ref) => {
    const validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`no schema at ${ref}`);
    return validate;
  };
}

/** What `validate` finds wrong with `data`, each line prefixed with `where`. */
export function problems(validate: ValidateFunction, data: unknown, where: string): string[] {
  return validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
