// The diagnostics of a run, of every kind (schema, structure, lint), for people (grouped, colored, one summary
// line) and for machines (stable JSON).
import { plural } from '../core/counts.js';
import { toJson } from '../serialize/json.js';
import { diagnosticLocation, type Diagnostic } from '../core/diagnostics.js';
import type { ExcludedFinding } from './lint.js';

/** What is reported about one integration: its diagnostics, and the lint findings its exclusions silence. */
export interface IntegrationReport {
  diagnostics: readonly Diagnostic[];
  excluded: readonly ExcludedFinding[];
}

const ansi = { red: 31, yellow: 33, bold: 1, dim: 2 } as const;

function totals(results: readonly IntegrationReport[]) {
  const diagnostics = results.flatMap((r) => r.diagnostics);
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    excluded: results.reduce((n, r) => n + r.excluded.length, 0),
    integrations: results.length,
  };
}

/** Groups in first-seen order, so the report follows the definition. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * Grouped by integration, then item; ends with e.g. "2 errors, 1 warning in 1 integration (3 excluded)".
 * The caller decides on color (off when NO_COLOR is set or the output is not a terminal).
 */
export function formatDiagnosticsHuman(results: readonly IntegrationReport[], options: { color: boolean }): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const diagnostics = groupBy(
    results.flatMap((r) => r.diagnostics),
    (d) => d.integration,
  );
  const excluded = groupBy(
    results.flatMap((r) => r.excluded),
    (e) => e.finding.integration,
  );
  const lines: string[] = [];
  for (const integration of new Set([...diagnostics.keys(), ...excluded.keys()])) {
    lines.push(paint(ansi.bold, integration));
    for (const [item, ofItem] of groupBy(diagnostics.get(integration) ?? [], (d) => d.item)) {
      lines.push(`  ${item}`);
      for (const d of ofItem) {
        const severity = d.severity === 'error' ? paint(ansi.red, 'error  ') : paint(ansi.yellow, 'warning');
        const location = diagnosticLocation(d);
        lines.push(`    ${severity} ${d.rule}${location ? `  ${paint(ansi.dim, location)}` : ''}`);
        lines.push(`      ${d.message}`);
        if (d.hint) lines.push(`      hint: ${d.hint}`);
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
export function diagnosticJson(d: Diagnostic) {
  return {
    rule: d.rule,
    severity: d.severity,
    integration: d.integration,
    item: d.item,
    path: d.path,
    ...(d.range ? { range: { from: d.range.from, to: d.range.to } } : {}),
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

/** `{ summary, findings, excluded }`: flat lists of diagnostics of every kind, each naming its integration. */
export function formatDiagnosticsJson(results: readonly IntegrationReport[]): string {
  return toJson({
    summary: totals(results),
    findings: results.flatMap((r) => r.diagnostics.map(diagnosticJson)),
    excluded: results.flatMap((r) => r.excluded.map(({ finding, reason }) => ({ ...diagnosticJson(finding), reason }))),
  });
}
