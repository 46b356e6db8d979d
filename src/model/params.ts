import type { ParamSpec, Unit } from './generated/types.js';

export type DurationParam = Extract<ParamSpec, { type: 'duration' }>;
export type NumberParam = Extract<ParamSpec, { type: 'number' }>;

/** The values a module's `define` receives: durations as Prometheus duration strings, numbers as numbers. */
export type ParamValues<P extends Record<string, ParamSpec>> = {
  readonly [K in keyof P]: P[K] extends NumberParam ? number : string;
};

/** Builders for a module's parameters: each one named, typed, documented and overridable per build. */
export const param = {
  duration: (defaultValue: string, description: string): DurationParam => ({
    type: 'duration',
    default: defaultValue,
    description,
  }),
  number: (defaultValue: number, unit: Unit, description: string): NumberParam => ({
    type: 'number',
    default: defaultValue,
    unit,
    description,
  }),
};
