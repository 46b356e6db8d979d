// For random thresholds, windows, `for` durations and quantiles, every kit alert's derived promtool cases hold
// under promtool: the firing case fires with exactly the labels and annotations predicted, the quiet case stays
// quiet. The definitions also validate and lint clean. And the cases have teeth: rules that wait far longer
// fail every firing case, rules that fire on anything fail every quiet case.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test, type TestContext } from 'vitest';
import {
  errorsIncreasing,
  gaugeAbove,
  gaugePanel,
  gaugeRatioAbove,
  gaugeRatioPanel,
  histogramQuantileAbove,
  jobDown,
  metricList,
  quantilePanel,
  ratePanel,
  ratioAbove,
  ratioPanel,
  secondsDuration,
  statPanel,
  summaryQuantileAbove,
  targetDown,
  type Alert,
  type Integration,
} from '../../../src/model/index.js';
import { buildModules } from '../../../src/pipeline/build.js';
import { renderPrometheusRules } from '../../../src/outputs/prometheus-rules/render.js';
import { promtoolSkipReason, testRules, type RuleTestFailure } from '../../../src/support/promtool.js';
import { job, m } from './fixture.js';
import type { LoadedModule } from '../../../src/core/types.js';
import { succeeded } from '../../helpers/build.js';

interface Params {
  window: string;
  for: string;
  latency: { quantile: 0.5 | 0.9 | 0.99; threshold: number };
  lock: { quantile: 0.5 | 0.75 | 0.9 | 0.99 | 0.999; threshold: number };
  batch: { quantile: 0.5 | 0.99; threshold: number };
  duration: { quantile: number; threshold: number };
  size: { quantile: number; threshold: number };
  exec: { quantile: number; threshold: number };
  share: number;
  queue: number;
  lag: number;
}

const summary = <Q extends number>(quantiles: readonly Q[], min: number, max: number) =>
  fc.record({ quantile: fc.constantFrom(...quantiles), threshold: fc.double({ min, max, noNaN: true }) });
const histogramQuantiles = [0.5, 0.75, 0.9, 0.95, 0.99, 0.999];
/** Thresholds where the buckets can tell firing from quiet: from the first bound to just below the last. */
const histogram = (first: number, last: number) => summary(histogramQuantiles, first, last * 0.999);

// The fixture's job is scraped every 10s, so any window of 20s or more holds two samples (promql/rate-window).
const params: fc.Arbitrary<Params> = fc.record({
  window: fc.integer({ min: 2, max: 360 }).map((tens) => secondsDuration(tens * 10)),
  for: fc.integer({ min: 0, max: 180 }).map((tens) => secondsDuration(tens * 10)),
  latency: summary([0.5, 0.9, 0.99] as const, 1e-4, 1e3),
  lock: summary([0.5, 0.75, 0.9, 0.99, 0.999] as const, 1e-4, 1e3),
  batch: summary([0.5, 0.99] as const, 0.5, 1e6),
  duration: histogram(0.005, 10),
  size: histogram(100, 100_000),
  exec: histogram(100e-6, 0.1),
  share: fc.integer({ min: 1, max: 999 }).map((permille) => permille / 1000),
  // Zero (any value at all), and thresholds either side of it.
  queue: fc.oneof(fc.constant(0), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
  lag: fc.double({ min: 1e-4, max: 1e3, noNaN: true }),
});

const text = (name: string) => ({
  summary: ({ instance }: { instance: string }) => `${name} on ${instance}`,
  description: ({ instance, job: jobName, value, threshold }: { instance: string; job: string; value: string; threshold?: string }) =>
    `${name}: ${value} on ${instance} of ${jobName}${threshold ? `, above ${threshold}` : ''}.`,
});

function integrationOf(p: Params): Integration {
  const base = { job, for: p.for, severity: 'warning' } as const;
  const alerts: [Alert, ...Alert[]] = [
    errorsIncreasing({ ...base, id: 'KitErrors', title: 'Errors', metric: m.kit_errors_total, window: p.window, ...text('errors') }),
    summaryQuantileAbove({ ...base, id: 'KitLatency', title: 'Latency', metric: m.kit_latency_seconds, ...p.latency, ...text('latency') }),
    summaryQuantileAbove({
      ...base,
      id: 'KitLockWait',
      title: 'Lock wait',
      metric: m.kit_lock_wait_milliseconds,
      ...p.lock,
      ...text('lock wait'),
    }),
    summaryQuantileAbove({ ...base, id: 'KitBatch', title: 'Batch', metric: m.kit_batch_size, ...p.batch, ...text('batch') }),
    histogramQuantileAbove({
      ...base,
      id: 'KitDuration',
      title: 'Duration',
      metric: m.kit_request_duration_seconds,
      window: p.window,
      ...p.duration,
      ...text('duration'),
    }),
    histogramQuantileAbove({
      ...base,
      id: 'KitDurationByHandler',
      title: 'Duration by handler',
      metric: m.kit_request_duration_seconds,
      window: p.window,
      by: ['instance', 'job', 'handler'],
      testLabels: { handler: '/api' },
      ...p.duration,
      summary: ({ label }) => `slow ${label('handler')}`,
      description: ({ instance, label, value }) => `${label('handler')} takes ${value} on ${instance}.`,
    }),
    histogramQuantileAbove({
      ...base,
      id: 'KitSize',
      title: 'Size',
      metric: m.kit_response_size_bytes,
      window: p.window,
      ...p.size,
      ...text('size'),
    }),
    histogramQuantileAbove({
      ...base,
      id: 'KitExec',
      title: 'Exec',
      metric: m.kit_exec_time_microseconds,
      window: p.window,
      ...p.exec,
      ...text('exec'),
    }),
    ratioAbove({
      ...base,
      id: 'KitErrorShare',
      title: 'Error share',
      numerator: m.kit_errors_total,
      denominator: m.kit_requests_total,
      share: p.share,
      window: p.window,
      ...text('share'),
    }),
    gaugeRatioAbove({
      ...base,
      id: 'KitSlotsInUse',
      title: 'Slots in use',
      numerator: m.kit_slots_in_use,
      denominator: m.kit_slots,
      share: p.share,
      by: ['pool'],
      testLabels: { pool: 'blue' },
      numeratorLabels: { worker: 'w1' },
      summary: ({ label }) => `pool ${label('pool')} is full`,
      description: ({ label, value, threshold }) => `${value} of ${label('pool')} in use, above ${threshold}.`,
    }),
    gaugeAbove({ ...base, id: 'KitQueue', title: 'Queue', metric: m.kit_queue_length, threshold: p.queue, ...text('queue') }),
    gaugeAbove({
      ...base,
      id: 'KitLag',
      title: 'Lag',
      metric: m.kit_replication_lag_milliseconds,
      threshold: p.lag,
      ...text('lag'),
    }),
    targetDown({ ...base, id: 'KitTargetDown', title: 'Target down', ...text('target down') }),
    jobDown({
      ...base,
      id: 'KitJobDown',
      title: 'Job down',
      summary: ({ job: name }) => `${name} is down`,
      description: ({ job: name }) => `No target of ${name} is up.`,
    }),
  ];
  const panel = (id: string) => ({ id, title: id, description: id });
  return {
    id: 'kit-app',
    name: 'Kit app',
    description: 'Every alert and panel of the kit.',
    versions: ['1'],
    exporter: 'Built in.',
    metrics: metricList(m),
    externalSeries: ['up'],
    alerts: { kit: alerts },
    dashboards: [
      {
        id: 'kit-app',
        title: 'Kit app',
        description: 'Every panel of the kit.',
        variables: [{ name: 'instance', label: 'Instance', metric: m.kit_requests_total.name }],
        rows: [
          {
            title: 'All',
            panels: [
              statPanel({ ...panel('queue'), metric: m.kit_queue_length, aggregate: 'max' }),
              ratePanel({ ...panel('requests'), metric: m.kit_requests_total }),
              ratioPanel({ ...panel('share'), numerator: m.kit_errors_total, denominator: m.kit_requests_total }),
              gaugeRatioPanel({ ...panel('slots'), numerator: m.kit_slots_in_use, denominator: m.kit_slots, per: 'pool' }),
              gaugePanel({ ...panel('slots-per-worker'), metric: m.kit_slots_in_use, per: 'worker', by: ['pool'] }),
              gaugePanel({ ...panel('lag'), metric: m.kit_replication_lag_milliseconds }),
              ...(
                [
                  'kit_latency_seconds',
                  'kit_lock_wait_milliseconds',
                  'kit_batch_size',
                  'kit_request_duration_seconds',
                  'kit_response_size_bytes',
                  'kit_exec_time_microseconds',
                ] as const
              ).map((name) => quantilePanel({ ...panel(name.replaceAll('_', '-')), metric: m[name] })),
            ],
          },
        ],
      },
    ],
    jobs: [job],
    docs: { prerequisites: [], installation: [] },
  };
}

const moduleOf = (integration: Integration): LoadedModule => ({
  folder: 'kit-app',
  sourceModule: 'test/model/kit/property.test.ts',
  module: { params: {}, define: () => integration },
});

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** promtool's verdict on the rules of `rules` against the cases of `cases`. */
async function promtool(
  rules: Integration,
  cases: Map<string, string>,
): Promise<{ failures: RuleTestFailure[]; stderr: string; ok: boolean }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-kit-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'prometheus'));
  const [rendered] = renderPrometheusRules({ integration: rules, params: [], sourceModule: 'test', config: {} });
  await writeFile(path.join(dir, 'prometheus/rules.yaml'), rendered!.content);
  await writeFile(path.join(dir, 'prometheus/rules.test.yaml'), cases.get('kit-app/prometheus/rules.test.yaml')!);
  return testRules(path.join(dir, 'prometheus/rules.test.yaml'));
}

async function built(p: Params) {
  const build = succeeded(await buildModules([moduleOf(integrationOf(p))], { config: {} }));
  expect(build.results.flatMap((r) => r.diagnostics)).toEqual([]);
  return build.files;
}

async function skipWithoutPromtool(ctx: TestContext) {
  const skip = await promtoolSkipReason();
  ctx.skip(skip !== undefined, skip);
}

const alertsOf = (integration: Integration) => integration.alerts.kit!;
const withAlerts = (integration: Integration, change: (alert: Alert) => Alert): Integration => ({
  ...integration,
  alerts: { kit: alertsOf(integration).map(change) as [Alert, ...Alert[]] },
});

describe('derived promtool cases', () => {
  test('fire and stay quiet as derived, for random parameters', async (ctx) => {
    await skipWithoutPromtool(ctx);
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const result = await promtool(integrationOf(p), await built(p));
        expect(result.failures, result.stderr).toEqual([]);
        expect(result.ok, result.stderr).toBe(true);
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  test('have teeth: rules that wait too long fail every firing case, rules that fire on anything every quiet case', async (ctx) => {
    await skipWithoutPromtool(ctx);
    const [p] = fc.sample(params, { numRuns: 1, seed: 12 });
    const integration = integrationOf(p!);
    const cases = await built(p!);
    const failing = (failures: RuleTestFailure[]) =>
      [...new Set(failures.map((f) => `${f.alertname}: ${f.test?.replace(/^\w+: /, '').split(' ')[0]}`))].sort();

    const patient = await promtool(
      withAlerts(integration, (alert) => ({ ...alert, for: '10h' })),
      cases,
    );
    expect(failing(patient.failures)).toEqual(
      alertsOf(integration)
        .map((alert) => `${alert.id}: fires`)
        .sort(),
    );

    // `> threshold` becomes `> -Inf`: every quiet case has a value (negative ones too), so each fires.
    const eager = await promtool(
      withAlerts(integration, (alert) => ({ ...alert, expr: alert.expr.replace(/ > [^ ]+$/, ' > -Inf') })),
      cases,
    );
    const thresholdAlerts = alertsOf(integration).filter((alert) => / > [^ ]+$/.test(alert.expr));
    expect(thresholdAlerts).toHaveLength(12);
    expect(failing(eager.failures)).toEqual(thresholdAlerts.map((alert) => `${alert.id}: stays`).sort());
  }, 60_000);
});
