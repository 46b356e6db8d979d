// The diagnostics report, of every kind: grouped for people, stable for machines.
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatDiagnostic, problemRules, type Diagnostic } from '../../src/core/diagnostics.js';
import { formatDiagnosticsHuman, formatDiagnosticsJson, type IntegrationReport } from '../../src/lint/report.js';

const finding = (over: Partial<Diagnostic>): Diagnostic => ({
  rule: 'metric/unused',
  severity: 'warning',
  integration: 'calico',
  item: 'felix_log_errors',
  path: 'metrics[19]',
  message: 'no alert reads it.',
  ...over,
});

const results: IntegrationReport[] = [
  {
    diagnostics: [
      finding({
        rule: 'promql/syntax',
        severity: 'error',
        item: 'CalicoErrors',
        path: 'alerts.errors[0].expr',
        range: { from: 4, to: 5 },
        message: 'does not parse.',
      }),
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
  expect(formatDiagnosticsHuman(results, { color: false })).toBe(
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
  expect(formatDiagnosticsHuman(results, { color: true })).toContain('\u001b[31merror  \u001b[0m');
  expect(formatDiagnosticsHuman(results, { color: false })).not.toContain('\u001b[');
});

test('human: a clean run is one line', () => {
  expect(
    formatDiagnosticsHuman(
      [
        { diagnostics: [], excluded: [] },
        { diagnostics: [], excluded: [] },
      ],
      { color: true },
    ),
  ).toBe('0 errors, 0 warnings in 2 integrations\n');
});

test('json: totals, then every finding with its integration, in a fixed key order', () => {
  const text = formatDiagnosticsJson(results);
  expect(text.endsWith('}\n')).toBe(true);
  const parsed = JSON.parse(text) as { summary: unknown; findings: Record<string, unknown>[]; excluded: Record<string, unknown>[] };
  expect(parsed.summary).toEqual({ errors: 2, warnings: 1, excluded: 3, integrations: 1 });
  expect(parsed.findings.map((f) => Object.keys(f))).toEqual([
    ['rule', 'severity', 'integration', 'item', 'path', 'range', 'message'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
  ]);
  expect(parsed.excluded[0]).toEqual({ ...finding({ item: 'felix_exec_time_micros' }), reason: 'Charted upstream.' });
  expect(formatDiagnosticsJson(structuredClone(results))).toBe(text);
});

// A schema problem and a lint finding with a hint, as two integrations' reports.
const mixed: IntegrationReport[] = [
  {
    diagnostics: [
      finding({
        rule: 'schema/invalid',
        severity: 'error',
        integration: 'broken',
        item: 'alerts',
        path: 'alerts.g[0]',
        message: 'missing required property "summary"',
      }),
    ],
    excluded: [],
  },
  {
    diagnostics: [
      finding({
        rule: 'lint/unused-exclusion',
        item: 'demo_errors',
        path: 'lintExclusions[0]',
        message: 'this exclusion silences nothing',
        hint: 'remove it',
      }),
    ],
    excluded: [],
  },
  {
    diagnostics: [
      finding({
        rule: 'define/threw',
        severity: 'error',
        integration: 'thrown',
        item: 'thrown',
        path: '',
        message: 'define() threw Error: no',
      }),
    ],
    excluded: [],
  },
];

test('human: a schema problem is grouped like a finding, a hint follows its message, an empty path is left out', () => {
  expect(formatDiagnosticsHuman(mixed, { color: false })).toBe(
    [
      'broken',
      '  alerts',
      '    error   schema/invalid  alerts.g[0]',
      '      missing required property "summary"',
      '',
      'calico',
      '  demo_errors',
      '    warning lint/unused-exclusion  lintExclusions[0]',
      '      this exclusion silences nothing',
      '      hint: remove it',
      '',
      'thrown',
      '  thrown',
      '    error   define/threw',
      '      define() threw Error: no',
      '',
      '2 errors, 1 warning in 3 integrations',
      '',
    ].join('\n'),
  );
});

test('json: every kind in the same fields, hint last and only when there is one', () => {
  const parsed = JSON.parse(formatDiagnosticsJson(mixed)) as { findings: Record<string, unknown>[] };
  expect(parsed.findings.map((f) => Object.keys(f))).toEqual([
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message', 'hint'],
    ['rule', 'severity', 'integration', 'item', 'path', 'message'],
  ]);
  expect(parsed.findings[1]).toMatchObject({ rule: 'lint/unused-exclusion', hint: 'remove it' });
});

test('one line: integration, location, message and hint', () => {
  expect(mixed.flatMap((r) => r.diagnostics).map(formatDiagnostic)).toEqual([
    'broken: alerts.g[0]: missing required property "summary"',
    'calico: lintExclusions[0]: this exclusion silences nothing (remove it)',
    'thrown: define() threw Error: no',
  ]);
  expect(formatDiagnostic(finding({ path: 'alerts.g[0].expr', range: { from: 4, to: 5 } }))).toBe(
    'calico: alerts.g[0].expr @4-5: no alert reads it.',
  );
});

test('the README names every rule id of what stops a definition before lint', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const rule of Object.values(problemRules)) expect(readme).toContain(`\`${rule}\``);
});
