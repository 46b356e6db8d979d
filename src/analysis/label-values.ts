// How Prometheus 3 writes the `le` of a bucket and the `quantile` of a summary when it ingests them: the float's
// shortest form as Go's strconv formats it with 'g', plus ".0" when that has neither "." nor "e"
// (labels.FormatOpenMetricsFloat). So an exporter's le="1" is stored as le="1.0", and le="1" matches nothing.

export function openMetricsFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  // Go's shortest 'g' switches to an exponent below 1e-4 and from 1e6 on, with at least two exponent digits.
  const text =
    exponent < -4 || exponent >= 6
      ? `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`
      : Object.is(value, -0)
        ? '-0'
        : String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The labels whose values Prometheus 3 normalizes so. */
export const normalizedFloatLabels: ReadonlySet<string> = new Set(['le', 'quantile']);
