// Values Prometheus cannot hold: durations beyond int64 nanoseconds, numbers beyond float64 or in a syntax only
// lezer's (Prometheus 3's) grammar reads, strings UTF-8 cannot encode.
import { describe, expect, test } from 'vitest';
import { resolveParams } from '../../src/pipeline/define.js';
import type { Integration } from '../../src/model/index.js';
import { durationProblem } from '../../src/model/durations.js';
import { toYaml } from '../../src/serialize/yaml.js';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { lintIntegration } from '../../src/lint/lint.js';
import { validateBuildConfig, validateIntegration } from '../../src/validate/schema.js';
import { structureProblems } from '../../src/validate/structure.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { checkRuleContents } from '../helpers/promtool-batch.js';

const firstAlert = (integration: Integration) => integration.alerts['demo-errors']![0]!;

describe('durations', () => {
  test.each(['0s', '5m', '1h30m', '292y', '106751d23h47m16s854ms', '9223372036854ms'])('%s is in range', (duration) => {
    expect(durationProblem(duration)).toBeUndefined();
  });

  test.each(['293y', '106751d23h47m16s855ms', '99999999y', '9223372036855ms', '1y99999999999999999999w'])(
    '%s is out of range',
    (duration) => {
      expect(durationProblem(duration)).toMatch(
        /^must be at most 292y24w3d23h47m16s854ms, the longest duration Prometheus reads \(got ".*", out of range\)$/,
      );
    },
  );

  test('a definition with a duration out of range is a problem naming the field', () => {
    const integration = baseIntegration();
    firstAlert(integration).for = '99999999y';
    firstAlert(integration).tests![0]!.evalTime = '300y';
    integration.jobs[0]!.scrapeInterval = '9999999999999999d';
    expect(validateIntegration.problems(integration)).toEqual([]);
    expect(structureProblems(integration, 'demo').map((p) => p.path)).toEqual([
      'alerts.demo-errors[0].for',
      'alerts.demo-errors[0].tests[0].evalTime',
      'jobs[0].scrapeInterval',
    ]);
  });

  test('a parameter override out of range is refused', () => {
    const { problems } = resolveParams({ window: { type: 'duration', default: '5m', description: 'A window.' } }, { window: '300y' });
    expect(problems).toEqual([{ rule: 'params/invalid', path: 'params.window', message: expect.stringContaining('out of range') }]);
  });
});

/** Expressions lezer parses; `rejected` when Prometheus 2 does not. */
const literals: [expr: string, rejected: boolean][] = [
  ['rate(demo_errors[5m]) > 0x1F', false],
  ['rate(demo_errors[5m]) > 1e308', false],
  ['rate(demo_errors[5m]) > .5', false],
  ['rate(demo_errors[5m]) > Inf', false],
  ['rate(demo_errors[5m] offset -5m) > 0', false],
  ['rate(demo_errors[292y]) > 0', false],
  ['rate(demo_errors[293y]) > 0', true],
  ['rate(demo_errors[5m] offset 293y) > 0', true],
  ['max_over_time(demo_queue_length[5m:293y]) > 0', true],
  ['rate(demo_errors[5m]) > 1e400', true],
  ['rate(demo_errors[5m]) > 5m', true],
  ['rate(demo_errors[5m]) > 1_000', true],
  ['rate(demo_errors[5m]) > 0x8000000000000000', true],
  ['rate(demo_errors[5m+1m]) > 0', true],
  ['rate(demo_errors[(5m)]) > 0', true],
  ['rate(demo_errors[5]) > 0', true],
  ['rate(demo_errors[0s]) > 0', true],
  ['rate(demo_errors[5m] offset 0m) > 0', true],
  ['max_over_time(demo_queue_length[5m:]) > 0', false],
];

describe('number and duration literals', () => {
  test.each(literals)('%s: promql/syntax finding %s', (expr, rejected) => {
    const integration = baseIntegration();
    firstAlert(integration).expr = expr;
    const findings = lintIntegration(integration).findings.filter((f) => f.rule === 'promql/syntax');
    expect(findings.length > 0).toBe(rejected);
    for (const finding of findings) expect(finding.message).toMatch(/Prometheus|duration expression/);
  });

  test('match what promtool accepts', async (ctx) => {
    const skipReason = await promtoolSkipReason();
    ctx.skip(skipReason !== undefined, skipReason);
    const verdicts = await checkRuleContents(literals.map(([expr]) => toYaml({ groups: [{ name: 'g', rules: [{ alert: 'A', expr }] }] })));
    expect(verdicts.map((v) => !v.ok)).toEqual(literals.map(([, rejected]) => rejected));
  });
});

test('__name__ is no label name of a rule (Prometheus: "invalid label name")', () => {
  const integration = baseIntegration();
  firstAlert(integration).labels = { __name__: 'x', team: 'a' };
  expect(validateIntegration.problems(integration)).toEqual([
    { path: 'alerts.demo-errors[0].labels', message: 'key "__name__" must be a Prometheus label name like "instance"' },
  ]);
});

describe('lone surrogates', () => {
  test('in a definition: a problem at each path, saying where in the string', () => {
    const integration = baseIntegration();
    firstAlert(integration).description = 'ok \ud83d';
    integration.metrics[0]!.help = '\udc00 and 😀';
    integration.dashboards[0]!.rows[0]!.panels[0]!.title = 'fine 😀';
    expect(validateIntegration.problems(integration)).toEqual([
      {
        path: 'metrics[0].help',
        message: expect.stringMatching(/^holds a lone surrogate \(\\uDC00\) at character 1, which UTF-8 cannot encode/),
      },
      { path: 'alerts.demo-errors[0].description', message: expect.stringContaining('(\\uD83D) at character 4') },
    ]);
  });

  test('in an object key and in the build config', () => {
    const integration = baseIntegration();
    firstAlert(integration).labels = { team: 'a' };
    (integration.alerts as Record<string, unknown>)['x\ud800'] = [];
    expect(validateIntegration.problems(integration)).toContainEqual({
      path: 'alerts.x\ud800',
      message: expect.stringContaining('key "x\\ud800" holds a lone surrogate'),
    });
    const config = { selectors: { matchers: [{ label: 'cluster', op: '=', value: 'prod\udfff' }] } };
    expect(validateBuildConfig.problems(config)).toEqual([
      { path: 'selectors.matchers[0].value', message: expect.stringContaining('lone surrogate (\\uDFFF)') },
    ]);
  });
});
