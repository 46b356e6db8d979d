// Lint results for people (grouped, colored, one summary line) and for machines (stable JSON).
import { toJson } from '../serialize/json.js';
import type { Finding } from '../core/diagnostics.js';
import type { LintResult } from './lint.js';

const ansi = { red: 31, yellow: 33, bold: 1, dim: 2 } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function totals(results: LintResult[]) {
  const findings = results.flatMap((r) => r.findings);
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    excluded: results.reduce((n, r) => n + r.excluded.length, 0),
    integrations: results.length,
  };
}

/** Groups in first-seen order, so the report follows the definition. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const location = (f: Finding) => (f.range ? `${f.path} @${f.range.from}-${f.range.to}` : f.path);

/**
 * Grouped by integration, then item; ends with e.g. "2 errors, 1 warning in 1 integration (3 excluded)".
 * The caller decides on color (off when NO_COLOR is set or the output is not a terminal).
 */
export function formatFindingsHuman(results: LintResult[], options: { color: boolean }): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const findings = groupBy(results.flatMap((r) => r.findings), (f) => f.integration);
  const excluded = groupBy(results.flatMap((r) => r.excluded), (e) => e.finding.integration);
  const lines: string[] = [];
  for (const integration of new Set([...findings.keys(), ...excluded.keys()])) {
    lines.push(paint(ansi.bold, integration));
    for (const [item, itemFindings] of groupBy(findings.get(integration) ?? [], (f) => f.item)) {
      lines.push(`  ${item}`);
      for (const f of itemFindings) {
        const severity = f.severity === 'error' ? paint(ansi.red, 'error  ') : paint(ansi.yellow, 'warning');
        lines.push(`    ${severity} ${f.rule}  ${paint(ansi.dim, location(f))}`);
        lines.push(`      ${f.message}`);
      }
    }
    for (const { finding, reason } of excluded.get(integration) ?? []) {
      lines.push(paint(ansi.dim, `  excluded ${finding.rule} for ${finding.item}: ${reason}`));
    }
    lines.push('');
  }
  const t = totals(results);
  const excludedNote = t.excluded ? ` (${t.excluded} excluded)` : '';
  lines.push(`${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')} in ${plural(t.integrations, 'integration')}${excludedNote}`);
  return `${lines.join('\n')}\n`;
}

/** Keys in one fixed order, so the output is byte-stable. */
function findingJson(f: Finding) {
  return {
    rule: f.rule,
    severity: f.severity,
    integration: f.integration,
    item: f.item,
    path: f.path,
    ...(f.range ? { range: { from: f.range.from, to: f.range.to } } : {}),
    message: f.message,
  };
}

/** `{ summary, findings, excluded }`: flat lists, each finding naming its integration. */
export function formatFindingsJson(results: LintResult[]): string {
  return toJson({
    summary: totals(results),
    findings: results.flatMap((r) => r.findings.map(findingJson)),
    excluded: results.flatMap((r) => r.excluded.map(({ finding, reason }) => ({ ...findingJson(finding), reason }))),
  });
}
