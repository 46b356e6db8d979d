// The histogram rules beyond their fixtures: what they accept, their hints, the native kind, the names a query
// reads wrongly, and that one mistake is reported once.
import { describe, expect, test } from 'vitest';
import { defineIntegration, param, type Integration, type Metric, type RuleTarget } from '../../src/model/index.js';
import { lintIntegration } from '../../src/lint/lint.js';
import { evaluateModule } from '../../src/pipeline/evaluate.js';
import { basePanel, withHistogramQuery } from '../fixtures/invalid/_base.js';
import { valueAt } from './fixture-assertions.js';

const native: Metric = {
  name: 'demo_wait_seconds',
  type: 'histogram',
  histogram: 'native',
  help: 'Waits.',
  unit: 'seconds',
  job: 'demo-default',
};

/** withHistogramQuery, with the native histogram in the catalog too. */
function withBothQuery(expr: string): Integration {
  const integration = withHistogramQuery(expr);
  integration.metrics.push(structuredClone(native));
  return integration;
}

/** Findings as [rule, severity, text the range covers], leaving out the catalog metrics a query does not read. */
function findings(integration: Integration, target?: RuleTarget) {
  return lintIntegration(integration, { ruleTarget: target })
    .findings.filter((f) => f.rule !== 'metric/unused')
    .map((f) => {
      const text = valueAt(integration, f.path);
      return [f.rule, f.severity, f.range && typeof text === 'string' ? text.slice(f.range.from, f.range.to) : undefined];
    });
}

const only = (integration: Integration, rule: string) => lintIntegration(integration).findings.filter((f) => f.rule === rule);

const buckets = 'rate(demo_request_duration_seconds_bucket[5m])';

describe('histogram/le-aggregated', () => {
  test.each([
    `histogram_quantile(0.99, sum by (le, instance) (${buckets}))`,
    `histogram_quantile(0.99, sum without (pod) (${buckets}))`,
    `histogram_quantile(0.99, ${buckets})`,
    'histogram_quantile(0.99, sum by (instance) (rate(demo_wait_seconds[5m])))',
  ])('accepts %s', (expr) => {
    expect(findings(withBothQuery(expr))).toEqual([]);
  });

  test.each([
    [`histogram_quantile(0.99, sum by (instance) (${buckets}))`, 'by (instance)', 'add `le` to the `by`: `sum by (instance, le) (…)`'],
    [`histogram_quantile(0.99, sum(${buckets}) by (instance))`, 'by (instance)', 'add `le` to the `by`: `sum by (instance, le) (…)`'],
    [
      `histogram_quantile(0.99, sum without (le, pod) (${buckets}))`,
      'without (le, pod)',
      'remove `le` from the `without`: `sum without (pod) (…)`',
    ],
    [`histogram_quantile(0.99, sum(${buckets}))`, 'sum', 'aggregate by `le`: `sum by (le) (…)`'],
    [
      `histogram_quantile(0.99, sum by (instance) (sum by (le, instance, pod) (${buckets})))`,
      'by (instance)',
      'add `le` to the `by`: `sum by (instance, le) (…)`',
    ],
  ])('%s: at %s, with the fix', (expr, range, hint) => {
    const integration = withHistogramQuery(expr, null);
    expect(findings(integration)).toEqual([['histogram/le-aggregated', 'error', range]]);
    expect(only(integration, 'histogram/le-aggregated')[0]!.hint).toBe(hint);
  });

  test('le lost in a vector match is not blamed on the aggregation on its other side', () => {
    const expr = `histogram_quantile(0.99, sum by (le, instance) (${buckets}) / on (instance) sum by (instance) (${buckets}))`;
    const integration = withHistogramQuery(expr);
    const [finding] = only(integration, 'histogram/le-aggregated');
    expect(finding!.hint).toBe('keep `le` in every aggregation and vector match of the input');
  });

  test('le lost in a vector match, with no aggregation to blame', () => {
    const integration = withHistogramQuery(`histogram_quantile(0.99, ${buckets} * on (instance) vector(1))`);
    expect(findings(integration)).toEqual([['histogram/le-aggregated', 'error', `${buckets} * on (instance) vector(1)`]]);
  });
});

describe('histogram/quantile-input', () => {
  test('a counter, a summary and a histogram count, each with what to read instead', () => {
    const hints = (expr: string) => only(withHistogramQuery(expr), 'histogram/quantile-input').map((f) => f.hint);
    expect(hints('histogram_quantile(0.9, sum by (le) (rate(demo_errors[5m])))')).toEqual([
      "`demo_errors` is a counter, not a histogram: histogram_quantile needs a classic histogram's `_bucket` series or a native histogram",
    ]);
    expect(hints('histogram_quantile(0.9, demo_request_seconds)')).toEqual([
      '`demo_request_seconds` is a summary, whose quantiles are series of their own: read `demo_request_seconds{quantile="…"}`',
    ]);
    expect(hints('histogram_quantile(0.9, sum by (le) (rate(demo_request_duration_seconds_count[5m])))')).toEqual([
      "`demo_request_duration_seconds_count` is not the histogram's buckets: use `histogram_quantile(φ, sum by (le) (rate(demo_request_duration_seconds_bucket[5m])))`",
    ]);
  });

  test('is reported alone: not also as le aggregated away', () => {
    expect(findings(withHistogramQuery('histogram_quantile(0.9, sum(rate(demo_request_duration_seconds_sum[5m])))', null))).toEqual([
      ['histogram/quantile-input', 'error', 'demo_request_duration_seconds_sum'],
    ]);
  });

  test('a filter beside the buckets is no input', () => {
    const expr = `histogram_quantile(0.9, sum by (le, instance) (${buckets}) and on (instance) demo_queue_length > 0)`;
    expect(findings(withHistogramQuery(expr))).toEqual([]);
  });
});

describe('histogram/phi', () => {
  test.each(['0', '1', '0.5', '(0.99)'])('accepts %s', (phi) => {
    expect(findings(withHistogramQuery(`histogram_quantile(${phi}, sum by (le, instance) (${buckets}))`))).toEqual([]);
  });

  test.each([
    ['99', 'write the quantile as a fraction: `0.99` for the 99th percentile'],
    ['-0.5', 'write the quantile as a fraction between 0 and 1, e.g. 0.99'],
    ['1.5', 'write the quantile as a fraction: `0.015` for the 1.5th percentile'],
    ['NaN', 'write the quantile as a fraction between 0 and 1, e.g. 0.99'],
  ])('reports %s', (phi, hint) => {
    const integration = withHistogramQuery(`histogram_quantile(${phi}, sum by (le, instance) (${buckets}))`);
    expect(findings(integration)).toEqual([['histogram/phi', 'error', phi]]);
    expect(only(integration, 'histogram/phi')[0]!.hint).toBe(hint);
  });

  test('a φ a parameter override writes', () => {
    const module = defineIntegration({
      params: { latencyQuantile: param.number(0.99, 'ratio', 'The quantile the latency panel shows.') },
      define: (p) => withHistogramQuery(`histogram_quantile(${p.latencyQuantile}, sum by (le, instance) (${buckets}))`),
    });
    const rules = (value: number) => {
      const result = evaluateModule({ folder: 'demo', sourceModule: 'x', module }, { params: { demo: { latencyQuantile: value } } });
      return result.diagnostics.map((d) => [d.rule, d.message]);
    };
    expect(rules(0.9)).toEqual([]);
    expect(rules(99)).toEqual([['histogram/phi', 'φ = 99 is outside [0, 1], so `histogram_quantile` returns +Inf for every series.']]);
  });
});

describe('histogram/bucket-bound', () => {
  // Bounds compare as numbers; how Prometheus 3 spells a stored bound is target/normalized-value's finding.
  test.each([
    ['0.1', true],
    ['1e-1', false],
    ['0.10', false],
    ['1', false],
    ['+Inf', true],
  ])('le="%s" is a bucket', (le, storedSpelling) => {
    const integration = withHistogramQuery(`sum by (instance) (rate(demo_request_duration_seconds_bucket{le="${le}"}[5m]))`);
    expect(findings(integration, 'prometheus-2')).toEqual([]);
    expect(findings(integration).map(([rule]) => rule)).toEqual(storedSpelling ? [] : ['target/normalized-value']);
  });

  test.each([
    ['demo_request_duration_seconds_bucket{le="0.2"}', 'has the buckets 0.05, 0.1, 0.5, 1 and +Inf'],
    ['demo_request_duration_seconds_bucket{le="fast"}', 'has the buckets 0.05, 0.1, 0.5, 1 and +Inf'],
    ['demo_request_duration_seconds_count{le="0.1"}', 'only `demo_request_duration_seconds_bucket` has an `le` label'],
    ['demo_wait_seconds{le="0.1"}', 'is a native histogram'],
  ])('%s matches nothing', (selector, message) => {
    const integration = withBothQuery(`sum by (instance) (rate(${selector}[5m]))`);
    expect(findings(integration)).toEqual([['histogram/bucket-bound', 'error', selector.slice(selector.indexOf('{') + 1, -1)]]);
    expect(only(integration, 'histogram/bucket-bound')[0]!.message).toContain(message);
  });
});

describe("a histogram's names", () => {
  test("a classic histogram's own name points to its _bucket, not the nearest name", () => {
    const integration = withHistogramQuery('histogram_quantile(0.9, sum by (le, instance) (rate(demo_request_duration_seconds[5m])))');
    expect(findings(integration)).toEqual([['metric/unknown', 'error', 'demo_request_duration_seconds[5m]']]);
    expect(only(integration, 'metric/unknown')[0]!.message).toContain(
      '`demo_request_duration_seconds` is a classic histogram, which has no series under its own name: did you mean `demo_request_duration_seconds_bucket`?',
    );
  });

  test("a native histogram's _bucket points to its own name, once", () => {
    const integration = withBothQuery('histogram_quantile(0.9, sum by (le, instance) (rate(demo_wait_seconds_bucket[5m])))');
    expect(findings(integration)).toEqual([['metric/unknown', 'error', 'demo_wait_seconds_bucket[5m]']]);
    expect(only(integration, 'metric/unknown')[0]!.message).toContain(
      'is a native histogram, one series under its own name with its buckets inside, so it has no `_bucket` series: did you mean `demo_wait_seconds`? ' +
        'Use `histogram_quantile(φ, sum(rate(demo_wait_seconds[5m])))`.',
    );
  });

  test.each([
    [
      'demo_request_duration_seconds{quantile="0.99"}',
      'histogram_quantile(0.99, sum by (le) (rate(demo_request_duration_seconds_bucket[5m])))',
    ],
    [
      'demo_request_duration_seconds_bucket{quantile="0.99"}',
      'histogram_quantile(0.99, sum by (le) (rate(demo_request_duration_seconds_bucket[5m])))',
    ],
    ['demo_wait_seconds{quantile=~"0.9.*"}', 'histogram_quantile(φ, sum(rate(demo_wait_seconds[5m])))'],
  ])('%s is promql/quantile, with the query that computes it', (selector, query) => {
    const integration = withBothQuery(`max by (instance) (rate(${selector}[5m]))`);
    expect(findings(integration)).toEqual([['promql/quantile', 'error', selector.slice(selector.indexOf('{') + 1, -1)]]);
    expect(only(integration, 'promql/quantile')[0]!.hint).toBe(`remove the matcher and compute the quantile: \`${query}\``);
  });

  test('a raw _bucket is still only promql/counter, a warning in a panel', () => {
    expect(findings(withHistogramQuery('histogram_quantile(0.9, demo_request_duration_seconds_bucket)'))).toEqual([
      ['promql/counter', 'warning', 'demo_request_duration_seconds_bucket'],
    ]);
  });
});

describe('le in templates', () => {
  const quantile = `histogram_quantile(0.99, sum by (le, instance) (${buckets}))`;

  test('$labels.le of a quantile says histogram_quantile consumed it', () => {
    const integration = withHistogramQuery(`sum by (instance) (${buckets})`);
    const alert = integration.alerts['demo-errors']![0];
    alert.expr = `${quantile} > 1`;
    alert.description = 'p99 above {{ $labels.le }} on {{ $labels.instance }}.';
    const [finding] = only(integration, 'alert/aggregated-label');
    expect(finding!.message).toContain('`histogram_quantile` consumes `le`');
    expect(finding!.message).not.toContain('Keep `le` in the aggregation');
  });

  test('so does a legend {{le}}', () => {
    const integration = withHistogramQuery(quantile);
    basePanel(integration, 0).queries[0]!.legend = '{{instance}} {{le}}';
    const [finding] = only(integration, 'dashboard/legend-label');
    expect(finding!.message).toContain('`histogram_quantile` consumes `le`');
  });

  test('an aggregation that drops le keeps its advice', () => {
    const integration = withHistogramQuery(`sum by (instance) (${buckets})`);
    basePanel(integration, 0).queries[0]!.legend = '{{le}}';
    expect(only(integration, 'dashboard/legend-label')[0]!.message).toContain('Keep `le` in the aggregation');
  });
});

test('the base histogram is lint-clean where it is read right', () => {
  const integration = withHistogramQuery(`histogram_quantile(0.99, sum by (le, instance) (${buckets}))`);
  expect(lintIntegration(integration).findings).toEqual([]);
});
