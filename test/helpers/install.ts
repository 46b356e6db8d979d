// This repository's CLI installed elsewhere without what `npm run compile` compiles ahead beside the bundle (the
// schemas' validators, the docs page's templates), as after an edit of a schema or template not yet compiled:
// such an install compiles them at run time.
import { cp, symlink } from 'node:fs/promises';
import path from 'node:path';
import { repo } from './cli.js';

/** Files `npm run compile` writes beside the bundle, compiled from schemas/ and templates/. */
export const compiledAhead = /^(validators|docs-templates)-.*\.cjs$/;

/** Installs the CLI into `dir` without the files compiled ahead; returns its bin, for intgen()'s `bin`. */
export async function installWithoutCompiledAhead(dir: string): Promise<string> {
  for (const part of ['package.json', 'bin', 'dist/bundle', 'schemas', 'templates']) {
    await cp(path.join(repo, part), path.join(dir, part), { recursive: true, filter: (file) => !compiledAhead.test(path.basename(file)) });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'bin/intgen.js');
}
