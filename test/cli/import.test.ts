// `intgen import` as users run it: exit codes, the report on stdout (and --report's Markdown), nothing written on
// malformed input, and the written module formatted as Biome formats this repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intgen, repo } from '../helpers/cli.js';

const fixtures = path.join(repo, 'test/import/fixtures');
let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'intgen-import-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const demoArgs = (source: string) => [
  'import',
  'demo',
  '--rules',
  path.join(fixtures, 'demo.rules.yaml'),
  '--rule-tests',
  path.join(fixtures, 'demo.test.yaml'),
  '--metrics',
  path.join(fixtures, 'demo.prom'),
  '--source',
  source,
];

describe('intgen import (CLI)', () => {
  it('writes a module that builds, prints the report grouped by source and writes --report; a second run refuses to overwrite', async () => {
    const source = path.join(root, 'ok');
    const report = path.join(root, 'IMPORT-REPORT.md');
    const run = await intgen([...demoArgs(source), '--report', report]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^.*demo\.rules\.yaml: 2 imported, 4 approximated$/m);
    expect(run.stdout).toContain('threshold 0.05 is the parameter demoHighErrorRateThreshold');
    expect(run.stdout).toContain('Lint findings on the imported content: these are bugs in the source');
    expect(readFileSync(report, 'utf8')).toMatch(/^# Import report\n/);
    // Formatted as Biome formats the repository's own modules.
    const biome = path.join(repo, 'node_modules/.bin/biome');
    for (const file of readdirSync(path.join(source, 'demo'))) {
      const text = readFileSync(path.join(source, 'demo', file), 'utf8');
      const formatted = execFileSync(biome, ['format', `--stdin-file-path=${path.join(repo, 'src', file)}`], {
        input: text,
        cwd: repo,
        encoding: 'utf8',
      });
      expect(text, file).toBe(formatted);
    }
    const again = await intgen(demoArgs(source));
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: .*--force/);
    const built = await intgen(['build', '--source', source, '--out', path.join(root, 'out')]);
    expect(built.code, built.stderr).toBe(0);
    const checked = await intgen(['check', '--source', source, '--out', path.join(root, 'out')]);
    expect(checked.code, checked.stderr).toBe(0);
  });

  it('--format json: the report lines and the findings', async () => {
    const run = await intgen([...demoArgs(path.join(root, 'json')), '--format', 'json']);
    const json = JSON.parse(run.stdout) as { ok: boolean; report: { outcome: string }[]; findings: { rule: string }[] };
    expect(json.ok).toBe(true);
    expect(json.report.length).toBeGreaterThan(10);
    expect(json.findings.map((f) => f.rule)).toEqual(['metric/unused']);
  });

  it('malformed YAML: exit 1 naming file and line, nothing written', async () => {
    const broken = path.join(root, 'broken.yaml');
    writeFileSync(broken, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: "unclosed\n');
    const source = path.join(root, 'broken-src');
    const run = await intgen(['import', 'x', '--rules', broken, '--source', source]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml:\d+: not valid YAML/);
    expect(existsSync(path.join(source, 'x'))).toBe(false);
    expect(readdirSync(root).filter((name) => name.startsWith('.intgen-import-'))).toEqual([]);
  });

  it('a module whose imported content has lint errors is written, and the exit code is 1', async () => {
    const rules = path.join(root, 'untested.yaml');
    writeFileSync(rules, 'groups:\n  - name: g\n    rules:\n      - alert: Untested\n        expr: rate(x_total[5m]) > 0\n');
    const run = await intgen(['import', 'untested', '--rules', rules, '--source', path.join(root, 'untested-src')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error\s+alert\/tests/);
    expect(run.stdout).toContain('it does not build yet');
  });
});
