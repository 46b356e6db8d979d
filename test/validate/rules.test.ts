// Rule behaviour beyond the one-mistake fixtures: what each rule accepts, its edge cases, and exclusions.
import { describe, expect, test } from 'vitest';
import type { Integration } from '../../src/model/index.js';
import { lintIntegration } from '../../src/lint/lint.js';
import { baseIntegration, basePanel } from '../fixtures/invalid/_base.js';
import { valueAt } from './fixture-assertions.js';

/** The base definition with one panel query replaced. */
function withPanelQuery(expr: string, change: (i: Integration) => void = () => {}): Integration {
  const integration = baseIntegration();
  basePanel(integration, 0).queries = [{ expr: 'demo_queue_length' }, { expr }];
  change(integration);
  return integration;
}

function withAlertExpr(expr: string, change: (i: Integration) => void = () => {}): Integration {
  const integration = baseIntegration();
  integration.alerts['demo-errors']![0].expr = expr;
  change(integration);
  return integration;
}

/** Findings as [rule, severity, text the range covers]. */
function findings(integration: Integration) {
  return lintIntegration(integration).findings.map((f) => {
    const text = valueAt(integration, f.path);
    return [f.rule, f.severity, f.range && typeof text === 'string' ? text.slice(f.range.from, f.range.to) : undefined];
  });
}

describe('promql/syntax', () => {
  test('a regex RE2 rejects', () => {
    expect(findings(withPanelQuery('demo_queue_length{instance=~"a**"}'))).toEqual([['promql/syntax', 'error', 'instance=~"a**"']]);
  });
  test('a range function given an instant vector', () => {
    expect(findings(withPanelQuery('sum(rate(demo_errors))'))).toEqual([['promql/syntax', 'error', 'demo_errors']]);
  });
  test('a dashboard variable, outside strings only', () => {
    expect(findings(withPanelQuery('demo_queue_length{instance="$instance"} * $scale'))).toEqual([['promql/syntax', 'error', '$scale']]);
    expect(findings(withPanelQuery('label_replace(demo_queue_length, "host", "$1", "instance", "(.*):.*")'))).toEqual([]);
  });
});

describe('promql/counter', () => {
  test.each([
    'sum(rate(demo_errors[5m]))',
    'increase(demo_errors[10m])',
    'changes(demo_errors[1h])',
    'count(demo_errors)',
    'absent(demo_errors)',
    'sum(rate(demo_request_seconds_sum[5m])) / sum(rate(demo_request_seconds_count[5m]))',
    'max_over_time(rate(demo_errors[5m])[1h:1m])',
    'rate(demo_errors[5m] offset 1h)',
    'rate((demo_errors[5m]))',
    'quantile_over_time(0.9, demo_queue_length[5m])',
  ])('accepts %s', (expr) => {
    const integration = withPanelQuery(expr, (i) => (i.jobs[0].keepMetrics = 'all'));
    expect(findings(integration)).toEqual([]);
  });

  test('a raw counter is a warning in a panel, an error in an alert', () => {
    expect(findings(withPanelQuery('demo_errors'))).toEqual([['promql/counter', 'warning', 'demo_errors']]);
    expect(findings(withAlertExpr('demo_errors > 0'))).toContainEqual(['promql/counter', 'error', 'demo_errors']);
  });

  test('rate() of summary quantiles', () => {
    expect(findings(withPanelQuery('rate(demo_request_seconds{quantile="0.99"}[5m])'))).toEqual([
      ['promql/counter', 'error', 'demo_request_seconds{quantile="0.99"}[5m]'],
    ]);
  });
});

describe('promql/quantile', () => {
  test('regex matchers match a declared quantile or are reported', () => {
    expect(findings(withPanelQuery('demo_request_seconds{quantile=~"0.9|0.95"}'))).toEqual([]);
    expect(findings(withPanelQuery('demo_request_seconds{quantile=~"0.95|0.75"}'))).toEqual([
      ['promql/quantile', 'error', 'quantile=~"0.95|0.75"'],
    ]);
    expect(findings(withPanelQuery('demo_request_seconds{quantile!="0.5"}'))).toEqual([]);
  });
  test('a quantile matcher on a counter', () => {
    expect(findings(withPanelQuery('rate(demo_errors{quantile="0.99"}[5m])'))).toEqual([['promql/quantile', 'error', 'quantile="0.99"']]);
  });
});

describe('promql/fixed-window', () => {
  const every = (interval: string) => (i: Integration) => (i.jobs[0].scrapeInterval = interval);
  test('a span of samples shorter than two scrapes, in panels and rules alike', () => {
    expect(findings(withPanelQuery('avg_over_time(demo_queue_length[30s])', every('30s')))).toEqual([
      ['promql/fixed-window', 'warning', '30s'],
    ]);
    expect(
      findings(withAlertExpr('sum by (instance) (increase(demo_errors[5m])) > 0 unless resets(demo_errors[1m]) > 0', every('1m'))),
    ).toEqual([['promql/fixed-window', 'warning', '1m']]);
  });
  test('two scrapes or more, and the rate-like functions (promql/rate-window), pass', () => {
    expect(findings(withPanelQuery('max_over_time(demo_queue_length[1m])', every('30s')))).toEqual([]);
    expect(findings(withPanelQuery('sum(increase(demo_errors[1h]))', every('30s')))).toEqual([]);
    expect(findings(withPanelQuery('increase(demo_errors[30s])', every('30s')))).toEqual([['promql/rate-window', 'error', '30s']]);
  });
  test('the hint names the window to use', () => {
    const [finding] = lintIntegration(withPanelQuery('max_over_time(demo_queue_length[1m])', every('2m'))).findings;
    expect(finding?.hint).toContain('at least 4m');
  });
});

describe('promql/rate-window', () => {
  test('the window is measured against the metric job scrape interval', () => {
    const every = (interval: string) => (i: Integration) => (i.jobs[0].scrapeInterval = interval);
    expect(findings(withPanelQuery('rate(demo_errors[1m])', every('30s')))).toEqual([]);
    expect(findings(withPanelQuery('irate(demo_errors[3m])', every('2m')))).toEqual([['promql/rate-window', 'error', '3m']]);
    expect(findings(withPanelQuery('max_over_time(demo_queue_length[1m])', every('2m')))).toEqual([
      ['promql/fixed-window', 'warning', '1m'],
    ]);
  });
  test('a rate window is measured too: the docs page runs it as written', () => {
    const integration = withPanelQuery('rate(demo_errors[1m])', (i) => (i.jobs[0].scrapeInterval = '1m'));
    basePanel(integration, 0).queries[1]!.rateWindow = '1m';
    expect(findings(integration)).toEqual([['promql/rate-window', 'error', '1m']]);
  });
  test('a declared rate window matches a rate, irate or increase window of the same duration', () => {
    const declaring = (expr: string, rateWindow: string) => {
      const integration = withPanelQuery(expr);
      basePanel(integration, 0).queries[1]!.rateWindow = rateWindow;
      return lintIntegration(integration).findings.map((f) => [f.rule, f.path]);
    };
    expect(declaring('sum(increase(demo_errors[1h])) / sum(rate(demo_errors[300s]))', '5m')).toEqual([]);
    const unused = [['promql/rate-window', 'dashboards[0].rows[0].panels[0].queries[1].rateWindow']];
    expect(declaring('sum(rate(demo_errors[10m]))', '5m')).toEqual(unused);
    // A span of samples is never the rate window, whatever its length.
    expect(declaring('max_over_time(demo_queue_length[5m])', '5m')).toEqual(unused);
  });
  test('series outside the catalog are assumed scraped every minute', () => {
    const integration = withPanelQuery('rate(process_cpu_seconds_total[1m])', (i) => (i.externalSeries = ['process_cpu_seconds_total']));
    expect(findings(integration)).toEqual([['promql/rate-window', 'error', '1m']]);
  });
  test('a Grafana variable in a recording rule', () => {
    const integration = baseIntegration();
    integration.recordingRules = {
      'demo-errors': [{ record: 'instance:demo_errors:rate', expr: 'sum by (instance) (rate(demo_errors[$__interval]))' }],
    };
    const [finding, ...rest] = lintIntegration(integration).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'promql/rate-window',
      item: 'instance:demo_errors:rate',
      path: 'recordingRules.demo-errors[0].expr',
    });
    expect(finding!.message).toContain('Prometheus cannot evaluate it in a rule');
  });
});

describe('metric/unknown', () => {
  test('recorded and external series are known', () => {
    const integration = withPanelQuery('instance:demo_errors:rate + on (instance) group_left up', (i) => {
      i.externalSeries = ['up'];
      i.recordingRules = { 'demo-errors': [{ record: 'instance:demo_errors:rate', expr: 'sum by (instance) (rate(demo_errors[5m]))' }] };
    });
    expect(findings(integration)).toEqual([]);
  });
  test('a dashboard variable reading an unknown metric', () => {
    const integration = baseIntegration();
    integration.dashboards[0]!.variables[0]!.metric = 'demo_queue';
    expect(lintIntegration(integration).findings).toMatchObject([
      { rule: 'metric/unknown', item: 'demo/$instance', path: 'dashboards[0].variables[0].metric' },
    ]);
  });
});

describe('alert/comparison', () => {
  test.each([
    'absent(demo_errors{job="demo-default"})',
    'sum by (instance) (increase(demo_errors[5m])) > 0 and on (instance) demo_queue_length',
  ])('accepts %s', (expr) => {
    expect(findings(withAlertExpr(expr)).filter(([rule]) => rule === 'alert/comparison')).toEqual([]);
  });
});

describe('exclusions', () => {
  test('silence exactly one rule for one item, with the reason kept', () => {
    const integration = baseIntegration();
    integration.metrics.push(
      { name: 'demo_threads', type: 'gauge', help: 'Threads.', unit: 'count', job: 'demo-default' },
      { name: 'demo_fds', type: 'gauge', help: 'File descriptors.', unit: 'count', job: 'demo-default' },
    );
    integration.lintExclusions = [{ rule: 'metric/unused', item: 'demo_threads', reason: 'Queried ad hoc during incidents.' }];
    const result = lintIntegration(integration);
    expect(result.findings.map((f) => [f.rule, f.item])).toEqual([['metric/unused', 'demo_fds']]);
    expect(result.excluded).toMatchObject([
      { finding: { rule: 'metric/unused', item: 'demo_threads' }, reason: 'Queried ad hoc during incidents.' },
    ]);
  });
  test('a repeated exclusion is reported as unused', () => {
    const integration = baseIntegration();
    integration.metrics.push({ name: 'demo_threads', type: 'gauge', help: 'Threads.', unit: 'count', job: 'demo-default' });
    const exclusion = { rule: 'metric/unused', item: 'demo_threads', reason: 'Ad hoc.' };
    integration.lintExclusions = [exclusion, exclusion];
    expect(lintIntegration(integration).findings).toMatchObject([{ rule: 'lint/unused-exclusion', path: 'lintExclusions[1]' }]);
  });
});

test('lint is deterministic', () => {
  const broken = withAlertExpr('sum(demo_errors) > bool 0', (i) =>
    i.metrics.push({ name: 'demo_threads', type: 'gauge', help: 'T.', unit: 'count', job: 'x' }),
  );
  expect(JSON.stringify(lintIntegration(broken))).toBe(JSON.stringify(lintIntegration(structuredClone(broken))));
});
