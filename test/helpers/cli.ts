// The CLI as users run it: the compiled bin (npm test compiles src/ first) in a child process.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
/** The compiled Calico module, for test modules that wrap it. */
export const calicoModule = path.join(repo, 'dist/integrations/calico/index.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function intgen(args: string[], cwd = repo, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repo, 'bin/intgen.js'), ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
