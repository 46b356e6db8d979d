// The invalid-fixture corpus: one broken definition per lint rule, each located exactly.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { lintIntegration, lintRuleIds } from '../../src/lint/lint.js';
import { validateIntegration } from '../../src/validate/schema.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { expectFindings, type Fixture } from './fixture-assertions.js';

const dir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
const fixtureFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .sort();
/** Needs a generator fault injected; asserted in relabel-regex.test.ts. */
const injected = new Set(['relabel-regex.ts']);

test('the base definition is schema-valid and lints clean', () => {
  expect(validateIntegration.problems(baseIntegration())).toEqual([]);
  expect(lintIntegration(baseIntegration())).toEqual({ findings: [], excluded: [] });
});

test('every rule has a fixture named after it', () => {
  expect(fixtureFiles.map((f) => f.replace(/\.ts$/, ''))).toEqual(lintRuleIds.map((id) => id.replace('/', '-')).sort());
});

describe.each(fixtureFiles.filter((f) => !injected.has(f)))('%s', (file) => {
  test('is schema-valid and reports exactly its mistake', async () => {
    const fixture = (await import(`${dir}${file}`)) as Fixture;
    expect(validateIntegration.problems(fixture.default)).toEqual([]);
    expectFindings(fixture, lintIntegration(fixture.default, { ruleTarget: fixture.ruleTarget }));
  });
});
