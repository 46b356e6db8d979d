// The build's ruleTarget: the fields, file shapes and unit-test format each engine reads, and what the lint
// reports for an engine that lacks something the definition asks for.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { RenderContext } from '../../src/core/types.js';
import { lintIntegration } from '../../src/lint/lint.js';
import type { BuildConfig, Integration, RuleTarget } from '../../src/model/index.js';
import { renderers } from '../../src/outputs/index.js';
import { validateIntegration } from '../../src/validate/schema.js';
import { structureProblems } from '../../src/validate/structure.js';
import { checkRules, promtoolSkipReason, testRules } from '../../src/support/promtool.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';

const render = (integration: Integration, config: BuildConfig = {}) => {
  const ctx: RenderContext = { integration, params: [], sourceModule: 'src/integrations/demo/index.ts', config };
  return new Map(renderers.flatMap((renderer) => renderer(ctx)).map((file) => [file.path, file.content]));
};

/** The demo integration with a group evaluated every 30s, at most 10 alerts, and an alert that keeps firing 10m. */
function withEvaluationOptions(): Integration {
  const integration = baseIntegration();
  integration.ruleGroups = { 'demo-errors': { interval: '30s', limit: 10 } };
  const alert = integration.alerts['demo-errors']![0];
  alert.keepFiringFor = '10m';
  // Errors stop at 10m: without keep_firing_for the alert resolves once increase() over 5m is 0 again; with it,
  // it keeps the labels and annotations of its last firing evaluation.
  alert.tests = [
    ...(alert.tests ?? []),
    {
      name: 'keeps firing for 10 minutes after the errors stop',
      series: [{ series: 'demo_errors{instance="a:9100"}', values: '0+1x10 10x30' }],
      evalTime: '24m',
      alerts: [{ labels: { instance: 'a:9100' }, summary: 'Errors on a:9100', description: 'a:9100 logged 1 errors in 5 minutes.' }],
    },
  ];
  return integration;
}

const findingsFor = (integration: Integration, target: RuleTarget) =>
  lintIntegration(integration, { ruleTarget: target }).findings.map((f) => [f.rule, f.item, f.path]);

describe('rule group options and keep_firing_for', () => {
  const files = render(withEvaluationOptions());

  it('are in the rule file and the PrometheusRule, in the order Prometheus documents them', () => {
    const rules = parse(files.get('demo/prometheus/rules.yaml')!);
    expect(Object.keys(rules.groups[0])).toEqual(['name', 'interval', 'limit', 'rules']);
    expect(rules.groups[0]).toMatchObject({ interval: '30s', limit: 10 });
    expect(rules.groups[0].rules[0]).toMatchObject({ alert: 'DemoErrors', for: '5m', keep_firing_for: '10m' });
    const resource = parse(files.get('demo/prometheus/prometheusrule.yaml')!);
    expect(resource.spec.groups).toEqual(rules.groups);
  });

  it('are schema-valid and lint clean for every target that has them', () => {
    expect(validateIntegration.problems(withEvaluationOptions())).toEqual([]);
    for (const target of ['prometheus-3', 'prometheus-2', 'mimir', 'thanos', 'vmalert'] as const) {
      expect(findingsFor(withEvaluationOptions(), target), target).toEqual([]);
    }
  });

  it('name only groups that exist', () => {
    const integration = withEvaluationOptions();
    integration.ruleGroups = { 'demo-errorz': { interval: '1m' } };
    expect(structureProblems(integration, 'demo')).toMatchObject([
      { rule: 'structure/unknown-rule-group', item: 'demo-errorz', message: expect.stringContaining('"demo-errors"') },
    ]);
  });

  describe('with promtool', () => {
    const dirs: string[] = [];
    afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

    it('promtool loads them, and keep_firing_for holds the alert after its condition ends', async (ctx) => {
      const skip = await promtoolSkipReason();
      ctx.skip(skip !== undefined, skip);
      const dir = await mkdtemp(join(tmpdir(), 'intgen-targets-'));
      dirs.push(dir);
      await writeFile(join(dir, 'rules.yaml'), files.get('demo/prometheus/rules.yaml')!);
      await writeFile(join(dir, 'rules.test.yaml'), files.get('demo/prometheus/rules.test.yaml')!);
      const checked = await checkRules([join(dir, 'rules.yaml')]);
      expect(checked.stderr).toBe('');
      const tested = await testRules(join(dir, 'rules.test.yaml'));
      expect(tested.stderr).toBe('');
      expect(tested.ok).toBe(true);
      // Without keep_firing_for the same case fails: the proof is the field's, not the case's.
      const rules = parse(files.get('demo/prometheus/rules.yaml')!);
      delete rules.groups[0].rules[0].keep_firing_for;
      await writeFile(join(dir, 'rules.yaml'), JSON.stringify(rules));
      const without = await testRules(join(dir, 'rules.test.yaml'));
      expect(without.failures.map((f) => f.alertname)).toEqual(['DemoErrors']);
    });
  });
});

describe('what each target rejects is reported', () => {
  const withGroupOption = (options: NonNullable<Integration['ruleGroups']>[string]) => {
    const integration = baseIntegration();
    integration.ruleGroups = { 'demo-errors': options };
    return integration;
  };

  it('prometheus-2: group labels, which came with 3.0', () => {
    const integration = withGroupOption({ labels: { team: 'network' } });
    expect(findingsFor(integration, 'prometheus-2')).toEqual([
      ['target/unsupported-field', 'demo-errors', 'ruleGroups.demo-errors.labels'],
    ]);
    expect(findingsFor(integration, 'prometheus-3')).toEqual([]);
  });

  it('thanos and vmalert: query_offset', () => {
    const integration = withGroupOption({ queryOffset: '30s' });
    for (const target of ['thanos', 'vmalert'] as const) {
      expect(findingsFor(integration, target), target).toEqual([
        ['target/unsupported-field', 'demo-errors', 'ruleGroups.demo-errors.queryOffset'],
      ]);
    }
    expect(findingsFor(integration, 'prometheus-2')).toEqual([]);
  });

  it('prometheus-3: an experimental function; prometheus-2 knows a different set', () => {
    const integration = baseIntegration();
    integration.alerts['demo-errors']![0].expr = 'limitk(1, sum by (instance) (increase(demo_errors[5m]))) > 0';
    expect(findingsFor(integration, 'prometheus-3')).toEqual([
      ['target/experimental-function', 'DemoErrors', 'alerts.demo-errors[0].expr'],
    ]);
    expect(findingsFor(integration, 'vmalert')).toEqual([]);
  });

  it('prometheus-3: a bucket bound written as the exporter writes it, not as Prometheus 3 stores it', () => {
    const integration = baseIntegration();
    integration.metrics.push({
      name: 'demo_wait_seconds',
      type: 'histogram',
      help: 'Wait.',
      unit: 'seconds',
      job: 'demo-default',
      buckets: [0.1, 1, 10],
    });
    integration.dashboards[0]!.rows[0].panels.push({
      id: 'slow',
      type: 'timeseries',
      title: 'Slow waits',
      description: 'Waits over a second.',
      queries: [{ expr: 'sum(rate(demo_wait_seconds_count[5m])) - sum(rate(demo_wait_seconds_bucket{le="1"}[5m]))' }],
    });
    expect(findingsFor(integration, 'prometheus-3')).toEqual([
      ['target/normalized-value', 'demo/slow', 'dashboards[0].rows[0].panels[2].queries[0].expr'],
    ]);
    expect(findingsFor(integration, 'prometheus-2')).toEqual([]);
  });

  it('mimir: a recording rule not named level:metric:operations; a conforming name passes', () => {
    const integration = baseIntegration();
    integration.recordingRules = {
      'demo-errors': [{ record: 'instance:demo_errors:rate5m', expr: 'sum by (instance) (rate(demo_errors[5m]))' }],
    };
    expect(findingsFor(integration, 'mimir')).toEqual([]);
    integration.recordingRules['demo-errors']![0].record = 'demo_errors:rate5m';
    expect(findingsFor(integration, 'mimir')).toEqual([
      ['target/recording-rule-name', 'demo_errors:rate5m', 'recordingRules.demo-errors[0].record'],
    ]);
    expect(findingsFor(integration, 'prometheus-3')).toEqual([]);
  });
});

describe('file shapes', () => {
  it('mimir: a namespace file per integration beside the rule file, with the same groups', () => {
    const files = render(baseIntegration(), { ruleTarget: 'mimir' });
    const namespace = parse(files.get('demo/mimir/rules.yaml')!);
    expect(Object.keys(namespace)).toEqual(['namespace', 'groups']);
    expect(namespace).toEqual({ namespace: 'demo', groups: parse(files.get('demo/prometheus/rules.yaml')!).groups });
    expect(render(baseIntegration()).has('demo/mimir/rules.yaml')).toBe(false);
  });

  it("vmalert: each alert test names the alert's group, as vmalert-tool finds alerts by group and name; promtool's do not", () => {
    const tests = (config: BuildConfig) => parse(render(baseIntegration(), config).get('demo/prometheus/rules.test.yaml')!).tests;
    const vmalert = tests({ ruleTarget: 'vmalert' });
    expect(vmalert.map((t: { alert_rule_test: { groupname: string }[] }) => t.alert_rule_test[0]!.groupname)).toEqual([
      'demo.demo-errors',
      'demo.demo-errors',
    ]);
    expect(tests({}).every((t: { alert_rule_test: object[] }) => !('groupname' in t.alert_rule_test[0]!))).toBe(true);
    expect(parse(render(baseIntegration(), { ruleTarget: 'vmalert' }).get('demo/prometheus/rules.yaml')!).groups[0].name).toBe(
      'demo.demo-errors',
    );
  });
});

describe('the docs page says how the target checks, tests and loads the rules', () => {
  const page = (config: BuildConfig) => render(baseIntegration(), config).get('demo/README.md')!;

  it('mimir: mimirtool check and load of the namespace file', () => {
    expect(page({ ruleTarget: 'mimir' })).toContain('mimirtool rules load --address="$MIMIR_URL" --id="$MIMIR_TENANT" mimir/rules.yaml');
    expect(page({})).not.toContain('mimirtool');
  });

  it('vmalert: vmalert-tool runs the tests, promtool only checks the rules', () => {
    const vmalert = page({ ruleTarget: 'vmalert' });
    expect(vmalert).toContain('vmalert-tool unittest --files=prometheus/rules.test.yaml');
    expect(vmalert).not.toContain('promtool test rules');
    expect(page({})).toContain('promtool test rules prometheus/rules.test.yaml');
  });

  it('thanos: thanos tools rules-check', () => {
    expect(page({ ruleTarget: 'thanos' })).toContain('thanos tools rules-check --rules=prometheus/rules.yaml');
  });
});
