// Prometheus's humanize* template functions, predicted in TypeScript: the expected outputs below are Go's, and
// the property runs the real functions through promtool on random values.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { goFormatG, humanize, humanize1024, humanizePercentage } from '../../src/model/humanize.js';
import { humanizeDuration } from '../../src/model/index.js';
import { promtoolSkipReason, testRules } from '../../src/support/promtool.js';

describe("Go's %.4g", () => {
  test.each([
    [0, '0'],
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1500, '1500'],
    [9999, '9999'],
    // Exact ties in binary round half to even, as Go does; toPrecision would round them up.
    [100.25, '100.2'],
    [100.75, '100.8'],
    [10.125, '10.12'],
    [12345, '1.234e+04'],
    [9999.5, '1e+04'],
    [123456, '1.235e+05'],
    [100000, '1e+05'],
    [0.0001, '0.0001'],
    [0.00001234, '1.234e-05'],
    [1e-7, '1e-07'],
    [-2.5, '-2.5'],
    [1e300, '1e+300'],
    [5e-324, '4.941e-324'],
    [Infinity, '+Inf'],
    [Number.NaN, 'NaN'],
  ])('%d → %s', (value, expected) => {
    expect(goFormatG(value)).toBe(expected);
  });
});

describe('the humanize functions', () => {
  test('SI and binary prefixes, percentages and durations', () => {
    expect([humanize(1234567), humanize(0.00123), humanize(999.95), humanize(-1500)]).toEqual(['1.235M', '1.23m', '1000', '-1.5k']);
    expect([humanize1024(1), humanize1024(1536), humanize1024(1024 ** 3 * 5)]).toEqual(['1', '1.5ki', '5Gi']);
    expect([humanizePercentage(0.05), humanizePercentage(1), humanizePercentage(0.12345)]).toEqual(['5%', '100%', '12.35%']);
    expect([humanizeDuration(10.125), humanizeDuration(0.91025), humanizeDuration(90061), humanizeDuration(0)]).toEqual([
      '10.12s',
      '910.2ms',
      '1d 1h 1m 1s',
      '0s',
    ]);
  });
});

describe('under promtool', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  /** Exact binary ties and round numbers, where an imitation of %.4g goes wrong first. */
  const tricky = fc.oneof(
    fc.integer({ min: 1, max: 99_999 }).map((n) => n / 8),
    fc.integer({ min: 1, max: 99_999 }).map((n) => n / 1024),
    fc.double({ min: 1e-9, max: 1e7, noNaN: true }),
    fc.constantFrom(0, 1, 60, 1023, 1024, 3599.5, 86_400),
  );

  test('Prometheus prints what the TypeScript predicts, for random values', async (ctx) => {
    const skip = await promtoolSkipReason();
    ctx.skip(skip !== undefined, skip);
    const dir = await mkdtemp(path.join(tmpdir(), 'intgen-humanize-'));
    dirs.push(dir);
    const template =
      '{{ $value | humanize }} {{ $value | humanize1024 }} {{ $value | humanizePercentage }} {{ $value | humanizeDuration }}';
    const predicted = (value: number) =>
      `${humanize(value)} ${humanize1024(value)} ${humanizePercentage(value)} ${humanizeDuration(value)}`;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(tricky, { minLength: 20, maxLength: 60 }), async (values) => {
        // One alert per value: `vector(x)` hands promtool the literal's exact double, as `$value`.
        const rules = {
          groups: [
            {
              name: 'humanize',
              rules: values.map((value, i) => ({ alert: `Value${i}`, expr: `vector(${value})`, annotations: { text: template } })),
            },
          ],
        };
        const tests = {
          rule_files: ['rules.yaml'],
          evaluation_interval: '1m',
          tests: [
            {
              interval: '1m',
              input_series: [],
              alert_rule_test: values.map((value, i) => ({
                eval_time: '0m',
                alertname: `Value${i}`,
                exp_alerts: [{ exp_labels: {}, exp_annotations: { text: predicted(value) } }],
              })),
            },
          ],
        };
        await writeFile(path.join(dir, 'rules.yaml'), stringify(rules));
        await writeFile(path.join(dir, 'rules.test.yaml'), stringify(tests));
        const result = await testRules(path.join(dir, 'rules.test.yaml'));
        expect(result.failures, result.stderr).toEqual([]);
        expect(result.ok, result.stderr).toBe(true);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
