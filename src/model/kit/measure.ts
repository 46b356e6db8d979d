// What an alert's value means, by the unit of the metric it reads: which unit thresholds are given in, how
// the rule's annotations print `$value`, and what that prints for a number (to predict promtool's annotations).
// And the facts an annotation is written from, once for the rule and once for each promtool case.
import { humanizeDuration } from '../durations.js';
import type { Labels, Unit } from '../generated/types.js';
import { humanize, humanize1024, humanizePercentage } from '../humanize.js';

export interface Measure {
  /** The metric's values per threshold unit: thresholds of a time are in seconds, whatever the metric's unit. */
  scale: number;
  /** The Go template the rule prints `$value` with. */
  template: string;
  /** What that template prints for a value. */
  format(value: number): string;
}

/** How many of each time unit make one second. */
const unitsPerSecond: Partial<Record<Unit, number>> = { seconds: 1, milliseconds: 1e3, microseconds: 1e6 };

export function measureOf(unit: Unit): Measure {
  const perSecond = unitsPerSecond[unit];
  if (perSecond !== undefined) return { scale: perSecond, template: '{{ $value | humanizeDuration }}', format: humanizeDuration };
  switch (unit) {
    case 'bytes':
      return { scale: 1, template: '{{ $value | humanize1024 }}B', format: (value) => `${humanize1024(value)}B` };
    case 'ratio':
      return { scale: 1, template: '{{ $value | humanizePercentage }}', format: humanizePercentage };
    case 'percent':
      return { scale: 1, template: '{{ $value | humanize }}%', format: (value) => `${humanize(value)}%` };
    default:
      return { scale: 1, template: '{{ $value | humanize }}', format: humanize };
  }
}

/** `expr`, divided into the threshold's unit when the metric counts in another. */
export const scaled = (expr: string, measure: Measure) => (measure.scale === 1 ? expr : `${expr} / ${measure.scale}`);

/** What an annotation can say about one firing series. */
export interface Facts {
  /** The target's address: `{{ $labels.instance }}` in the rule, the promtool case's address in a test. */
  instance: string;
  /** The scrape job's name, as a template or as the case's. */
  job: string;
  /** The value that fires, printed for the metric's unit. */
  value: string;
  /** Any other label the expression keeps. */
  label(name: string): string;
}

/** The facts of an alert with a threshold, printed in the same unit as the value. */
export interface ThresholdFacts extends Facts {
  threshold: string;
}

export const withThreshold = (facts: Facts, measure: Measure, threshold: number): ThresholdFacts => ({
  ...facts,
  threshold: measure.format(threshold),
});

/**
 * An annotation written once: a text, or a function of the facts. Given templates it is the rule's annotation;
 * given a promtool case's concrete facts it is the text Prometheus must render, which the case checks.
 */
export type Annotation<F = Facts> = string | ((facts: F) => string);

export const annotate = <F>(annotation: Annotation<F>, facts: F) => (typeof annotation === 'string' ? annotation : annotation(facts));

/** The facts as Go templates, for the rule itself. */
export function templateFacts(measure: Measure): Facts {
  return {
    instance: '{{ $labels.instance }}',
    job: '{{ $labels.job }}',
    value: measure.template,
    label: (name) => `{{ $labels.${name} }}`,
  };
}

/** The facts of a promtool case: its alert's labels (a missing one renders empty, as in Prometheus) and value. */
export function caseFacts(labels: Labels, value: string): Facts {
  const label = (name: string) => labels[name] ?? '';
  return { instance: label('instance'), job: label('job'), value, label };
}
