// The shipped Calico module lints without errors at its default parameters.
import { expect, test } from 'vitest';
import { lintIntegration } from '../../src/lint/lint.js';
import { defineCalico } from '../helpers/calico.js';

test('calico has no lint errors', () => {
  const result = lintIntegration(defineCalico());
  expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
});
