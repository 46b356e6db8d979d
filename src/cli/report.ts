// What build, check, lint and test print about the definitions: their diagnostics, of every kind.
import type { CatalogBuild, SucceededBuild } from '../pipeline/build.js';
import { formatDiagnosticsHuman, formatDiagnosticsJson, type IntegrationReport } from '../lint/report.js';
import { useColor } from './output.js';
import { debugRequested } from '../core/errors.js';

const reports = (build: CatalogBuild): IntegrationReport[] =>
  build.results.map((r) => ({ diagnostics: r.diagnostics, excluded: r.status === 'linted' ? r.excluded : [] }));

export function lintReport(build: CatalogBuild, format: 'human' | 'json'): { text: string; errors: boolean } {
  const errors = !build.ok;
  if (format === 'json') return { text: formatDiagnosticsJson(reports(build)), errors };
  return { text: formatDiagnosticsHuman(reports(build), { color: useColor() }), errors };
}

/** build and check: how much the build cache spared, e.g. `; 3 of 4 integrations unchanged, not rendered again`. */
export function reuseNote(build: SucceededBuild): string {
  const reused = build.reusedIntegrations.length;
  return reused ? `; ${reused} of ${build.results.length} integration(s) unchanged since an earlier build, not rendered again` : '';
}

/**
 * build/check/test: show the diagnostics when there are any (warnings too, unless --quiet: errors only).
 * Exclusions alone print nothing: they are decisions already made in the definition, and `lint` lists them.
 */
export function printBuildFindings(build: CatalogBuild, quiet: boolean): void {
  printThreadsNote(build);
  const shown = reports(build).map((r) => (quiet ? { ...r, diagnostics: r.diagnostics.filter((d) => d.severity === 'error') } : r));
  if (!shown.some((r) => r.diagnostics.length)) return;
  process.stderr.write(formatDiagnosticsHuman(shown, { color: useColor() }));
}

/** With --debug (or INTGEN_DEBUG=1): on how many threads the build evaluated what it did not reuse. */
export function printThreadsNote(build: CatalogBuild): void {
  if (!debugRequested()) return;
  const where = build.threads ? `${build.threads} threads` : "the CLI's own thread";
  console.error(`intgen: debug: integrations not reused from the build cache were evaluated on ${where}`);
}
