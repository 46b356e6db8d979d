// Prometheus's template functions humanize, humanize1024 and humanizePercentage, to predict the annotations a
// promtool test must expect. They print with Go's %.4g, reproduced exactly below: JavaScript's toPrecision rounds
// an exact tie (100.25 is one, in binary) up where Go rounds it to even.

/** The exact decimal digits of a finite, positive double, and where its decimal point falls among them. */
function exactDigits(value: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // value = mantissa × 2^exponent, with the implicit leading bit of normal numbers.
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075;
  // A negative power of two is a power of five over the same power of ten: the expansion is exact.
  const digits = exponent >= 0 ? (mantissa << BigInt(exponent)).toString() : (mantissa * 5n ** BigInt(-exponent)).toString();
  const point = digits.length + Math.min(exponent, 0);
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, point };
}

/** Go's `fmt.Sprintf("%.<precision>g", value)`. */
export function goFormatG(value: number, precision = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  let { digits, point } = exactDigits(Math.abs(value));
  if (digits.length > precision) {
    // Round half to even on the exact expansion, as Go's strconv does.
    const rest = digits.slice(precision);
    const kept = digits.slice(0, precision);
    const tie = rest === '5';
    const up = rest[0]! > '5' || (rest[0] === '5' && !tie) || (tie && Number(kept.at(-1)) % 2 === 1);
    let rounded = up ? (BigInt(kept) + 1n).toString() : kept;
    if (rounded.length > kept.length) {
      point += 1;
      rounded = rounded.slice(0, precision);
    }
    digits = rounded.replace(/0+$/, '');
  }
  const exponent = point - 1;
  const shortest = digits.length < precision && digits.length >= point ? digits.length : precision;
  if (exponent < -4 || exponent >= shortest) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Prometheus's `humanize`: SI prefixes (k, M, … and m, u, …) with four significant digits. */
export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return goFormatG(value);
  let scaled = value;
  let prefix = '';
  if (Math.abs(scaled) >= 1) {
    for (const next of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(scaled) < 1000) break;
      prefix = next;
      scaled /= 1000;
    }
  } else {
    for (const next of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
      if (Math.abs(scaled) >= 1) break;
      prefix = next;
      scaled *= 1000;
    }
  }
  return `${goFormatG(scaled)}${prefix}`;
}

/** Prometheus's `humanize1024`: binary prefixes (ki, Mi, …) with four significant digits. */
export function humanize1024(value: number): string {
  if (Math.abs(value) <= 1 || !Number.isFinite(value)) return goFormatG(value);
  let scaled = value;
  let prefix = '';
  for (const next of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(scaled) < 1024) break;
    prefix = next;
    scaled /= 1024;
  }
  return `${goFormatG(scaled)}${prefix}`;
}

/** Prometheus's `humanizePercentage`: a ratio as a percentage with four significant digits. */
export function humanizePercentage(ratio: number): string {
  return `${goFormatG(ratio * 100)}%`;
}
