// The CLI as users run it: the compiled bin (npm test compiles src/ first) in a child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
/** Calico compiled into one file (test/calico-setup.ts), for test modules that wrap it. */
export const calicoModule = process.env.INTGEN_TEST_CALICO!;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `bin`: the CLI to run, by default this repository's (another install of it, for a test that needs one). */
export function intgen(args: string[], cwd = repo, env: NodeJS.ProcessEnv = {}, bin = path.join(repo, 'bin/intgen.js')): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
