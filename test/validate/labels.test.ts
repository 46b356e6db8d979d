// Which labels survive an expression: the basis of alert/aggregated-label and dashboard/legend-label.
import { describe, expect, test } from 'vitest';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { canCarry, outputLabels } from '../../src/lint/labels.js';

const carries = (expr: string, label: string) => canCarry(outputLabels(parsePromQL(expr)), label);

describe('outputLabels', () => {
  test.each([
    ['x', 'pod', true],
    ['rate(x[5m]) > 0', 'pod', true],
    ['sum(x)', 'instance', false],
    ['sum by (instance) (x)', 'instance', true],
    ['sum by (instance) (x)', 'pod', false],
    ['sum(x) by (instance)', 'instance', true],
    ['sum without (pod) (x)', 'pod', false],
    ['sum without (pod) (x)', 'instance', true],
    ['max without (pod) (sum by (instance, pod) (x))', 'instance', true],
    ['max without (pod) (sum by (instance, pod) (x))', 'node', false],
    ['topk(3, sum by (instance) (x))', 'instance', true],
    ['topk(3, sum by (instance) (x))', 'pod', false],
    ['topk by (node) (3, x)', 'pod', true],
    ['count_values("version", x)', 'version', true],
    ['count_values("version", x)', 'instance', false],
    ['histogram_quantile(0.9, sum by (le, instance) (rate(x_bucket[5m])))', 'instance', true],
    ['histogram_quantile(0.9, sum by (le, instance) (rate(x_bucket[5m])))', 'le', false],
    ['label_replace(sum(x), "node", "$1", "instance", "(.*)")', 'node', true],
    ['label_replace(sum(x), "node", "$1", "instance", "(.*)")', 'instance', false],
    ['absent(x{job="calico", instance=~"a.*"})', 'job', true],
    ['absent(x{job="calico", instance=~"a.*"})', 'instance', false],
    ['absent_over_time(x{job="calico"}[5m])', 'job', true],
    ['absent(x{job="calico"} == 1)', 'job', false],
    ['absent((x{job="calico"}))', 'job', false],
    ['absent(x{job="calico", job!="other"})', 'job', false],
    ['absent(x{job="calico", job="calico"})', 'job', false],
    ['absent(x{job!="other", job="calico"})', 'job', true],
    ['vector(1)', 'instance', false],
    ['sum(x) > 0', 'instance', false],
    ['1 - sum by (instance) (x)', 'instance', true],
    ['x / on (instance) y', 'instance', true],
    ['x / on (instance) y', 'pod', false],
    ['x / ignoring (pod) y', 'pod', false],
    ['x / ignoring (pod) y', 'instance', true],
    ['sum by (instance) (x) * on (instance) group_left (node) y', 'node', true],
    ['sum by (instance) (x) * on (instance) group_left (node) y', 'pod', false],
    ['sum by (instance) (x) and on (instance) y', 'instance', true],
    ['sum by (instance) (x) unless y', 'pod', false],
    ['sum by (a) (x) or sum by (b) (y)', 'b', true],
    ['sum by (a) (x) or sum by (b) (y)', 'c', false],
    ['(sum by (instance) (x))[5m:] offset 1m', 'instance', true],
    ['max_over_time(sum by (instance) (x)[5m:])', 'pod', false],
    ['clamp_max(sum by (instance) (x), 1)', 'instance', true],
    ['scalar(sum(x)) * y', 'pod', true],
  ])('%s carries %s: %s', (expr, label, expected) => {
    expect(carries(expr, label)).toBe(expected);
  });
});
