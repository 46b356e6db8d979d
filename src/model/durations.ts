// Prometheus durations as numbers and back, and Prometheus's humanizeDuration, for modules that derive
// test inputs and expected annotations from their parameters.
import { goFormatG } from './humanize.js';

// Units of a Prometheus duration, largest first, in milliseconds.
const durationUnits = [
  ['y', 31_536_000_000],
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
] as const;

/** A Prometheus duration: each unit at most once, largest first (the schema's Duration pattern). */
const durationPattern = /^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$/;

/** Prometheus keeps durations as Go's time.Duration, int64 nanoseconds: anything longer is "duration out of range". */
const longestMs = (2n ** 63n - 1n) / 1_000_000n;

/**
 * Why Prometheus rejects a duration, or undefined when it reads it: not written as one (units y, w, d, h, m, s,
 * ms, largest first), or longer than int64 nanoseconds (about 292 years), which Prometheus calls "duration out
 * of range". For parameter overrides and every duration field of a definition.
 */
export function durationProblem(duration: string): string | undefined {
  const match = durationPattern.exec(duration);
  if (!match || duration === '') return `must be a Prometheus duration like "5m" (got ${JSON.stringify(duration)})`;
  let ms = 0n;
  match.slice(1).forEach((count, i) => {
    if (count !== undefined) ms += BigInt(count) * BigInt(durationUnits[i]![1]);
  });
  if (ms <= longestMs) return undefined;
  return `must be at most ${secondsDuration(Number(longestMs) / 1000)}, the longest duration Prometheus reads (got ${JSON.stringify(duration)}, out of range)`;
}

/** Seconds in a Prometheus duration such as "1h30m". */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|[ywdhms])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) {
    throw new Error(`not a Prometheus duration: ${JSON.stringify(duration)}`);
  }
  const millis = parts.reduce(
    (total, [, count, unit]) => total + Number(count) * (durationUnits.find(([name]) => name === unit)?.[1] ?? 0),
    0,
  );
  return millis / 1000;
}

/** The Prometheus duration of a number of seconds, e.g. 960 → "16m". */
export function secondsDuration(seconds: number): string {
  let rest = Math.round(seconds * 1000);
  let duration = '';
  for (const [unit, millis] of durationUnits) {
    const count = Math.floor(rest / millis);
    if (count > 0) duration += `${count}${unit}`;
    rest -= count * millis;
  }
  return duration || '0s';
}

/**
 * Prometheus's `humanizeDuration` template function, to predict rendered annotations. Covers what latency
 * values and thresholds need: finite, non-negative seconds.
 */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`humanizeDuration: unsupported value ${seconds}`);
  if (seconds === 0) return '0s';
  if (seconds >= 1) {
    const whole = Math.trunc(seconds);
    const [days, hours, minutes, secs] = [
      Math.trunc(whole / 86_400),
      Math.trunc(whole / 3_600) % 24,
      Math.trunc(whole / 60) % 60,
      whole % 60,
    ];
    if (days > 0) return `${days}d ${hours}h ${minutes}m ${secs}s`;
    if (hours > 0) return `${hours}h ${minutes}m ${secs}s`;
    if (minutes > 0) return `${minutes}m ${secs}s`;
    return `${goFormatG(seconds)}s`;
  }
  let scaled = seconds;
  let prefix = '';
  for (const next of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (scaled >= 1) break;
    prefix = next;
    scaled *= 1000;
  }
  return `${goFormatG(scaled)}${prefix}s`;
}
