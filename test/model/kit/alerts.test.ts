// The kit's alerts: each helper's expression, annotations and derived promtool cases, and the mistakes it
// refuses. That the cases fire and stay quiet under promtool is property.test.ts's job.
import { describe, expect, test } from 'vitest';
import {
  errorsIncreasing,
  gaugeAbove,
  gaugeRatioAbove,
  histogramQuantileAbove,
  jobDown,
  ratioAbove,
  summaryQuantileAbove,
  targetDown,
  type AlertTest,
} from '../../../src/model/index.js';
import { annotations, job, m } from './fixture.js';

const base = { job, for: '10m', severity: 'warning' } as const;
const target = { instance: '10.0.0.1:9100', job: 'kit-app' };
const valuesOf = (test: AlertTest | undefined) => Object.fromEntries((test?.series ?? []).map((s) => [s.series, s.values]));

describe('errorsIncreasing', () => {
  const alert = errorsIncreasing({
    ...base,
    id: 'KitErrors',
    title: 'Errors',
    metric: m.kit_errors_total,
    window: '5m',
    summary: ({ instance }) => `failing on ${instance}`,
    description: ({ instance, value }) => `${value} errors on ${instance}`,
  });

  test('fires while the counter increased in the window, with the value humanized', () => {
    expect(alert).toMatchObject({
      expr: 'increase(kit_errors_total[5m]) > 0',
      for: '10m',
      summary: 'failing on {{ $labels.instance }}',
      description: '{{ $value | humanize }} errors on {{ $labels.instance }}',
    });
  });

  test('cases: an error every fifth of the window, or a single one, evaluated after window + for + one evaluation', () => {
    expect(alert.tests).toEqual([
      {
        name: 'fires while errors keep occurring',
        interval: '1m',
        evalTime: '16m',
        series: [{ series: 'kit_errors_total{instance="10.0.0.1:9100", job="kit-app"}', values: '0+1x16' }],
        alerts: [{ labels: target, summary: 'failing on 10.0.0.1:9100', description: '5 errors on 10.0.0.1:9100' }],
      },
      {
        name: 'stays quiet after a single transient error',
        interval: '1m',
        evalTime: '16m',
        series: [{ series: 'kit_errors_total{instance="10.0.0.1:9100", job="kit-app"}', values: '0 1x16' }],
        alerts: [],
      },
    ]);
    const short = errorsIncreasing({
      ...base,
      for: '3m',
      id: 'E',
      title: 'E',
      metric: m.kit_errors_total,
      window: '2m',
      summary: 's',
      description: 'd',
    });
    expect(short.tests?.map(({ interval, evalTime, series }) => [interval, evalTime, series[0].values])).toEqual([
      ['24s', '6m', '0+1x15'],
      ['24s', '6m', '0 1x15'],
    ]);
  });

  test('takes labels and a runbook through', () => {
    const labelled = errorsIncreasing({
      ...base,
      id: 'E',
      title: 'E',
      metric: m.kit_errors_total,
      window: '5m',
      summary: 's',
      description: 'd',
      labels: { team: 'x' },
      runbook: 'https://example.com/e',
    });
    expect(labelled).toMatchObject({ labels: { team: 'x' }, runbook: 'https://example.com/e', summary: 's', description: 'd' });
  });

  test('refuses a metric of another job: its test series would be labelled wrongly', () => {
    expect(() =>
      errorsIncreasing({
        ...base,
        job: { ...job, id: 'other' },
        id: 'E',
        title: 'E',
        metric: m.kit_errors_total,
        window: '5m',
        summary: 's',
        description: 'd',
      }),
    ).toThrow('E: kit_errors_total is collected by job kit-app, not by other');
  });

  test('takes counters only, and names the catalog has', () => {
    const spec = { ...base, id: 'E', title: 'E', window: '5m', summary: 's', description: 'd' };
    // @ts-expect-error a gauge is no error counter
    expect(() => errorsIncreasing({ ...spec, metric: m.kit_queue_length })).toThrow('E: kit_queue_length is a gauge, not a counter');
    // @ts-expect-error a misspelt metric does not compile
    expect(() => errorsIncreasing({ ...spec, metric: m.kit_error_total })).toThrow();
  });
});

describe('summaryQuantileAbove', () => {
  test('in seconds: the quantile series against the threshold, value and threshold as durations', () => {
    const alert = summaryQuantileAbove({
      ...base,
      id: 'Slow',
      title: 'Slow',
      metric: m.kit_latency_seconds,
      quantile: 0.99,
      threshold: 0.5,
      ...annotations,
    });
    expect(alert).toMatchObject({
      expr: 'kit_latency_seconds{quantile="0.99"} > 0.5',
      summary: 'slow on {{ $labels.instance }}',
      description: '{{ $value | humanizeDuration }} on {{ $labels.instance }}, above 500ms',
    });
    const [firing, quiet] = alert.tests ?? [];
    expect([firing?.name, firing?.interval, firing?.evalTime, quiet?.name]).toEqual([
      'fires when p99 stays above the threshold',
      '1m',
      '11m',
      'stays quiet when p99 is below the threshold',
    ]);
    const selector = (q: string) => `kit_latency_seconds{instance="10.0.0.1:9100", job="kit-app", quantile="${q}"}`;
    expect(valuesOf(firing)).toEqual({ [selector('0.5')]: '0.25x11', [selector('0.9')]: '1x11', [selector('0.99')]: '2x11' });
    expect(valuesOf(quiet)).toEqual({ [selector('0.5')]: '0.0625x11', [selector('0.9')]: '0.125x11', [selector('0.99')]: '0.25x11' });
    expect(firing?.alerts).toEqual([
      { labels: { ...target, quantile: '0.99' }, summary: 'slow on 10.0.0.1:9100', description: '2s on 10.0.0.1:9100, above 500ms' },
    ]);
  });

  test('in milliseconds: the threshold stays in seconds, the expression converts, the series are in milliseconds', () => {
    const alert = summaryQuantileAbove({
      ...base,
      id: 'Lock',
      title: 'Lock',
      metric: m.kit_lock_wait_milliseconds,
      quantile: 0.9,
      threshold: 0.25,
      ...annotations,
    });
    expect(alert.expr).toBe('kit_lock_wait_milliseconds{quantile="0.9"} / 1000 > 0.25');
    const [firing, quiet] = alert.tests ?? [];
    // The quantile alerted on at 4× (quiet ½×), the one below at 2× (¼×), lower ones ½× (⅛×), higher ones 8× (2×).
    expect(Object.values(valuesOf(firing))).toEqual(['125x11', '500x11', '1000x11', '2000x11', '2000x11']);
    expect(Object.values(valuesOf(quiet))).toEqual(['31.25x11', '62.5x11', '125x11', '500x11', '500x11']);
    expect(firing?.alerts[0]?.description).toBe('1s on 10.0.0.1:9100, above 250ms');
  });

  test('of a count: humanized, unconverted', () => {
    const alert = summaryQuantileAbove({
      ...base,
      id: 'Batch',
      title: 'Batch',
      metric: m.kit_batch_size,
      quantile: 0.99,
      threshold: 1500,
      ...annotations,
    });
    expect(alert.expr).toBe('kit_batch_size{quantile="0.99"} > 1500');
    expect(alert.description).toBe('{{ $value | humanize }} on {{ $labels.instance }}, above 1.5k');
    expect(alert.tests?.[0]?.alerts[0]?.description).toBe('6k on 10.0.0.1:9100, above 1.5k');
  });

  test('takes only a quantile the summary exposes', () => {
    const spec = { ...base, id: 'Slow', title: 'Slow', metric: m.kit_latency_seconds, threshold: 1, ...annotations };
    // @ts-expect-error the summary exposes 0.5, 0.9 and 0.99
    expect(() => summaryQuantileAbove({ ...spec, quantile: 0.95 })).toThrow(
      'Slow: kit_latency_seconds exposes quantiles 0.5, 0.9, 0.99, not 0.95',
    );
    // @ts-expect-error a histogram has no quantile series
    expect(() => summaryQuantileAbove({ ...spec, metric: m.kit_request_duration_seconds, quantile: 0.99 })).toThrow(
      'Slow: kit_request_duration_seconds is a histogram, not a summary',
    );
  });
});

describe('histogramQuantileAbove', () => {
  const spec = { ...base, id: 'Slow', title: 'Slow', metric: m.kit_request_duration_seconds, quantile: 0.99, window: '5m', ...annotations };
  const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
  /** The first `le` whose bucket holds the case's observations. */
  const filledFrom = (test: AlertTest | undefined) => {
    const values = (test?.series ?? []).map((s) => s.values);
    expect(new Set(values)).toEqual(new Set(['0x16', '0+1x16']));
    return les[values.indexOf('0+1x16')];
  };

  test('sums the bucket rates by le and the target, then compares the quantile', () => {
    const alert = histogramQuantileAbove({ ...spec, threshold: 0.3 });
    expect(alert.expr).toBe('histogram_quantile(0.99, sum by (le, instance, job) (rate(kit_request_duration_seconds_bucket[5m]))) > 0.3');
    expect(alert.description).toBe('{{ $value | humanizeDuration }} on {{ $labels.instance }}, above 300ms');
    const [firing, quiet] = alert.tests ?? [];
    expect(firing?.series.map((s) => s.series)).toEqual(
      les.map((le) => `kit_request_duration_seconds_bucket{instance="10.0.0.1:9100", job="kit-app", le="${le}"}`),
    );
    // Firing: every observation in (0.5, 1], p99 interpolated at 0.995; quiet: all in (0.1, 0.25].
    expect([filledFrom(firing), filledFrom(quiet)]).toEqual(['1', '0.25']);
    expect([firing?.interval, firing?.evalTime]).toEqual(['1m', '16m']);
    expect(firing?.alerts).toEqual([
      { labels: target, summary: 'slow on 10.0.0.1:9100', description: '995ms on 10.0.0.1:9100, above 300ms' },
    ]);
  });

  test('a threshold on a bound, or in the last finite bucket', () => {
    const onBound = histogramQuantileAbove({ ...spec, threshold: 0.5 }).tests ?? [];
    expect([filledFrom(onBound[0]), filledFrom(onBound[1])]).toEqual(['1', '0.5']);
    const last = histogramQuantileAbove({ ...spec, threshold: 9 }).tests ?? [];
    // +Inf answers the largest finite bound.
    expect([filledFrom(last[0]), filledFrom(last[1]), last[0]?.alerts[0]?.description]).toEqual([
      '+Inf',
      '5',
      '10s on 10.0.0.1:9100, above 9s',
    ]);
  });

  test('skips a bucket whose value sits on a rounding tie of the description', () => {
    // p99.9 in (2.5, 5] is 4.9975s, which Prometheus prints as 4.997s or 4.998s depending on the last bit of
    // rank / count; (5, 10] gives 9.995s whatever that bit is.
    const alert = histogramQuantileAbove({ ...spec, quantile: 0.999, threshold: 2.5 });
    const [firing] = alert.tests ?? [];
    expect([filledFrom(firing), firing?.alerts[0]?.description]).toEqual(['10', '9.995s on 10.0.0.1:9100, above 2.5s']);
  });

  test('by labels of the metric’s own, with the values the test series give them', () => {
    const alert = histogramQuantileAbove({ ...spec, threshold: 0.3, by: ['instance', 'handler'], testLabels: { handler: '/api' } });
    expect(alert.expr).toBe(
      'histogram_quantile(0.99, sum by (le, instance, handler) (rate(kit_request_duration_seconds_bucket[5m]))) > 0.3',
    );
    expect(alert.tests?.[0]?.series[0]?.series).toBe(
      'kit_request_duration_seconds_bucket{instance="10.0.0.1:9100", job="kit-app", handler="/api", le="0.005"}',
    );
    expect(alert.tests?.[0]?.alerts[0]?.labels).toEqual({ instance: '10.0.0.1:9100', handler: '/api' });
    expect(() => histogramQuantileAbove({ ...spec, threshold: 0.3, by: ['handler'] })).toThrow(
      'Slow: the test series carry no handler label to aggregate by: give it a value in testLabels',
    );
  });

  test('in microseconds and bytes: converted and printed in the metric’s unit', () => {
    const exec = histogramQuantileAbove({ ...spec, metric: m.kit_exec_time_microseconds, threshold: 0.002 });
    expect(exec.expr).toBe(
      'histogram_quantile(0.99, sum by (le, instance, job) (rate(kit_exec_time_microseconds_bucket[5m]))) / 1000000 > 0.002',
    );
    expect(exec.tests?.[0]?.alerts[0]?.description).toBe('99.1ms on 10.0.0.1:9100, above 2ms');
    const size = histogramQuantileAbove({ ...spec, metric: m.kit_response_size_bytes, quantile: 0.9, threshold: 5000 });
    expect(size.expr).toBe('histogram_quantile(0.9, sum by (le, instance, job) (rate(kit_response_size_bytes_bucket[5m]))) > 5000');
    expect(size.description).toBe('{{ $value | humanize1024 }}B on {{ $labels.instance }}, above 4.883kiB');
    expect(size.tests?.[0]?.alerts[0]?.description).toBe('88.87kiB on 10.0.0.1:9100, above 4.883kiB');
  });

  test('refuses a threshold the buckets cannot decide', () => {
    expect(() => histogramQuantileAbove({ ...spec, threshold: 10 })).toThrow(
      'Slow: the threshold 10s is not below the largest bucket bound of kit_request_duration_seconds (10s), so its p99 never exceeds it',
    );
    expect(() => histogramQuantileAbove({ ...spec, threshold: 0.001 })).toThrow(
      'Slow: the threshold 1ms lies inside the first bucket of kit_request_duration_seconds (up to 5ms)',
    );
    expect(() => histogramQuantileAbove({ ...spec, threshold: 1, quantile: 1 })).toThrow(
      'Slow: the quantile must lie between 0 and 1, not 1',
    );
  });
});

describe('ratioAbove', () => {
  const spec = {
    ...base,
    id: 'Share',
    title: 'Share',
    numerator: m.kit_errors_total,
    denominator: m.kit_requests_total,
    window: '5m',
    ...annotations,
  };

  test('the rates by target, divided, against the share; printed as percentages', () => {
    const alert = ratioAbove({ ...spec, share: 0.05 });
    expect(alert.expr).toBe(
      'sum by (instance, job) (rate(kit_errors_total[5m])) / sum by (instance, job) (rate(kit_requests_total[5m])) > 0.05',
    );
    expect(alert.description).toBe('{{ $value | humanizePercentage }} on {{ $labels.instance }}, above 5%');
    const [firing, quiet] = alert.tests ?? [];
    const selector = (name: string) => `${name}{instance="10.0.0.1:9100", job="kit-app"}`;
    expect(valuesOf(firing)).toEqual({ [selector('kit_errors_total')]: '0+10x16', [selector('kit_requests_total')]: '0+100x16' });
    expect(valuesOf(quiet)).toEqual({ [selector('kit_errors_total')]: '0+2.5x16', [selector('kit_requests_total')]: '0+100x16' });
    expect(firing?.alerts).toEqual([{ labels: target, summary: 'slow on 10.0.0.1:9100', description: '10% on 10.0.0.1:9100, above 5%' }]);
  });

  test('a share over a half fires with every request failing; a share must lie between 0 and 1', () => {
    expect(ratioAbove({ ...spec, share: 0.7 }).tests?.[0]?.alerts[0]?.description).toBe('100% on 10.0.0.1:9100, above 70%');
    expect(() => ratioAbove({ ...spec, share: 5 })).toThrow('Share: the share must lie between 0 and 1, not 5');
  });

  test('by other labels', () => {
    const alert = ratioAbove({ ...spec, share: 0.1, by: ['job'] });
    expect(alert.expr).toBe('sum by (job) (rate(kit_errors_total[5m])) / sum by (job) (rate(kit_requests_total[5m])) > 0.1');
    expect(alert.tests?.[0]?.alerts[0]?.labels).toEqual({ job: 'kit-app' });
  });
});

describe('gaugeRatioAbove', () => {
  const spec = {
    ...base,
    id: 'Full',
    title: 'Full',
    numerator: m.kit_slots_in_use,
    denominator: m.kit_slots,
    by: ['pool'],
    testLabels: { pool: 'blue' },
    numeratorLabels: { worker: 'w1' },
    summary: ({ label }: { label(name: string): string }) => `pool ${label('pool')} is full`,
    description: ({ label, value, threshold }: { label(name: string): string; value: string; threshold: string }) =>
      `${value} of ${label('pool')} in use, above ${threshold}`,
  };

  test('both gauges summed by the labels, divided, against the share; printed as percentages', () => {
    const alert = gaugeRatioAbove({ ...spec, share: 0.8 });
    expect(alert).toMatchObject({
      expr: 'sum by (pool) (kit_slots_in_use) / sum by (pool) (kit_slots) > 0.8',
      summary: 'pool {{ $labels.pool }} is full',
      description: '{{ $value | humanizePercentage }} of {{ $labels.pool }} in use, above 80%',
    });
    const [firing, quiet] = alert.tests ?? [];
    // The numerator carries a label the whole lacks: a rule that divided without summing would match nothing.
    const used = 'kit_slots_in_use{instance="10.0.0.1:9100", job="kit-app", pool="blue", worker="w1"}';
    const size = 'kit_slots{instance="10.0.0.1:9100", job="kit-app", pool="blue"}';
    expect([firing?.interval, firing?.evalTime]).toEqual(['1m', '11m']);
    expect(valuesOf(firing)).toEqual({ [used]: '100x11', [size]: '100x11' });
    expect(valuesOf(quiet)).toEqual({ [used]: '40x11', [size]: '100x11' });
    expect(firing?.alerts).toEqual([
      { labels: { pool: 'blue' }, summary: 'pool blue is full', description: '100% of blue in use, above 80%' },
    ]);
    expect(quiet?.alerts).toEqual([]);
  });

  test('a small share fires at twice itself; the share must lie between 0 and 1, the by labels have values', () => {
    expect(gaugeRatioAbove({ ...spec, share: 0.3 }).tests?.[0]?.alerts[0]?.description).toBe('60% of blue in use, above 30%');
    expect(() => gaugeRatioAbove({ ...spec, share: 1 })).toThrow('Full: the share must lie between 0 and 1, not 1');
    expect(() => gaugeRatioAbove({ ...spec, share: 0.5, testLabels: {} })).toThrow(
      'Full: the test series carry no pool label to aggregate by: give it a value in testLabels',
    );
    // @ts-expect-error a counter is no gauge: its ratio needs rates (ratioAbove)
    expect(() => gaugeRatioAbove({ ...spec, share: 0.5, numerator: m.kit_errors_total })).toThrow(
      'Full: kit_errors_total is a counter, not a gauge',
    );
  });
});

describe('gaugeAbove', () => {
  const text = {
    summary: ({ instance }: { instance: string }) => `behind on ${instance}`,
    description: ({ value, threshold }: { value: string; threshold: string }) => `${value}, above ${threshold}`,
  };

  test('each series on its own against the threshold, converted from the metric’s unit', () => {
    const alert = gaugeAbove({ ...base, id: 'Lag', title: 'Lag', metric: m.kit_replication_lag_milliseconds, threshold: 0.25, ...text });
    expect(alert).toMatchObject({
      expr: 'kit_replication_lag_milliseconds / 1000 > 0.25',
      description: '{{ $value | humanizeDuration }}, above 250ms',
    });
    const [firing, quiet] = alert.tests ?? [];
    const selector = 'kit_replication_lag_milliseconds{instance="10.0.0.1:9100", job="kit-app"}';
    expect(valuesOf(firing)).toEqual({ [selector]: '500x11' });
    expect(valuesOf(quiet)).toEqual({ [selector]: '125x11' });
    expect(firing?.alerts).toEqual([{ labels: target, summary: 'behind on 10.0.0.1:9100', description: '500ms, above 250ms' }]);
  });

  test('summed by labels; at zero it fires at one and stays quiet at zero, which is not above it', () => {
    const alert = gaugeAbove({
      ...base,
      id: 'Busy',
      title: 'Busy',
      metric: m.kit_slots_in_use,
      threshold: 0,
      by: ['pool', 'worker'],
      testLabels: { pool: 'blue', worker: 'w1' },
      ...text,
    });
    expect(alert.expr).toBe('sum by (pool, worker) (kit_slots_in_use) > 0');
    const [firing, quiet] = alert.tests ?? [];
    const selector = 'kit_slots_in_use{instance="10.0.0.1:9100", job="kit-app", pool="blue", worker="w1"}';
    expect([valuesOf(firing), valuesOf(quiet)]).toEqual([{ [selector]: '1x11' }, { [selector]: '0x11' }]);
    expect(firing?.alerts[0]?.labels).toEqual({ pool: 'blue', worker: 'w1' });
    const negative = gaugeAbove({ ...base, id: 'N', title: 'N', metric: m.kit_queue_length, threshold: -4, ...text });
    expect(negative.tests?.map((t) => Object.values(valuesOf(t))[0])).toEqual(['0x11', '-6x11']);
    // @ts-expect-error a counter only grows: alert on its increase (errorsIncreasing)
    expect(() => gaugeAbove({ ...base, id: 'C', title: 'C', metric: m.kit_errors_total, threshold: 1, ...text })).toThrow(
      'C: kit_errors_total is a counter, not a gauge',
    );
  });
});

describe('targetDown and jobDown', () => {
  test('a target down: up == 0, per target', () => {
    const alert = targetDown({
      ...base,
      id: 'Down',
      title: 'Down',
      summary: ({ instance, job }) => `${job}/${instance} down`,
      description: 'd',
    });
    expect(alert).toMatchObject({ expr: 'up{job="kit-app"} == 0', summary: '{{ $labels.job }}/{{ $labels.instance }} down' });
    expect(alert.tests).toEqual([
      {
        name: 'fires when the target stays down',
        interval: '1m',
        evalTime: '11m',
        series: [{ series: 'up{instance="10.0.0.1:9100", job="kit-app"}', values: '0x11' }],
        alerts: [{ labels: target, summary: 'kit-app/10.0.0.1:9100 down', description: 'd' }],
      },
      {
        name: 'stays quiet while the target is up',
        interval: '1m',
        evalTime: '11m',
        series: [{ series: 'up{instance="10.0.0.1:9100", job="kit-app"}', values: '1x11' }],
        alerts: [],
      },
    ]);
  });

  test('a job down: no target up, without labels, so the annotations name the job themselves', () => {
    const alert = jobDown({ ...base, id: 'Gone', title: 'Gone', summary: ({ job }) => `no ${job} target is up`, description: 'd' });
    expect(alert).toMatchObject({ expr: 'absent(up{job="kit-app"} == 1)', summary: 'no kit-app target is up' });
    expect(alert.tests?.map((t) => [t.name, t.series[0].values, t.alerts])).toEqual([
      ['fires when no target of the job is up', '0x11', [{ labels: {}, summary: 'no kit-app target is up', description: 'd' }]],
      ['stays quiet while a target is up', '1x11', []],
    ]);
  });
});
