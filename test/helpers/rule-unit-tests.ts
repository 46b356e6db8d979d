// promtool over an integration's rendered rules and unit tests, reported so that a failure names what failed: one
// suite per integration, and in it a test for `promtool check rules` and one per alert for its unit-test cases.
// promtool runs once per integration (in beforeAll); each alert's test reads its own failures from that run.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type RunnerTestFile, type RunnerTestSuite } from 'vitest';
import { alertsOf } from '../../src/core/counts.js';
import type { RenderContext, RenderedFile } from '../../src/core/types.js';
import { integrationFiles } from '../../src/outputs/paths.js';
import { renderPrometheusRuleTests } from '../../src/outputs/rule-tests/render.js';
import { renderPrometheusRules } from '../../src/outputs/prometheus-rules/render.js';
import {
  checkRules,
  promtoolSkipReason,
  testRules,
  type PromtoolResult,
  type RuleTestFailure,
  type RuleTestResult,
} from '../../src/support/promtool.js';

/** What a suite needs before any test runs (vitest names tests at collection): the integration and its tested alerts. */
export interface RuleSuite {
  id: string;
  alerts: string[];
}

export function ruleSuiteOf({ integration }: RenderContext): RuleSuite {
  return {
    id: integration.id,
    alerts: alertsOf(integration)
      .filter((alert) => alert.tests?.length)
      .map((alert) => alert.id),
  };
}

/** The rule file and its unit tests, as the build renders them. */
export const ruleFiles = (ctx: RenderContext): RenderedFile[] => [...renderPrometheusRules(ctx), ...renderPrometheusRuleTests(ctx)];

/** One failing case, named by integration, alert and case, with promtool's expected and actual alerts. */
export function describeFailure(integration: string, failure: RuleTestFailure): string {
  return `${integration} ${failure.alertname}: case ${JSON.stringify(failure.test ?? '(unnamed)')} at ${failure.evalTime}\n${failure.details}`;
}

/** The full names (suites and test, joined by ` > ` as vitest reports them) of every test under a file or suite. */
export function testNames(parent: RunnerTestFile | RunnerTestSuite, prefix: string[] = []): string[] {
  return parent.tasks.flatMap((task) =>
    task.type === 'suite' ? testNames(task, [...prefix, task.name]) : [[...prefix, task.name].join(' > ')],
  );
}

interface Verdicts {
  check: PromtoolResult;
  tests: RuleTestResult;
}

/** Runs promtool on the files of `files(id)`, written as the build lays them out under out/. */
async function promtoolVerdicts(id: string, files: RenderedFile[]): Promise<Verdicts> {
  const dir = await mkdtemp(join(tmpdir(), 'intgen-rule-unit-tests-'));
  try {
    for (const file of files) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content);
    }
    const paths = integrationFiles(id);
    return { check: await checkRules([join(dir, paths.prometheusRules)]), tests: await testRules(join(dir, paths.ruleTests)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * For each suite, a `describe` named by the integration: its rules pass `promtool check rules`, promtool reads its
 * unit tests, and each alert passes its own cases. `files` renders the integration's rules and tests when the
 * suite starts (after the enclosing beforeAll hooks).
 */
export function describeRuleUnitTests(suites: readonly RuleSuite[], files: (id: string) => RenderedFile[] | Promise<RenderedFile[]>): void {
  describe.each(suites.map(({ id, alerts }) => [id, alerts] as const))('integration %s', (id, alerts) => {
    let skip: string | undefined;
    let verdicts: Verdicts | undefined;
    beforeAll(async () => {
      skip = await promtoolSkipReason();
      if (skip === undefined) verdicts = await promtoolVerdicts(id, await files(id));
    });
    afterAll(() => {
      verdicts = undefined;
    });
    const run = (ctx: { skip: (condition: boolean, note?: string) => void }): Verdicts => {
      ctx.skip(skip !== undefined, skip);
      if (!verdicts) throw new Error(`${id}: promtool did not run`);
      return verdicts;
    };

    it(`${id} rules pass promtool check rules`, (ctx) => {
      const { check } = run(ctx);
      expect(check.stderr, id).toBe('');
      expect(check.ok, id).toBe(true);
    });

    it(`${id} unit tests are read by promtool test rules, every failure an alert's`, (ctx) => {
      const { tests } = run(ctx);
      // A file promtool cannot read fails without a failing case; a failing case is the alert's test below.
      expect(tests.ok || tests.failures.length > 0, `${id}: ${tests.stderr}`).toBe(true);
      expect(
        tests.failures.filter((failure) => !alerts.includes(failure.alertname)).map((failure) => describeFailure(id, failure)),
      ).toEqual([]);
    });

    it.for(alerts)(`${id} alert %s passes its promtool unit tests`, (alert, ctx) => {
      const { tests } = run(ctx);
      expect(tests.failures.filter((failure) => failure.alertname === alert).map((failure) => describeFailure(id, failure))).toEqual([]);
    });
  });
}
