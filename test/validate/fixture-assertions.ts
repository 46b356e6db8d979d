// Shared by the fixture corpus tests: a fixture's expected findings, located exactly.
import type { RuleTarget } from '../../src/model/index.js';
import { expect } from 'vitest';
import type { Integration } from '../../src/model/index.js';
import type { LintResult } from '../../src/lint/lint.js';
import type { ExpectedFinding } from '../fixtures/invalid/_base.js';

export interface Fixture {
  default: Integration;
  expected: ExpectedFinding[];
  /** Other rules the one mistake also (rightly) triggers. */
  incidental?: string[];
  /** The build's rule target the mistake is one for (the default otherwise). */
  ruleTarget?: RuleTarget;
}

/** The value at a finding path such as `alerts.demo-errors[0].expr`. */
export function valueAt(root: unknown, path: string): unknown {
  let value = root;
  for (const [, key, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key ?? index!];
  }
  return value;
}

export function expectFindings(fixture: Fixture, result: LintResult): void {
  const rules = new Set(fixture.expected.map((e) => e.rule));
  for (const e of fixture.expected) {
    const matching = result.findings.filter((f) => f.rule === e.rule && f.item === e.item && f.path === e.path);
    expect(matching, `${e.rule} at ${e.path} among ${JSON.stringify(result.findings, null, 2)}`).toHaveLength(1);
    const [finding] = matching;
    expect(finding!.message).toContain(e.message);
    if (e.rangeText === undefined) {
      expect(finding!.range).toBeUndefined();
    } else {
      const text = valueAt(fixture.default, e.path);
      expect(typeof text).toBe('string');
      expect((text as string).slice(finding!.range!.from, finding!.range!.to)).toBe(e.rangeText);
    }
  }
  expect(result.findings.filter((f) => rules.has(f.rule))).toHaveLength(fixture.expected.length);
  const allowed = new Set([...rules, ...(fixture.incidental ?? [])]);
  expect(result.findings.filter((f) => !allowed.has(f.rule))).toEqual([]);
}
