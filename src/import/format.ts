// The import report as a user reviews it: per source file, what was imported, approximated (how) and not
// imported (why), then the lint findings on the written module — problems the imported content already had.
import { plural } from '../core/counts.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { diagnosticJson, formatDiagnosticsHuman } from '../lint/report.js';
import { inlineCode } from '../serialize/markdown.js';
import { toJson } from '../serialize/json.js';
import type { ImportOutcome, ImportReportLine } from './report.js';

export interface ImportSummary {
  /** The module folder written, or undefined when nothing was (a dry run). */
  folder: string | undefined;
  report: readonly ImportReportLine[];
  diagnostics: readonly Diagnostic[];
  builds: boolean;
}

const outcomes: ImportOutcome[] = ['imported', 'approximated', 'not-imported'];
const headings: Record<ImportOutcome, string> = { imported: 'imported', approximated: 'approximated', 'not-imported': 'not imported' };

function bySource(report: readonly ImportReportLine[]): Map<string, ImportReportLine[]> {
  const groups = new Map<string, ImportReportLine[]>();
  for (const line of report) groups.set(line.source, [...(groups.get(line.source) ?? []), line]);
  return groups;
}

const counts = (lines: readonly ImportReportLine[]) =>
  outcomes
    .map((outcome) => [outcome, lines.filter((l) => l.outcome === outcome).length] as const)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${headings[outcome]}`)
    .join(', ');

const lintHeading = 'Lint findings on the imported content: these are bugs in the source, not in the import; fix them in the module';

export function formatImportHuman(summary: ImportSummary, options: { color: boolean }): string {
  const out: string[] = [];
  for (const [source, lines] of bySource(summary.report)) {
    out.push(`${source}: ${counts(lines)}`);
    for (const outcome of outcomes) {
      for (const line of lines.filter((l) => l.outcome === outcome))
        out.push(`  ${headings[outcome].padEnd(13)} ${line.where}: ${line.message}`);
    }
  }
  if (summary.diagnostics.length) {
    out.push('', `${lintHeading}:`, formatDiagnosticsHuman([{ diagnostics: [...summary.diagnostics], excluded: [] }], options).trimEnd());
  }
  out.push(
    '',
    summary.folder ? `wrote ${summary.folder}/${summary.builds ? '' : ' (it does not build yet: see the errors above)'}` : 'wrote nothing',
  );
  return `${out.join('\n')}\n`;
}

export function formatImportJson(summary: ImportSummary): string {
  return toJson({
    ok: summary.builds,
    folder: summary.folder ?? null,
    report: summary.report,
    findings: summary.diagnostics.map(diagnosticJson),
  });
}

/** IMPORT-REPORT.md: the same report, as a page to keep beside the pull request that adds the module. */
export function formatImportMarkdown(summary: ImportSummary): string {
  const out = ['# Import report', '', summary.folder ? `Module written: ${inlineCode(summary.folder)}.` : 'Nothing was written.', ''];
  for (const [source, lines] of bySource(summary.report)) {
    out.push(`## ${source}`, '', `${counts(lines)}.`, '');
    for (const outcome of outcomes) {
      const these = lines.filter((l) => l.outcome === outcome);
      if (!these.length) continue;
      out.push(`### ${headings[outcome]} (${these.length})`, '', ...these.map((l) => `- ${l.where}: ${l.message}`), '');
    }
  }
  out.push('## Lint findings', '');
  if (!summary.diagnostics.length) out.push('None.', '');
  else {
    out.push(`${lintHeading}. ${plural(summary.diagnostics.length, 'finding')}:`, '');
    for (const d of summary.diagnostics) out.push(`- ${d.severity} ${d.rule} ${d.item}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
