// Prometheus rule groups of an integration, as plain data. Shared by every renderer of rules (the rule file,
// a prometheus-operator PrometheusRule, …), so nothing here knows about file formats.
import type { Alert, Integration, RecordingRule, RuleGroupOptions } from '../../model/index.js';
import { definedLabels } from '../labels.js';

export interface PrometheusRecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type PrometheusRule = PrometheusRecordingRule | PrometheusAlertingRule;

export interface PrometheusRuleGroup {
  name: string;
  interval?: string;
  query_offset?: string;
  limit?: number;
  labels?: Record<string, string>;
  rules: PrometheusRule[];
}

/**
 * One group per group id (alert groups in definition order, then groups holding only recording rules),
 * named `<integration-id>.<group-id>`; within a group the recording rules come before the alerts.
 */
export function ruleGroups(integration: Integration): PrometheusRuleGroup[] {
  const recordingRules = integration.recordingRules ?? {};
  const groupIds = new Set([...Object.keys(integration.alerts), ...Object.keys(recordingRules)]);
  return [...groupIds].map((groupId) => ({
    name: ruleGroupName(integration.id, groupId),
    ...groupOptions(integration.ruleGroups?.[groupId]),
    rules: [...(recordingRules[groupId] ?? []).map(recordingRule), ...(integration.alerts[groupId] ?? []).map(alertingRule)],
  }));
}

export const ruleGroupName = (integrationId: string, groupId: string) => `${integrationId}.${groupId}`;

/** The group's evaluation options as the rule file spells them, each only when set. */
function groupOptions(options: RuleGroupOptions = {}): Omit<PrometheusRuleGroup, 'name' | 'rules'> {
  const labels = definedLabels(options.labels);
  return {
    ...(options.interval ? { interval: options.interval } : {}),
    ...(options.queryOffset ? { query_offset: options.queryOffset } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
}

function recordingRule(rule: RecordingRule): PrometheusRecordingRule {
  const labels = definedLabels(rule.labels);
  return { record: rule.record, expr: rule.expr, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
}

/** The alerting rule of one alert; a `severity` label replaces the severity field's value (a remapped severity). */
export function alertingRule(alert: Alert): PrometheusAlertingRule {
  return {
    alert: alert.id,
    expr: alert.expr,
    for: alert.for,
    ...(alert.keepFiringFor ? { keep_firing_for: alert.keepFiringFor } : {}),
    labels: { severity: alert.severity, ...definedLabels(alert.labels) },
    annotations: alertAnnotations(alert),
  };
}

/** The severity the rule carries, as its `severity` label. */
export const renderedSeverity = (alert: Alert): string => alert.labels?.severity ?? alert.severity;

/** Every annotation of the rule: title, summary, description, runbook_url when the alert has one, then its extra ones. */
function alertAnnotations(alert: Alert): Record<string, string> {
  return {
    title: alert.title,
    summary: alert.summary,
    description: alert.description,
    ...(alert.runbook ? { runbook_url: alert.runbook } : {}),
    ...definedLabels(alert.annotations),
  };
}
