// `intgen new`: the scaffold validates, lints clean, renders, type-checks and passes its own promtool tests; bad
// ids and existing folders are refused without touching anything.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRepoRoot, idProblem, scaffoldIntegration, scaffoldNames } from '../../src/cli/commands/new.js';
import { UsageError } from '../../src/core/errors.js';
import { buildCatalog, type SucceededBuild } from '../../src/pipeline/build.js';
import { localSource } from '../../src/pipeline/sources.js';
import { succeeded } from '../helpers/build.js';
import { promtoolSkipReason, testRules } from '../../src/support/promtool.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const longestId = `a${'b-'.repeat(19)}c`;

let work: string;
let sourceDir: string;
let build: SucceededBuild;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-new-'));
  sourceDir = path.join(work, 'integrations');
  await scaffoldIntegration('demo-app', sourceDir);
  await scaffoldIntegration(longestId, sourceDir);
  build = succeeded(await buildCatalog({ sources: [localSource(sourceDir)] }));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the scaffold', () => {
  test('is a module split like Calico’s, importing only the model', async () => {
    const files = (await readdir(path.join(sourceDir, 'demo-app'))).sort();
    expect(files).toEqual(['alerts.ts', 'dashboards.ts', 'docs.ts', 'index.ts', 'jobs.ts', 'metrics.ts', 'params.ts']);
    for (const file of files) {
      const source = await readFile(path.join(sourceDir, 'demo-app', file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) expect(target === 'intgen' || target?.startsWith('./')).toBe(true);
    }
  });

  test('is written on the model’s kit: it defines no helper of its own', async () => {
    const declared: string[] = [];
    for (const file of await readdir(path.join(sourceDir, 'demo-app'))) {
      const source = await readFile(path.join(sourceDir, 'demo-app', file), 'utf8');
      for (const match of source.matchAll(/^(?:export )?(?:function (\w+)|const (\w+) = (?:<[^>]*>)?\()/gm))
        declared.push(match[1] ?? match[2]!);
    }
    expect(declared).toEqual(['alerts']);
    expect(await readFile(path.join(sourceDir, 'demo-app', 'alerts.ts'), 'utf8')).toMatch(
      /errorsIncreasing\(\{[\s\S]*targetDown\(\{[\s\S]*summaryQuantileAbove\(\{/,
    );
  });

  test('passes schema validation and lint with zero findings, for any id up to the longest', () => {
    expect(build.results.map((r) => r.folder)).toEqual([longestId, 'demo-app']);
    for (const result of build.results) expect(result.diagnostics).toEqual([]);
  });

  test('renders every output, with the Go and Grafana templates passed through', () => {
    const files = [...build.files.keys()].filter((f) => f.startsWith('demo-app/')).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'demo-app/README.md',
        'demo-app/agent/jobs.yaml',
        'demo-app/dashboards/grafana/demo-app.json',
        'demo-app/dashboards/sysdig/demo-app.json',
        'demo-app/prometheus/rules.test.yaml',
        'demo-app/prometheus/rules.yaml',
      ]),
    );
    const rules = build.files.get('demo-app/prometheus/rules.yaml')!;
    expect(rules).toContain('alert: DemoAppRequestErrors');
    expect(rules).toContain('expr: up{job="demo-app"} == 0');
    expect(rules).toContain('summary: Requests are failing on {{ $labels.instance }}');
    expect(rules).toContain('expr: demo_app_request_duration_seconds{quantile="0.99"} > 0.5');
    expect(build.files.get('demo-app/dashboards/grafana/demo-app.json')).toContain('"legendFormat": "{{instance}} p99"');
    expect(build.files.get('demo-app/agent/jobs.yaml')).toContain(
      'regex: (demo_app_request_duration_seconds|demo_app_request_errors_total|demo_app_requests_total)',
    );
  });

  test('passes its promtool unit tests, with the defaults and with overridden parameters', async (ctx) => {
    const skip = await promtoolSkipReason();
    ctx.skip(skip !== undefined, skip);
    const overridden = succeeded(
      await buildCatalog({
        sources: [localSource(sourceDir)],
        only: ['demo-app'],
        config: { params: { 'demo-app': { errorWindow: '7m', alertFor: '3m', latencyP99Seconds: 0.3 } } },
      }),
    );
    for (const [name, files] of [
      ['defaults', build.files],
      ['overrides', overridden.files],
    ] as const) {
      const dir = path.join(work, `promtool-${name}`, 'prometheus');
      await mkdir(dir, { recursive: true });
      for (const file of ['rules.yaml', 'rules.test.yaml'])
        await writeFile(path.join(dir, file), files.get(`demo-app/prometheus/${file}`)!);
      const result = await testRules(path.join(dir, 'rules.test.yaml'));
      expect(result.failures, `${name}: ${result.stderr}`).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  test('type-checks under the repository’s strict compiler options', async () => {
    const tsconfig = path.join(work, 'tsconfig.json');
    // ES modules, as in the repository.
    await writeFile(path.join(work, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(
      tsconfig,
      JSON.stringify({
        extends: path.join(repo, 'tsconfig.json'),
        compilerOptions: { noEmit: true, incremental: false, rootDir: '/', typeRoots: [path.join(repo, 'node_modules/@types')] },
        include: [path.join(sourceDir, '**/*.ts')],
      }),
    );
    const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [tsc, '-p', tsconfig], (error, stdout, stderr) =>
        resolve(error ? `${stdout}${stderr}` || String(error) : ''),
      );
    });
    expect(output).toBe('');
  }, 120_000);
});

describe('refusals', () => {
  test.each(['Demo', '1demo', 'my_app', 'my app', '', `${longestId}x`])('the id %j is refused, and nothing is written', async (id) => {
    const dir = path.join(work, 'refused');
    await expect(scaffoldIntegration(id, dir)).rejects.toThrow(UsageError);
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  test('the message says what an id may be', () => {
    expect(idProblem('My-App')).toMatch(/lowercase letter, then lowercase letters, digits or '-'/);
    expect(idProblem(`${longestId}x`)).toBe('use at most 40 characters (it has 41)');
    expect(idProblem(longestId)).toBeUndefined();
  });

  test('an existing folder is refused and left exactly as it was', async () => {
    const index = path.join(sourceDir, 'demo-app', 'index.ts');
    const before = await readFile(index, 'utf8');
    await writeFile(path.join(sourceDir, 'demo-app', 'notes.txt'), 'mine');
    await expect(scaffoldIntegration('demo-app', sourceDir)).rejects.toThrow(
      /demo-app already exists: pick another id, or edit that module/,
    );
    expect(await readFile(index, 'utf8')).toBe(before);
    expect(await readFile(path.join(sourceDir, 'demo-app', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('names and the repository root', () => {
  test('an id gives the display name, the alert and type prefix, and the metric prefix', () => {
    expect(scaffoldNames('my-app2')).toEqual({
      id: 'my-app2',
      name: 'My App2',
      pascal: 'MyApp2',
      prefix: 'my_app2',
    });
  });

  test('the repository root is the nearest folder whose package.json is intgen’s', async () => {
    expect(await findRepoRoot(path.join(repo, 'src/integrations/calico'))).toBe(path.resolve(repo));
    const elsewhere = path.join(work, 'elsewhere', 'deep');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(work, 'elsewhere', 'package.json'), JSON.stringify({ name: 'not-intgen' }));
    expect(await findRepoRoot(elsewhere)).toBeUndefined();
  });
});
