// What an integration holds, counted once for the docs page and the catalog index.
import type { Alert, Integration, RecordingRule } from '../model/index.js';

/** Every alert, group after group in declaration order. */
export function alertsOf(integration: Integration): Alert[] {
  return Object.values(integration.alerts).flatMap((group) => group ?? []);
}

export function recordingRulesOf(integration: Integration): RecordingRule[] {
  return Object.values(integration.recordingRules ?? {}).flatMap((group) => group ?? []);
}

export interface IntegrationCounts {
  metrics: number;
  alerts: number;
  recordingRules: number;
  dashboards: number;
  panels: number;
  jobs: number;
}

export function integrationCounts(integration: Integration): IntegrationCounts {
  return {
    metrics: integration.metrics.length,
    alerts: alertsOf(integration).length,
    recordingRules: recordingRulesOf(integration).length,
    dashboards: integration.dashboards.length,
    panels: integration.dashboards.flatMap((dashboard) => dashboard.rows.flatMap((row) => row.panels)).length,
    jobs: integration.jobs.length,
  };
}

/** `1 panel`, `2 panels`: a count with its noun, the noun's last word pluralized by an s. */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
