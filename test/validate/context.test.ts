// The lint context: what it derives for several rules is worked out once per definition.
import { expect, test } from 'vitest';
import { createContext, type LintContext } from '../../src/lint/context.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';

test('derived computes a fact on first use and keeps it for that context only', () => {
  const calls: LintContext[] = [];
  const alertIds = (ctx: LintContext) => {
    calls.push(ctx);
    return ctx.alerts.map((a) => a.item);
  };
  const first = createContext(baseIntegration());
  const ids = first.derived(alertIds);
  expect(first.derived(alertIds)).toBe(ids);
  expect(calls).toEqual([first]);

  const second = createContext(baseIntegration());
  expect(second.derived(alertIds)).not.toBe(ids);
  expect(calls).toEqual([first, second]);
});
