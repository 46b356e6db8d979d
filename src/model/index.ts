// The definition model: what an integration module imports, and all it imports.
export type * from './generated/types.js';
export { defineIntegration, type IntegrationModule } from './integration.js';
export { param, type ParamValues } from './params.js';
export { defaultQuantiles, metricsOf } from './metrics.js';
export { durationSeconds, humanizeDuration, secondsDuration } from './durations.js';
