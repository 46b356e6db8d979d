// Builds that a test needs to have succeeded: the build, or an error naming every error diagnostic.
import { formatDiagnostic, type Diagnostic } from '../../src/core/diagnostics.js';
import type { CatalogBuild, SucceededBuild } from '../../src/pipeline/build.js';

/** The error diagnostics of a build, one line each. */
export const errorLines = (build: CatalogBuild): string[] =>
  build.results.flatMap((r) =>
    r.diagnostics.filter((d: Diagnostic) => d.severity === 'error').map((d) => `${d.rule} ${formatDiagnostic(d)}`),
  );

export function succeeded(build: CatalogBuild): SucceededBuild {
  if (build.ok) return build;
  throw new Error(`the build failed:\n${errorLines(build).join('\n')}`);
}
