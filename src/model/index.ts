// The definition model: what an integration module imports, and all it imports.
export type * from './generated/types.js';
export { defineIntegration, type IntegrationModule } from './integration.js';
export { param, type ParamValues } from './params.js';
export {
  catalog,
  defaultQuantiles,
  histogramKind,
  metricList,
  metricsOf,
  type Catalog,
  type Counter,
  type Gauge,
  type Histogram,
  type NativeHistogram,
  type QuantileOf,
  type Summary,
} from './metrics.js';
export { durationSeconds, humanizeDuration, secondsDuration } from './durations.js';
export { humanize, humanize1024, humanizePercentage } from './humanize.js';
export * from './kit/index.js';
