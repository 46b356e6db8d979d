// The kit's panels: the query, legend and unit each derives from its catalog metric.
import { describe, expect, test } from 'vitest';
import { gaugePanel, gaugeRatioPanel, metricsOf, quantilePanel, ratePanel, ratioPanel, statPanel } from '../../../src/model/index.js';
import { m } from './fixture.js';

const text = { title: 'T', description: 'D' };

describe('panels', () => {
  test('a stat aggregates a gauge over the targets, in its unit', () => {
    expect(statPanel({ id: 'queue', ...text, metric: m.kit_queue_length, aggregate: 'max' })).toEqual({
      id: 'queue',
      type: 'stat',
      ...text,
      unit: 'count',
      queries: [{ expr: 'max(kit_queue_length)', legend: 'T' }],
    });
  });

  test('a rate per series, or summed per target and label', () => {
    expect(ratePanel({ id: 'r', ...text, metric: m.kit_requests_total })).toMatchObject({
      type: 'timeseries',
      unit: 'per-second',
      queries: [{ expr: 'rate(kit_requests_total[5m])', legend: '{{instance}}', rateWindow: '5m' }],
    });
    expect(ratePanel({ id: 'r', ...text, metric: m.kit_requests_total, by: ['code', 'method'], per: 'pod', window: '2m' }).queries).toEqual(
      [{ expr: 'sum by (pod, code, method) (rate(kit_requests_total[2m]))', legend: '{{pod}} {{code}} {{method}}', rateWindow: '2m' }],
    );
  });

  test('a fixed window is written as asked and declares no rate window, so every output keeps it', () => {
    const panel = ratePanel({ id: 'r', ...text, metric: m.kit_requests_total, fixedWindow: '1h' });
    expect(panel.queries).toEqual([{ expr: 'rate(kit_requests_total[1h])', legend: '{{instance}}' }]);
    const ratio = ratioPanel({ id: 's', ...text, numerator: m.kit_errors_total, denominator: m.kit_requests_total, fixedWindow: '1d' });
    expect(ratio.queries).toEqual([
      { expr: 'sum by (instance) (rate(kit_errors_total[1d])) / sum by (instance) (rate(kit_requests_total[1d]))', legend: '{{instance}}' },
    ]);
    const quantiles = quantilePanel({ id: 'd', ...text, metric: m.kit_request_duration_seconds, quantiles: [0.99], fixedWindow: '30m' });
    expect(quantiles.queries).toEqual([
      {
        expr: 'histogram_quantile(0.99, sum by (le, instance) (rate(kit_request_duration_seconds_bucket[30m])))',
        legend: '{{instance}} p99',
      },
    ]);
    // @ts-expect-error: a window is the rate now or fixed, not both.
    ratePanel({ id: 'r', ...text, metric: m.kit_requests_total, window: '5m', fixedWindow: '1h' });
  });

  test("a summary's quantiles as the targets computed them, in the metric's unit", () => {
    const panel = quantilePanel({ id: 'lock', ...text, metric: m.kit_lock_wait_milliseconds, quantiles: [0.5, 0.999] });
    expect(panel).toMatchObject({
      unit: 'milliseconds',
      queries: [
        { expr: 'kit_lock_wait_milliseconds{quantile="0.5"}', legend: '{{instance}} p50' },
        { expr: 'kit_lock_wait_milliseconds{quantile="0.999"}', legend: '{{instance}} p99.9' },
      ],
    });
    // Gauges read no window, so there is no rate window to declare.
    expect(panel.queries.map((q) => q.rateWindow)).toEqual([undefined, undefined]);
    expect(quantilePanel({ id: 'l', ...text, metric: m.kit_latency_seconds }).queries?.map((q) => q.legend)).toEqual([
      '{{instance}} p50',
      '{{instance}} p90',
      '{{instance}} p99',
    ]);
    expect(() => quantilePanel({ id: 'l', ...text, metric: m.kit_latency_seconds, quantiles: [0.95] })).toThrow(
      'panel l: kit_latency_seconds exposes quantiles 0.5, 0.9, 0.99, not 0.95',
    );
  });

  test("a histogram's quantiles from its bucket rates, by le and target", () => {
    const panel = quantilePanel({ id: 'd', ...text, metric: m.kit_request_duration_seconds, quantiles: [0.99] });
    expect(panel).toMatchObject({
      unit: 'seconds',
      queries: [
        {
          expr: 'histogram_quantile(0.99, sum by (le, instance) (rate(kit_request_duration_seconds_bucket[5m])))',
          legend: '{{instance}} p99',
          rateWindow: '5m',
        },
      ],
    });
    expect(quantilePanel({ id: 'd', ...text, metric: m.kit_request_duration_seconds }).queries).toHaveLength(3);
  });

  test("a native histogram's quantiles from the rate of its one series, without le", () => {
    const native = metricsOf('kit-default').nativeHistogram('kit_wait_seconds', 'Time waiting.', { unit: 'seconds' });
    expect(quantilePanel({ id: 'w', ...text, metric: native, quantiles: [0.9] }).queries).toEqual([
      { expr: 'histogram_quantile(0.9, sum by (instance) (rate(kit_wait_seconds[5m])))', legend: '{{instance}} p90', rateWindow: '5m' },
    ]);
  });

  test('a ratio of two counters per target', () => {
    expect(ratioPanel({ id: 's', ...text, numerator: m.kit_errors_total, denominator: m.kit_requests_total })).toMatchObject({
      unit: 'ratio',
      queries: [
        {
          expr: 'sum by (instance) (rate(kit_errors_total[5m])) / sum by (instance) (rate(kit_requests_total[5m]))',
          legend: '{{instance}}',
          rateWindow: '5m',
        },
      ],
    });
  });

  test('a gauge over time, summed per target or per label, in its unit', () => {
    expect(gaugePanel({ id: 'lag', ...text, metric: m.kit_replication_lag_milliseconds })).toMatchObject({
      type: 'timeseries',
      unit: 'milliseconds',
      queries: [{ expr: 'sum by (instance) (kit_replication_lag_milliseconds)', legend: '{{instance}}' }],
    });
    expect(gaugePanel({ id: 'w', ...text, metric: m.kit_slots_in_use, per: 'worker', by: ['pool'] }).queries).toEqual([
      { expr: 'sum by (worker, pool) (kit_slots_in_use)', legend: '{{worker}} {{pool}}' },
    ]);
    // @ts-expect-error a counter's value over time means nothing: rate it
    expect(() => gaugePanel({ id: 'g', ...text, metric: m.kit_errors_total })).toThrow(
      'panel g: kit_errors_total is a counter, not a gauge',
    );
  });

  test('a ratio of two gauges, each summed per label', () => {
    expect(gaugeRatioPanel({ id: 'u', ...text, numerator: m.kit_slots_in_use, denominator: m.kit_slots, per: 'pool' })).toMatchObject({
      unit: 'ratio',
      queries: [{ expr: 'sum by (pool) (kit_slots_in_use) / sum by (pool) (kit_slots)', legend: '{{pool}}' }],
    });
    expect(() =>
      // @ts-expect-error a counter is no part of a gauge's whole
      gaugeRatioPanel({ id: 'u', ...text, numerator: m.kit_errors_total, denominator: m.kit_slots }),
    ).toThrow('panel u: kit_errors_total is a counter, not a gauge');
  });

  test('sizes and thresholds pass through; the kinds are checked by type', () => {
    expect(
      statPanel({
        id: 'q',
        ...text,
        metric: m.kit_queue_length,
        aggregate: 'sum',
        width: 6,
        height: 4,
        thresholds: [{ value: 10, severity: 'warning' }],
      }),
    ).toMatchObject({
      width: 6,
      height: 4,
      thresholds: [{ value: 10, severity: 'warning' }],
    });
    // @ts-expect-error a rate of a gauge means nothing
    expect(() => ratePanel({ id: 'r', ...text, metric: m.kit_queue_length })).toThrow(
      'panel r: kit_queue_length is a gauge, not a counter',
    );
    // @ts-expect-error a counter has no quantiles
    expect(() => quantilePanel({ id: 'q', ...text, metric: m.kit_errors_total })).toThrow(
      'panel q: kit_errors_total is a counter, not a summary or a histogram',
    );
  });
});
