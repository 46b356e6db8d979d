// Generates src/model/generated/types.ts from the JSON Schemas in schemas/, so the schemas that
// validate a definition and the TypeScript types that author it are one source of truth.
// `npm run schema:types` writes the file; test/schema/model-types.test.ts fails when it has drifted.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
export const generatedTypesPath = fileURLToPath(new URL('../../src/model/generated/types.ts', import.meta.url));

/** Root schemas whose types the model exposes; shared $defs are emitted once. */
const roots = ['integration', 'params', 'config'] as const;

const banner = `// Generated from schemas/ by src/model/codegen.ts — do not edit; run \`npm run schema:types\`.`;

/** Keywords that document a schema without constraining it: they stay where they are written. */
const annotations = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated']);
/** Keywords whose values are data, not schemas. */
const dataKeywords = new Set(['const', 'enum', 'examples', 'default', 'required', 'discriminator', 'dependentRequired']);

/**
 * json-schema-to-typescript copies a `$ref`'s target for every `$ref` that has siblings (a use's own description,
 * a narrowing of its pattern), and names each copy with a number: LowercaseId1, LowercaseId2… JSON Schema allows
 * the siblings, so the schemas keep them; for the generator each such `$ref` becomes `allOf: [{ $ref }]` beside its
 * annotations, which it reads as the shared type documented where it is used, and the siblings that constrain
 * become a second `allOf` member: an intersection, named only when the use has a title of its own.
 */
export function bareRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(bareRefs);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).map(([key, value]) => [key, dataKeywords.has(key) ? value : bareRefs(value)] as const);
  const { $ref, ...siblings } = Object.fromEntries(entries) as Record<string, unknown>;
  if (typeof $ref !== 'string' || Object.keys(siblings).length === 0) return Object.fromEntries(entries);
  const kept = Object.entries(siblings).filter(([key]) => annotations.has(key));
  const constraints = Object.entries(siblings).filter(([key]) => !annotations.has(key));
  return { ...Object.fromEntries(kept), allOf: [{ $ref }, ...(constraints.length ? [Object.fromEntries(constraints)] : [])] };
}

/** The generator's note on every shared definition says where it was found, not what it is. */
const definitionNote = /( *\*\n)? *\* This interface was referenced by `\w+`'s JSON-Schema\n *\* via the `definition` "\w+"\.\n/g;
const emptyComment = /^ *\/\*\*\n *\*\/\n/gm;

export async function generateModelTypes(): Promise<string> {
  const combined: JSONSchema = {
    title: 'Model',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(roots.map((r) => [r, { $ref: `${r}.schema.json` }])),
  };
  const ts = await compile(combined, 'Model', {
    cwd: schemasDir,
    bannerComment: banner,
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
    unreachableDefinitions: true,
    $refOptions: {
      resolve: {
        schemas: {
          order: 1,
          canRead: /\.schema\.json$/,
          read: async (file: { url: string }) => JSON.stringify(bareRefs(JSON.parse(await readFile(file.url, 'utf8')))),
        },
      },
    },
  });
  // The synthetic root only exists to emit every schema once; it is not part of the model.
  return ts
    .replace(/export interface Model \{[^}]*\}\n\n?/, '')
    .replace(definitionNote, '')
    .replace(emptyComment, '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ts = await generateModelTypes();
  const previous = await readFile(generatedTypesPath, 'utf8').catch(() => '');
  if (previous !== ts) await writeFile(generatedTypesPath, ts);
  console.log(previous === ts ? 'types up to date' : `wrote ${generatedTypesPath}`);
}
