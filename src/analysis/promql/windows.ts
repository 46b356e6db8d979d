// Which range windows of a dashboard query are its rate window ("the rate now", which a dashboard product may
// size from its step) and which are fixed (a deliberate span, kept as written). The renderers and lint decide
// with the same predicate, so what lint checks is what the dashboards show.
import { durationProblem, durationSeconds } from '../../model/durations.js';
import type { Selector } from './parse.js';

/** Counter functions whose window may be the rate window: the others read a span of samples as such. */
export const rateWindowFunctions: ReadonlySet<string> = new Set(['rate', 'irate', 'increase']);

const seconds = (duration: string): number | undefined => (durationProblem(duration) === undefined ? durationSeconds(duration) : undefined);

/**
 * Whether the selector's window is the query's declared rate window: a rate, irate or increase window of the same
 * duration (`[300s]` is `5m`). Without a declared rate window every window is fixed.
 */
export function isRateWindow(selector: Selector, rateWindow: string | undefined): boolean {
  if (rateWindow === undefined || selector.range === undefined || selector.func === undefined) return false;
  if (!rateWindowFunctions.has(selector.func)) return false;
  const declared = seconds(rateWindow);
  return declared !== undefined && seconds(selector.range.text.trim()) === declared;
}
