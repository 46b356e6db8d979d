// Prometheus 3's normalized le/quantile values, against values Go's labels.FormatOpenMetricsFloat gives.
import { describe, expect, it } from 'vitest';
import { openMetricsFloat } from '../../src/analysis/label-values.js';

describe('openMetricsFloat', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-1, '-1.0'],
    [0.5, '0.5'],
    [0.005, '0.005'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [2.5, '2.5'],
    [10, '10.0'],
    [100000, '100000.0'],
    [1000000, '1e+06'],
    [1234567, '1.234567e+06'],
    [1e21, '1e+21'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [Number.NaN, 'NaN'],
  ])('%s → %s', (value, text) => {
    expect(openMetricsFloat(value)).toBe(text);
  });
});
