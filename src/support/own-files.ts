// Where intgen's own files are. Found from the running code, not by URLs relative to each module, because the
// same code runs compiled (dist/), bundled (dist/bundle/, which bin/intgen.js starts) and from source (src/,
// under vitest), at different depths.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function nearestPackageRoot(dir: string): string {
  for (let candidate = dir; ; candidate = path.dirname(candidate)) {
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(candidate) === candidate) throw new Error(`intgen: no package.json above ${dir}`);
  }
}

/** The folder holding intgen's package.json, templates/ and schemas/. */
export const packageRoot = nearestPackageRoot(here);
/** The folder of the running code: dist/bundle/ when started by bin/intgen.js, else dist/ or src/. */
export const runningCodeDir = here;
/** The tree the running code belongs to: dist/, or src/ when run from source. */
export const codeRoot = path.join(packageRoot, path.relative(packageRoot, here).split(path.sep)[0]!);
/** The TypeScript sources; when the running code is compiled, each src/<x>.ts runs as <codeRoot>/<x>.js. */
export const sourceRoot = path.join(packageRoot, 'src');

export const templatesDir = path.join(packageRoot, 'templates');
export const schemasDir = path.join(packageRoot, 'schemas');
/**
 * Where `npm run compile` writes what it compiles ahead, beside the bundle: the validators of schemas/
 * (validate/schema.ts) and the docs page's templates (outputs/docs/render.ts).
 */
export const compiledAheadDir = path.join(packageRoot, 'dist/bundle');

/** The built-in integrations' source folders: the catalog when no --source is given. */
export const builtinIntegrationsDir = path.join(sourceRoot, 'integrations');

/**
 * The module that `import … from 'intgen'` in an integration module names: the running code's own library
 * entry, so a module and the CLI share one model (in the bundle, a chunk both entries import).
 */
export const libraryEntry =
  codeRoot === sourceRoot
    ? path.join(sourceRoot, 'model/index.ts')
    : here === path.join(codeRoot, 'bundle')
      ? path.join(here, 'intgen.js')
      : path.join(codeRoot, 'model/index.js');

/**
 * The entry of a build's worker threads (pipeline/worker.ts) in the running code; none when run from source, where
 * a thread could not load TypeScript (a build then runs in one thread).
 */
export const workerEntry =
  codeRoot === sourceRoot
    ? undefined
    : here === path.join(codeRoot, 'bundle')
      ? path.join(here, 'worker.js')
      : path.join(codeRoot, 'pipeline/worker.js');
