// What build, check, lint and test print about the definitions: schema problems and lint findings.
import type { CatalogBuild } from '../pipeline/build.js';
import { formatProblem } from '../core/problems.js';
import type { Finding } from '../core/diagnostics.js';
import type { LintResult } from '../lint/lint.js';
import { formatFindingsHuman, formatFindingsJson } from '../lint/report.js';
import { paint, useColor } from './output.js';

const lintResults = (build: CatalogBuild): LintResult[] =>
  build.results.filter((r) => r.lint).map((r) => r.lint!);

/** A definition that fails its schema is never linted; machines get its problems as findings too. */
function schemaFindings(build: CatalogBuild): LintResult[] {
  return build.results
    .filter((r) => r.problems.length)
    .map((r) => ({
      findings: r.problems.map(
        (p): Finding => ({
          rule: 'schema/invalid',
          severity: 'error',
          integration: p.integration,
          item: p.path.split(/[.[]/)[0] || p.integration,
          path: p.path,
          message: p.message,
        }),
      ),
      excluded: [],
    }));
}

/** People: one line per schema problem, `calico: alerts.g[0].for: must be …`, then the grouped lint report. */
function humanReport(build: CatalogBuild, errorsOnly: boolean): string {
  const problems = build.results.flatMap((r) => r.problems).map((p) => `${paint('red', 'error')} ${formatProblem(p)}\n`);
  const results = lintResults(build).map((r) =>
    errorsOnly ? { ...r, findings: r.findings.filter((f) => f.severity === 'error') } : r,
  );
  const hasFindings = results.some((r) => r.findings.length || r.excluded.length);
  return problems.join('') + (hasFindings ? formatFindingsHuman(results, { color: useColor() }) : '');
}

export function lintReport(build: CatalogBuild, format: 'human' | 'json'): { text: string; errors: boolean } {
  const errors = !build.ok;
  if (format === 'json') return { text: formatFindingsJson([...schemaFindings(build), ...lintResults(build)]), errors };
  const text = humanReport(build, false) || formatFindingsHuman(lintResults(build), { color: useColor() });
  return { text, errors };
}

/** build and check: how much the build cache spared, e.g. `; 3 of 4 integrations unchanged, not rendered again`. */
export function reuseNote(build: CatalogBuild): string {
  const reused = build.reusedIntegrations.length;
  return reused ? `; ${reused} of ${build.results.length} integration(s) unchanged since an earlier build, not rendered again` : '';
}

/** build/check/test: show problems and findings when there are any (warnings too, unless --quiet). */
export function printBuildFindings(build: CatalogBuild, quiet: boolean): void {
  const text = humanReport(build, quiet);
  if (text) process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}
