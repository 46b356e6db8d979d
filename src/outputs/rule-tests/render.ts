import type { Alert, AlertTest } from '../../model/index.js';
import { ruleTargetOf, ruleTargets } from '../../core/rule-targets.js';
import { toYaml } from '../../serialize/yaml.js';
import { integrationFiles, ruleFileName } from '../paths.js';
import { alertingRule, ruleGroupName } from '../prometheus-rules/groups.js';
import type { Renderer } from '../../core/types.js';
import { definedLabels } from '../labels.js';

/** How often promtool evaluates the rules; alert tests count their `for` and eval times on this grid. */
const evaluationInterval = '1m';
/** Sample interval of a test's input series when the test does not set one (the schema's default). */
const defaultSampleInterval = '1m';

/**
 * `<id>/prometheus/rules.test.yaml`: the alerts' own test cases in promtool's unit-test format, one test group
 * per case, run with `promtool test rules` — or, for vmalert, `vmalert-tool unittest`, whose format is the same
 * for alert tests but finds each alert by its group's name too. Nothing when no alert has tests.
 */
export const renderPrometheusRuleTests: Renderer = (ctx) => {
  const { id, alerts } = ctx.integration;
  const namesGroup = ruleTargets[ruleTargetOf(ctx.config)].testTool === 'vmalert-tool';
  const tests = Object.entries(alerts).flatMap(([groupId, group]) =>
    (group ?? []).flatMap((alert) =>
      (alert.tests ?? []).map((test) => testGroup(alert, test, namesGroup ? ruleGroupName(id, groupId) : undefined)),
    ),
  );
  if (tests.length === 0) return [];
  const files = integrationFiles(ctx.integration.id);
  return [
    {
      path: files.ruleTests,
      content: toYaml({ rule_files: [ruleFileName], evaluation_interval: evaluationInterval, tests }, ctx.sourceModule),
    },
  ];
};

/**
 * Expected alerts carry everything Prometheus attaches: the case's labels plus the rule's (severity and the
 * alert's own), and the rule's static annotations with the case's rendered summary and description.
 */
function testGroup(alert: Alert, test: AlertTest, groupName: string | undefined) {
  const rule = alertingRule(alert);
  return {
    name: `${alert.id}: ${test.name}`,
    interval: test.interval ?? defaultSampleInterval,
    input_series: test.series.map(({ series, values }) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: test.evalTime,
        ...(groupName ? { groupname: groupName } : {}),
        alertname: alert.id,
        exp_alerts: test.alerts.map((expected) => ({
          exp_labels: { ...definedLabels(expected.labels), ...rule.labels },
          exp_annotations: { ...rule.annotations, summary: expected.summary, description: expected.description },
        })),
      },
    ],
  };
}
