// The benchmark scripts run the compiled library and CLI, not the sources: nothing but running them tells when a
// change of the library's API or of the CLI's output leaves them broken.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repo } from '../helpers/cli.js';

function node(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repo, script), ...args], { cwd: repo }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('benchmark scripts, on a catalog of two', () => {
  test('bench/stages.mjs times every stage', async () => {
    const run = await node('bench/stages.mjs', ['--integrations', '2']);
    expect(run.code, run.stderr).toBe(0);
    for (const stage of [
      'locate the modules',
      'import the modules',
      'define()',
      'lint: context',
      'render: renderDocsPage',
      'encode and digest',
    ]) {
      expect(run.stdout).toContain(stage);
    }
  });

  test('bench/run.mjs ends with one JSON line of every figure', async () => {
    const run = await node('bench/run.mjs', ['--integrations', '2', '--runs', '1']);
    expect(run.code, run.stderr).toBe(0);
    const figures = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(figures.integrations).toBe(2);
    for (const key of ['build', 'checkCold', 'realCheck', 'realCheckCold', 'nodeStart']) expect(figures).toHaveProperty(key);
  });
});
