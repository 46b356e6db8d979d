// The lint report: grouped for people, stable for machines.
import { expect, test } from 'vitest';
import type { Finding } from '../../src/core/diagnostics.js';
import type { LintResult } from '../../src/lint/lint.js';
import { formatFindingsHuman, formatFindingsJson } from '../../src/lint/report.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'metric/unused',
  severity: 'warning',
  integration: 'calico',
  item: 'felix_log_errors',
  path: 'metrics[19]',
  message: 'no alert reads it.',
  ...over,
});

const results: LintResult[] = [
  {
    findings: [
      finding({ rule: 'promql/syntax', severity: 'error', item: 'CalicoErrors', path: 'alerts.errors[0].expr', range: { from: 4, to: 5 }, message: 'does not parse.' }),
      finding({}),
      finding({ rule: 'alert/tests', severity: 'error', item: 'CalicoErrors', path: 'alerts.errors[0].tests', message: 'add cases.' }),
    ],
    excluded: [
      { finding: finding({ item: 'felix_exec_time_micros' }), reason: 'Charted upstream.' },
      { finding: finding({ item: 'felix_ipset_calls' }), reason: 'Charted upstream.' },
      { finding: finding({ item: 'felix_ipset_lines_executed' }), reason: 'Charted upstream.' },
    ],
  },
];

test('human: grouped by integration then item, with a summary line', () => {
  expect(formatFindingsHuman(results, { color: false })).toBe(
    [
      'calico',
      '  CalicoErrors',
      '    error   promql/syntax  alerts.errors[0].expr @4-5',
      '      does not parse.',
      '    error   alert/tests  alerts.errors[0].tests',
      '      add cases.',
      '  felix_log_errors',
      '    warning metric/unused  metrics[19]',
      '      no alert reads it.',
      '  excluded metric/unused for felix_exec_time_micros: Charted upstream.',
      '  excluded metric/unused for felix_ipset_calls: Charted upstream.',
      '  excluded metric/unused for felix_ipset_lines_executed: Charted upstream.',
      '',
      '2 errors, 1 warning in 1 integration (3 excluded)',
      '',
    ].join('\n'),
  );
});

test('human: colored only when asked', () => {
  expect(formatFindingsHuman(results, { color: true })).toContain('\u001b[31merror  \u001b[0m');
  expect(formatFindingsHuman(results, { color: false })).not.toContain('\u001b[');
});

test('human: a clean run is one line', () => {
  expect(formatFindingsHuman([{ findings: [], excluded: [] }, { findings: [], excluded: [] }], { color: true })).toBe(
    '0 errors, 0 warnings in 2 integrations\n',
  );
});

test('json: totals, then every finding with its integration, in a fixed key order', () => {
  const text = formatFindingsJson(results);
  expect(text.endsWith('}\n')).toBe(true);
  const parsed = JSON.parse(text) as { summary: unknown; findings: Record<string, unknown>[]; excluded: Record<string, unknown>[] };
  expect(parsed.summary).toEqual({ errors: 2, warnings: 1, excluded: 3, integrations: 1 });
  expect(parsed.findings.map((f) => Object.keys(f))).toEqual([
    ['rule', 'severity', 'integration', 'item', 'path', 'range', 'message'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
  ]);
  expect(parsed.excluded[0]).toEqual({ ...finding({ item: 'felix_exec_time_micros' }), reason: 'Charted upstream.' });
  expect(formatFindingsJson(structuredClone(results))).toBe(text);
});
