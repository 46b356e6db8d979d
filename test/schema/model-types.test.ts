import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { generatedTypesPath, generateModelTypes } from '../../src/model/codegen.js';
import { queriesOf, type Panel } from '../../src/model/index.js';

const schemasDir = new URL('../../schemas/', import.meta.url);
const schemas = readdirSync(schemasDir)
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => JSON.parse(readFileSync(new URL(file, schemasDir), 'utf8')) as unknown);

test('src/model/generated/types.ts is what the schemas generate (run `npm run schema:types` after a schema change)', async () => {
  const committed = await readFile(generatedTypesPath, 'utf8');
  expect(committed).toBe(await generateModelTypes());
});

test('no generated type is a numbered copy of another (LowercaseId1 beside LowercaseId)', async () => {
  const ts = await readFile(generatedTypesPath, 'utf8');
  const code = ts.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const declared = [...code.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]!);
  expect(declared.length).toBeGreaterThan(20);
  // A name may end in digits of its own (Ipv4); a copy is a declared name plus a number.
  expect(declared.filter((name) => /[A-Za-z]\d+$/.test(name) && declared.includes(name.replace(/\d+$/, '')))).toEqual([]);
  // Nor are there such names today at all: a new one is worth a look.
  expect([...new Set([...code.matchAll(/\b[A-Za-z_]\w*[A-Za-z]\d+\b/g)].map((m) => m[0]))]).toEqual([]);
});

test('every description in the schemas documents the generated types', async () => {
  const ts = await readFile(generatedTypesPath, 'utf8');
  const descriptions = (schema: unknown): string[] =>
    typeof schema !== 'object' || schema === null
      ? []
      : Object.entries(schema).flatMap(([key, value]) =>
          key === 'description' && typeof value === 'string' ? [value] : descriptions(value),
        );
  // A schema of only $defs (common.schema.json) is no type: its own description is the file's.
  const all = schemas.flatMap((schema) => descriptions((schema as { type?: string }).type ? schema : (schema as { $defs: object }).$defs));
  expect(all.length).toBeGreaterThan(50);
  expect(all.filter((description) => !ts.includes(description))).toEqual([]);
  // A use's own description documents the use, not the shared type it refers to.
  expect(ts).toMatch(/\* Must equal the module's folder name under src\/integrations\/\.\n\s*\*\/\n\s*id: LowercaseId;/);
});

test('panels are a union the compiler narrows by type', () => {
  const about: Panel = { id: 'about', type: 'text', title: 'About', description: '', content: '# About' };
  const hosts: Panel = { id: 'hosts', type: 'stat', title: 'Hosts', description: '', queries: [{ expr: 'count(up)' }] };
  // @ts-expect-error a text panel runs no queries
  const textWithQueries: Panel = { id: 'a', type: 'text', title: 'A', description: '', content: '', queries: [{ expr: 'up' }] };
  // @ts-expect-error a data panel has at least one query
  const statWithout: Panel = { id: 'b', type: 'stat', title: 'B', description: '', queries: [] };
  // @ts-expect-error only a text panel has content
  const timeseriesWithContent: Panel = { id: 'c', type: 'timeseries', title: 'C', description: '', queries: [{ expr: 'up' }], content: '' };
  // @ts-expect-error the queries are there only once the type says so
  const unchecked = (panel: Panel) => panel.queries;
  expect([textWithQueries, statWithout, timeseriesWithContent, unchecked]).toHaveLength(4);
  expect([queriesOf(about), queriesOf(hosts)]).toEqual([[], [{ expr: 'count(up)' }]]);
  if (hosts.type === 'stat') expect(hosts.queries).toHaveLength(1);
});
