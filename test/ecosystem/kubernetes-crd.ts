// Validates a Kubernetes resource the way the API server does for a CustomResourceDefinition, with ajv: the
// CRD's OpenAPI v3 schema, its x-kubernetes-* extensions and formats, RE2 patterns, and the ObjectMeta rules every
// object obeys. Unknown fields are errors, as with `kubectl apply --validate=strict`, so a misspelt key fails
// instead of being silently pruned.
import { Ajv, type AnySchemaObject, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import { parse } from 'yaml';

interface CustomResourceDefinition {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: AnySchemaObject } }[];
  };
}

type OpenApiSchema = AnySchemaObject & {
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  anyOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  not?: OpenApiSchema;
};

/** Kubernetes matches `pattern` with Go's RE2 (e.g. `(?i)`, which JavaScript lacks); unanchored, like JSON Schema. */
const re2Engine = Object.assign(
  (pattern: string) => {
    const compiled = RE2JS.compile(pattern);
    return { test: (text: string) => compiled.matcher(text).find(), toString: () => pattern };
  },
  { code: 're2' },
);

// apimachinery's validation of names, namespaces, label and annotation keys and label values.
const dnsLabel = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dnsSubdomain = `${dnsLabel}(\\.${dnsLabel})*`;
const qualifiedName = `^(${dnsSubdomain}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`;
const objectMeta: OpenApiSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 253, pattern: `^${dnsSubdomain}$` },
    namespace: { type: 'string', maxLength: 63, pattern: `^${dnsLabel}$` },
    labels: {
      type: 'object',
      propertyNames: { pattern: qualifiedName, maxLength: 317 },
      additionalProperties: { type: 'string', pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$' },
    },
    annotations: {
      type: 'object',
      propertyNames: { pattern: qualifiedName, maxLength: 317 },
      additionalProperties: { type: 'string' },
    },
  },
  additionalProperties: false,
};

/**
 * The structural schema as a closed JSON Schema: objects that list their properties reject others unless they say
 * x-kubernetes-preserve-unknown-fields, and metadata (left open by CRDs) gets the ObjectMeta rules.
 */
function closed(schema: OpenApiSchema): OpenApiSchema {
  const out: OpenApiSchema = { ...schema };
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([key, value]) => [key, closed(value)]));
    if (out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  }
  if (out.items) out.items = closed(out.items);
  if (typeof out.additionalProperties === 'object') out.additionalProperties = closed(out.additionalProperties);
  for (const key of ['anyOf', 'allOf', 'oneOf'] as const) {
    const branches = out[key];
    if (branches) out[key] = branches.map(closed);
  }
  if (out.not) out.not = closed(out.not);
  return out;
}

function duplicateOf(items: unknown[], key: (item: unknown) => string): string | undefined {
  const seen = new Set<string>();
  for (const item of items) {
    const id = key(item);
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

function newAjv(): Ajv {
  // Strict: a keyword this file does not know (e.g. x-kubernetes-validations, CEL rules it cannot run) fails
  // the compile instead of being skipped. Not strictTypes: a quantity (int-or-string, as in the PodMonitor CRD)
  // puts a string `pattern` beside `anyOf` integer or string, which JSON Schema applies to strings only, as
  // Kubernetes does, and strictTypes refuses.
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, code: { regExp: re2Engine } });
  addFormats.default(ajv, ['date-time']);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  // The type check of int-or-string is the x-kubernetes-int-or-string keyword; any string passes the format.
  ajv.addFormat('int-or-string', true);
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    validate: (enabled: boolean, data: unknown) => !enabled || typeof data === 'string' || Number.isInteger(data),
    error: { message: 'must be an integer or a string' },
  });
  ajv.addKeyword({ keyword: 'x-kubernetes-preserve-unknown-fields', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-kubernetes-list-map-keys', schemaType: 'array' });
  // How server-side apply merges a map (atomic or granular); nothing to validate.
  ajv.addKeyword({ keyword: 'x-kubernetes-map-type', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    errors: true,
    validate: function listType(this: unknown, kind: string, data: unknown[], parentSchema?: AnySchemaObject): boolean {
      const mapKeys = (parentSchema?.['x-kubernetes-list-map-keys'] ?? []) as string[];
      const duplicate =
        kind === 'set'
          ? duplicateOf(data, (item) => JSON.stringify(item))
          : kind === 'map'
            ? duplicateOf(data, (item) => JSON.stringify(mapKeys.map((k) => (item as Record<string, unknown>)[k])))
            : undefined;
      if (duplicate === undefined) return true;
      (listType as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        {
          keyword: 'x-kubernetes-list-type',
          message: `list-type ${kind}: duplicate ${kind === 'map' ? `key (${mapKeys.join(', ')}) = ` : 'item '}${duplicate}`,
        },
      ];
      return false;
    },
  });
  return ajv;
}

/** One line per problem ("/spec/groups/0/rules/0/for: must match pattern …"); empty when valid. */
export type ResourceValidator = (resource: unknown) => string[];

/** A validator of resources of the CRD's served version `version`, from the CRD's YAML. */
export function crdValidator(crdYaml: string, version: string): ResourceValidator {
  const crd = parse(crdYaml) as CustomResourceDefinition;
  const served = crd.spec.versions.find((v) => v.name === version);
  if (!served) throw new Error(`the CRD has no version ${version}`);
  const schema = closed(served.schema.openAPIV3Schema);
  schema.properties = { ...schema.properties, metadata: objectMeta };
  schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'metadata'])];
  const validate = newAjv().compile(schema);
  const apiVersion = `${crd.spec.group}/${version}`;
  return (resource) => {
    const problems: string[] = [];
    const { apiVersion: gotVersion, kind } = (resource ?? {}) as { apiVersion?: unknown; kind?: unknown };
    if (gotVersion !== apiVersion) problems.push(`/apiVersion: must be ${apiVersion} (got ${JSON.stringify(gotVersion)})`);
    if (kind !== crd.spec.names.kind) problems.push(`/kind: must be ${crd.spec.names.kind} (got ${JSON.stringify(kind)})`);
    if (!validate(resource)) {
      for (const error of validate.errors ?? []) {
        const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
        problems.push(`${error.instancePath || '/'}: ${error.message ?? error.keyword}${extra}`);
      }
    }
    return problems;
  };
}
