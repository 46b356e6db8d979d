// relabel/regex guards the pipeline generator: inject the faulty step of the fixture into the generated
// plain-Prometheus pipeline and check the rule names the job, the pipeline and RE2's complaint.
import { expect, test, vi } from 'vitest';
import type * as Relabel from '../../src/analysis/relabel/engine.js';
import { lintIntegration } from '../../src/lint/lint.js';
import { validateIntegration } from '../../src/validate/schema.js';
import * as fixture from '../fixtures/invalid/relabel-regex.js';
import { expectFindings } from './fixture-assertions.js';

vi.mock('../../src/analysis/relabel/engine.js', async (importOriginal) => {
  const actual = await importOriginal<typeof Relabel>();
  const { faultyStep } = await import('../fixtures/invalid/relabel-regex.js');
  return {
    ...actual,
    relabelConfigs: (job: Parameters<typeof actual.relabelConfigs>[0], flavour: Relabel.ScrapeFlavour) =>
      flavour === 'prometheus' ? [...actual.relabelConfigs(job, flavour), faultyStep] : actual.relabelConfigs(job, flavour),
  };
});

test('relabel-regex.ts is schema-valid and reports exactly its mistake', () => {
  expect(validateIntegration.problems(fixture.default)).toEqual([]);
  expectFindings(fixture, lintIntegration(fixture.default));
});
