// The shipped Calico module lints without errors at its default parameters.
import { expect, test } from 'vitest';
import calico from '../../src/integrations/calico/index.js';
import { lintIntegration } from '../../src/validate/lint.js';

test('calico has no lint errors', () => {
  const defaults = Object.fromEntries(Object.entries(calico.params).map(([name, spec]) => [name, spec.default]));
  const result = lintIntegration(calico.define(defaults as Parameters<typeof calico.define>[0]));
  expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
});
