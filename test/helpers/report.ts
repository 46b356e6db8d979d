// The diagnostics of a human report (src/lint/report.ts) read back, for tests of what the CLI printed.

/**
 * One line per diagnostic, `<severity> <rule> <integration>: <location>: <message> (<hint>)`, which is the
 * report's grouping undone and formatDiagnostic's line behind severity and rule. Lines outside a report are skipped.
 */
export function reportedDiagnostics(text: string): string[] {
  const lines: string[] = [];
  let integration: string | undefined;
  let entry: { head: string; message?: string; hint?: string } | undefined;
  const flush = () => {
    if (entry?.message !== undefined) lines.push(`${entry.head}${entry.message}${entry.hint ? ` (${entry.hint})` : ''}`);
    entry = undefined;
  };
  for (const line of text.split('\n')) {
    const heading = /^(error|warning) +(\S+)(?: {2}(.*))?$/.exec(line.slice(4));
    if (line.startsWith('    ') && !line.startsWith('     ') && heading && integration) {
      flush();
      const [, severity, rule, location] = heading;
      entry = { head: `${severity} ${rule} ${integration}: ${location ? `${location}: ` : ''}` };
    } else if (entry && line.startsWith('      hint: ')) entry.hint = line.slice('      hint: '.length);
    else if (entry && entry.message === undefined && line.startsWith('      ')) entry.message = line.slice(6);
    else if (line.startsWith('  ')) flush();
    else {
      flush();
      integration = /^[a-z0-9][a-z0-9-]*$/.test(line) ? line : undefined;
    }
  }
  flush();
  return lines;
}
