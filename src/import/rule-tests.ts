// promtool unit-test files → the model's alert tests: each alert_rule_test entry becomes a case of the alert it
// names, its expected labels without the rule's own (the renderer adds those back) and its expected summary and
// description. What the model has no place for (expression tests, external labels) is reported, not dropped.
import type { AlertTest, ExpectedAlert } from '../model/index.js';
import type { ImportedAlert } from './module/files.js';
import { InputError, isRecord, items, parseYamlInput, type SourceText } from './input.js';
import type { ImportReportLine } from './report.js';

/** The evaluation interval the rendered tests run at (outputs/rule-tests). */
const renderedEvaluationInterval = '1m';

export function importRuleTests(inputs: SourceText[], bySourceName: Map<string, ImportedAlert[]>): ImportReportLine[] {
  const report: ImportReportLine[] = [];
  for (const input of inputs) {
    const { documents, lineOf } = parseYamlInput(input);
    const say = (where: string, outcome: ImportReportLine['outcome'], message: string) =>
      report.push({ source: input.source, where, outcome, message });
    const document = documents[0];
    if (!document || !isRecord(document.value) || !Array.isArray(document.value.tests)) {
      throw new InputError(`${input.source}:${document?.line ?? 1}: not a promtool test file: expected \`tests:\``);
    }
    const interval = document.value.evaluation_interval;
    if (interval !== undefined && interval !== renderedEvaluationInterval) {
      say(
        'evaluation_interval',
        'approximated',
        `the rendered tests evaluate every ${renderedEvaluationInterval}, not ${String(interval)}: check the cases still hold`,
      );
    }
    items(document, 'tests', lineOf).forEach((test, index) => {
      const where = `test ${index + 1}${isRecord(test.value) && typeof test.value.name === 'string' ? ` "${test.value.name}"` : ''} (line ${test.line})`;
      if (!isRecord(test.value) || !Array.isArray(test.value.input_series))
        throw new InputError(`${input.source}:${test.line}: a test needs input_series`);
      const value = test.value;
      if (value.promql_expr_test) say(where, 'not-imported', 'promql_expr_test: the model tests alerts only');
      if (value.external_labels || value.external_url)
        say(where, 'not-imported', 'external_labels/external_url: the rendered tests set none');
      const series = (value.input_series as unknown[])
        .filter(isRecord)
        .map((s) => ({ series: String(s.series), values: String(s.values ?? '') }));
      if (series.length === 0) {
        say(where, 'not-imported', 'no input series');
        return;
      }
      for (const ruleTest of items(test, 'alert_rule_test', lineOf)) {
        const entry = ruleTest.value;
        if (!isRecord(entry) || typeof entry.alertname !== 'string' || typeof entry.eval_time !== 'string') {
          throw new InputError(`${input.source}:${ruleTest.line}: an alert_rule_test needs alertname and eval_time`);
        }
        const caseWhere = `${where} alert "${entry.alertname}" at ${entry.eval_time}`;
        const alerts = bySourceName.get(entry.alertname);
        if (!alerts) {
          say(caseWhere, 'not-imported', `no imported alert is named ${entry.alertname}`);
          continue;
        }
        if (alerts.length > 1) {
          say(
            caseWhere,
            'not-imported',
            `${alerts.length} imported alerts are named ${entry.alertname}; a case cannot say which one it tests`,
          );
          continue;
        }
        const alert = alerts[0]!;
        // promtool's own default is not the model's: a case written without one may read its series differently.
        const notes: string[] =
          typeof value.interval === 'string'
            ? []
            : ['no interval: its series are sampled every 1m (the model’s default), not promtool’s default; check the case'];
        const expected = (Array.isArray(entry.exp_alerts) ? entry.exp_alerts : []).filter(isRecord).map((exp): ExpectedAlert => {
          const labels = { ...(isRecord(exp.exp_labels) ? exp.exp_labels : {}) } as Record<string, string>;
          // The renderer adds the rule's own labels back; a case that expects other values keeps them.
          const ruleLabels: Record<string, string> = { severity: alert.labels?.severity ?? alert.severity, ...alert.labels };
          for (const [name, ruleValue] of Object.entries(ruleLabels)) if (labels[name] === ruleValue) delete labels[name];
          const annotations = (isRecord(exp.exp_annotations) ? exp.exp_annotations : {}) as Record<string, string>;
          if (annotations.summary === undefined || annotations.description === undefined)
            notes.push('expected summary/description it did not state are the alert’s own text');
          return {
            labels,
            summary: String(annotations.summary ?? alert.summary),
            description: String(annotations.description ?? alert.description),
          };
        });
        const name = `${typeof value.name === 'string' ? value.name : `case ${index + 1}`} at ${entry.eval_time}`;
        const alertTest: AlertTest = {
          name,
          ...(typeof value.interval === 'string' ? { interval: value.interval } : {}),
          series: series as AlertTest['series'],
          evalTime: entry.eval_time,
          alerts: expected,
        };
        alert.tests = [...(alert.tests ?? []), alertTest];
        say(caseWhere, notes.length ? 'approximated' : 'imported', notes.length ? [...new Set(notes)].join('; ') : `a case of ${alert.id}`);
      }
    });
  }
  return report;
}
