// What verify prints: per job, where its exposition came from and what it held, then the findings grouped as
// lint groups them; JSON for machines with the same keys as lint's.
import { plural } from '../core/counts.js';
import { hasError } from '../core/diagnostics.js';
import { diagnosticJson, formatDiagnosticsHuman } from '../lint/report.js';
import { toJson } from '../serialize/json.js';
import type { VerifiedJob } from './compare.js';

/** The uncatalogued families named in full up to this many; beyond, a count. */
const namedUncatalogued = 5;

function jobLine(job: VerifiedJob): string {
  const shown = job.uncatalogued.slice(0, namedUncatalogued).join(', ');
  const more = job.uncatalogued.length > namedUncatalogued ? `, … ${job.uncatalogued.length - namedUncatalogued} more` : '';
  const uncatalogued = job.uncatalogued.length ? `; not in the catalog: ${shown}${more}` : '';
  const errors = job.findings.filter((f) => f.severity === 'error').length;
  return `${job.integration}/${job.job} ← ${job.source}: ${errors ? plural(errors, 'mismatch') : 'matches the catalog'}${uncatalogued}`;
}

export function formatVerifyHuman(jobs: readonly VerifiedJob[], options: { color: boolean }): string {
  const lines = jobs.map(jobLine);
  const findings = jobs.flatMap((job) => job.findings);
  const details = findings.length ? formatDiagnosticsHuman([{ diagnostics: findings, excluded: [] }], options) : '';
  return `${lines.join('\n')}\n${details ? `\n${details}` : ''}`;
}

export function formatVerifyJson(jobs: readonly VerifiedJob[]): string {
  return toJson({
    ok: !hasError(jobs.flatMap((job) => job.findings)),
    jobs: jobs.map((job) => ({
      integration: job.integration,
      job: job.job,
      source: job.source,
      errors: job.findings.filter((f) => f.severity === 'error').length,
      warnings: job.findings.filter((f) => f.severity === 'warning').length,
      uncatalogued: job.uncatalogued,
    })),
    findings: jobs.flatMap((job) => job.findings.map(diagnosticJson)),
  });
}
