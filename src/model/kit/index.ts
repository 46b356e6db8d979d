// The authoring kit: typed helpers for the alerts, panels and promtool cases integrations repeat.
export * from './alerts.js';
export * from './panels.js';
export * from './tests.js';
export type { Annotation, Facts, ThresholdFacts } from './measure.js';
