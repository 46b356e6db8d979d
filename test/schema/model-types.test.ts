import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { generatedTypesPath, generateModelTypes } from '../../src/model/codegen.js';

test('src/model/generated/types.ts is what the schemas generate (run `npm run schema:types` after a schema change)', async () => {
  const committed = await readFile(generatedTypesPath, 'utf8');
  expect(committed).toBe(await generateModelTypes());
});
