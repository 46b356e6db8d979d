// JSON Schema validation (ajv, draft 2020-12) of modules' parameters, their resolved definitions and the
// build config. Schemas are compiled ahead by `npm run compile` (or once per process, see validators()); errors are turned
// into one line each that names where (a JSON path) and what was expected.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import type { Ajv2020 as Ajv, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { cacheDir, readCacheFile, writeCacheFile } from '../support/cache-dir.js';
import { compiledAheadDir, schemasDir } from '../support/own-files.js';
import { requireOwnFile } from '../support/run-code.js';
import type { BuildConfig, Integration, ParamSpecs } from '../model/index.js';
import { illFormedStrings } from './well-formed.js';
import type { LocatedProblem } from '../core/diagnostics.js';

type Validator<T> = ((value: unknown) => value is T) & { problems(value: unknown): LocatedProblem[] };

type Validators = { integration: ValidateFunction; params: ValidateFunction; config: ValidateFunction };

let compiled: Validators | undefined;

const require = createRequire(import.meta.url);
const ajvOptions = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true };
const schemaId = (name: keyof Validators) => `https://intgen.dev/schemas/${name}.schema.json`;

/**
 * Compiling the schemas takes a few hundred milliseconds, more than the rest of checking a small catalog, so it is
 * done ahead: `npm run compile` writes the compiled code (ajv's standalone output: the same validation functions)
 * beside the bundle, named by a hash of everything that shapes it: the schemas, the ajv options and the ajv
 * versions, so a run with an empty cache folder (a fresh CI clone) compiles nothing. When the schemas changed
 * since (a schema edited, not yet compiled), the compiled code is kept in the cache folder under the same name;
 * without a usable cache the schemas are compiled here.
 */
function validators(): Validators {
  if (!compiled) {
    const { schemas, file } = schemaSources();
    compiled = loadShipped(file) ?? loadCompiled(file) ?? compileAndCache(schemas, file);
  }
  return compiled;
}

/** The schemas' text, and the name of their compiled validators' file. */
function schemaSources(): { schemas: string[]; file: string } {
  const schemas = readdirSync(schemasDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((file) => readFileSync(path.join(schemasDir, file), 'utf8'));
  const versions = ['ajv', 'ajv-formats'].map((name) => (require(`${name}/package.json`) as { version: string }).version);
  const key = createHash('sha256')
    .update(JSON.stringify([versions, ajvOptions, schemas]))
    .digest('hex')
    .slice(0, 20);
  return { schemas, file: `validators-${key}.cjs` };
}

const pickValidators = ({ integration, params, config }: Partial<Validators>): Validators | undefined =>
  typeof integration === 'function' && typeof params === 'function' && typeof config === 'function'
    ? { integration, params, config }
    : undefined;

/** The validators `npm run compile` wrote for these very schemas, part of intgen's own code like the bundle. */
function loadShipped(file: string): Validators | undefined {
  const shipped = path.join(compiledAheadDir, file);
  return existsSync(shipped) ? pickValidators(requireOwnFile(shipped) as Partial<Validators>) : undefined;
}

/** Writes the validators compiled from the schemas as they are now beside the bundle (npm run compile). */
export function writeShippedValidators(): string {
  const { schemas, file } = schemaSources();
  const target = path.join(compiledAheadDir, file);
  writeFileSync(target, compileSchemas(schemas).code);
  return target;
}

/**
 * The file opens with a line carrying the sha256 of the code after it, so code that is not what intgen wrote
 * (damaged, or edited by hand) is never run: it is compiled again instead. Someone who recomputes the line can
 * still make intgen run their code, as they could by editing intgen itself; readCacheFile only reads this
 * user's own files.
 */
const codeLine = (code: string) => `// sha256:${createHash('sha256').update(code).digest('hex')}\n`;

function loadCompiled(cacheFile: string): Validators | undefined {
  const text = readCacheFile(cacheFile)?.toString('utf8');
  const firstLine = text?.indexOf('\n') ?? -1;
  if (!text || firstLine < 0) return undefined;
  const code = text.slice(firstLine + 1);
  if (text.slice(0, firstLine + 1) !== codeLine(code)) return undefined;
  try {
    // The very bytes just checked, run as a CommonJS module whose require() resolves from intgen's own
    // packages (the ajv runtime it needs), wherever the cache folder is.
    const filename = cacheDir + cacheFile;
    const module = { exports: {} as Partial<Validators> };
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename })(
      module.exports,
      require,
      module,
      filename,
      cacheDir,
    );
    return pickValidators(module.exports);
  } catch {
    return undefined;
  }
}

function compileAndCache(schemas: string[], cacheFile: string): Validators {
  const { validators, code } = compileSchemas(schemas);
  writeCacheFile(cacheFile, codeLine(code) + code);
  return validators;
}

function compileSchemas(schemas: string[]): { validators: Validators; code: string } {
  // Loaded only here: with compiled validators at hand, ajv itself is never needed.
  const { Ajv2020 } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv };
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const ajv = new Ajv2020({ ...ajvOptions, code: { source: true } });
  addFormats(ajv, ['uri']);
  for (const schema of schemas) ajv.addSchema(JSON.parse(schema) as object);
  const names = ['integration', 'params', 'config'] as const;
  const validators = Object.fromEntries(names.map((name) => [name, ajv.getSchema(schemaId(name))!])) as Validators;
  const standaloneCode = (require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, refs: Record<string, string>) => string })
    .default;
  return { validators, code: standaloneCode(ajv, Object.fromEntries(names.map((name) => [name, schemaId(name)]))) };
}

function validator<T>(pick: (v: ReturnType<typeof validators>) => ValidateFunction): Validator<T> {
  const check = ((value: unknown) => pick(validators())(value)) as Validator<T>;
  check.problems = (value) => {
    const validate = pick(validators());
    // Lone surrogates are checked beside the schemas, in every string (well-formed.ts).
    return [...(validate(value) ? [] : describeErrors(validate.errors ?? [])), ...illFormedStrings(value)];
  };
  return check;
}

export const validateIntegration = validator<Integration>((v) => v.integration);
export const validateParamSpecs = validator<ParamSpecs>((v) => v.params);
export const validateBuildConfig = validator<BuildConfig>((v) => v.config);

/** `/alerts/felix-errors/0/for` → `alerts.felix-errors[0].for` */
export function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}

// Numbers as JavaScript spells them: JSON would show NaN and Infinity as null, which is not what was given.
const show = (value: unknown) => (typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value)));

/** What a constrained string should look like, from the title and first example of its schema. */
function expectation(schema: { title?: string; examples?: unknown[] } | undefined): string | undefined {
  if (!schema?.title) return undefined;
  const example = schema.examples?.[0];
  return `must be a ${schema.title}${example === undefined ? '' : ` like ${show(example)}`}`;
}

function describe(error: ErrorObject): LocatedProblem | undefined {
  const path = jsonPath(error.instancePath);
  const got = `(got ${show(error.data)})`;
  const parent = error.parentSchema as { title?: string; examples?: unknown[] } | undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if': // the failing `then`/`else` branch reports the actual problem
    case 'oneOf': // with the discriminator only the selected branch reports, below
      return undefined;
    case 'minLength':
    case 'pattern':
    case 'maxLength':
    case 'format': {
      if (error.keyword === 'minLength' && params.limit === 1 && !parent?.title) return { path, message: 'must not be empty' };
      const expected = expectation(parent) ?? (error.keyword === 'format' ? `must be a ${String(params.format)}` : error.message);
      return { path, message: `${expected} ${got}` };
    }
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map(show).join(', ')} ${got}` };
    case 'discriminator': {
      // A missing tag is reported by `required`; otherwise name the tag and the values its oneOf branches take.
      if (params.tagValue === undefined) return undefined;
      const at = jsonPath(`${error.instancePath}/${String(params.tag)}`);
      const tagValue = `(got ${show(params.tagValue)})`;
      if (params.error === 'tag') return { path: at, message: `must be a string ${tagValue}` };
      const branches = (parent as { oneOf?: { properties?: Record<string, { const?: unknown; enum?: unknown[] }> }[] }).oneOf ?? [];
      const values = branches.flatMap((branch) => {
        const tag = branch.properties?.[String(params.tag)];
        return tag?.const !== undefined ? [tag.const] : (tag?.enum ?? []);
      });
      return { path: at, message: `must be one of ${values.map(show).join(', ')} ${tagValue}` };
    }
    case 'const': {
      const because = /\/dependentSchemas\/([^/]+)\//.exec(error.schemaPath)?.[1];
      return { path, message: `must be ${show(params.allowedValue)}${because ? ` when ${show(because)} is set` : ''} ${got}` };
    }
    case 'required':
      return { path, message: `missing required property ${show(params.missingProperty)}` };
    case 'additionalProperties': {
      const allowed = Object.keys((parent as { properties?: object }).properties ?? {});
      return {
        path,
        message: `unknown property ${show(params.additionalProperty)}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'not': {
      const forbidden = (error.schema as { required?: string[]; anyOf?: { required: string[] }[] }) ?? {};
      const names = forbidden.required ?? forbidden.anyOf?.flatMap((s) => s.required) ?? [];
      return { path, message: names.length ? `must not have ${names.map(show).join(' or ')} here` : 'must not match the excluded shape' };
    }
    case 'type':
      return { path, message: `must be ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)} ${got}` };
    case 'minItems':
      return { path, message: `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'uniqueItems':
      return { path, message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)` };
    default:
      return { path, message: `${error.message ?? 'is invalid'}${error.data === undefined ? '' : ` ${got}`}` };
  }
}

function describeErrors(errors: ErrorObject[]): LocatedProblem[] {
  const seen = new Set<string>();
  const problems: LocatedProblem[] = [];
  for (const error of errors) {
    // A propertyNames failure is reported twice: for the key itself and for the object; keep the key's.
    if (error.propertyName !== undefined) {
      const expected = expectation(error.parentSchema as { title?: string; examples?: unknown[] });
      const problem = {
        path: jsonPath(error.instancePath),
        message: `key ${show(error.propertyName)} ${expected ?? error.message ?? 'is not allowed'}`,
      };
      const key = `${problem.path}\0${problem.message}`;
      if (!seen.has(key)) problems.push(problem);
      seen.add(key);
      continue;
    }
    if (error.keyword === 'propertyNames') continue;
    const problem = describe(error);
    if (!problem) continue;
    const key = `${problem.path}\0${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}
