// The catalog by name: typed metrics, declaration order kept, duplicates refused.
import { expect, test } from 'vitest';
import { catalog, metricList, metricsOf, type Summary } from '../../src/model/index.js';

const metric = metricsOf('app');

test('the catalog maps names to the metrics given, and lists them back in order', () => {
  const m = catalog(
    metric.gauge('b_gauge', 'B.'),
    metric.counter('a_total', 'A.'),
    metric.summary('c_seconds', 'C.', { unit: 'seconds', quantiles: [0.9, 0.99] }),
  );
  expect(Object.keys(m)).toEqual(['b_gauge', 'a_total', 'c_seconds']);
  expect(metricList(m).map((x) => x.name)).toEqual(['b_gauge', 'a_total', 'c_seconds']);
  expect(m.c_seconds).toEqual({ name: 'c_seconds', help: 'C.', job: 'app', unit: 'seconds', type: 'summary', quantiles: [0.9, 0.99] });
  // The summary's quantiles are part of its type.
  const quantile: Summary<'c_seconds', 0.9 | 0.99> = m.c_seconds;
  expect(quantile.quantiles).toEqual([0.9, 0.99]);
  // @ts-expect-error not in the catalog
  expect(m.d_total).toBeUndefined();
});

test('a name declared twice is refused', () => {
  expect(() => catalog(metric.counter('a_total', 'A.'), metric.gauge('a_total', 'A again.'))).toThrow(
    'catalog: metric a_total is declared twice',
  );
});

test("a summary's default quantiles are a copy, not the shared default", () => {
  const a = metric.summary('a_seconds', 'A.');
  a.quantiles.pop();
  expect(metric.summary('b_seconds', 'B.').quantiles).toEqual([0.5, 0.9, 0.99]);
});
