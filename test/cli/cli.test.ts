// The CLI as users run it: the compiled bin (npm test compiles src/ first), real files, exit codes.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTree } from '../../src/write/tree.js';
import { calicoModule, intgen, repo } from '../helpers/cli.js';
import { defineCalico } from '../helpers/calico.js';
import { promtoolSkipReason } from '../../src/support/promtool.js';

const calicoDefinition = defineCalico();
const calicoAlerts = Object.values(calicoDefinition.alerts).flat().length;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** An integrations folder holding Calico with one mutation of its definition. */
async function brokenCalico(name: string, mutation: string): Promise<string> {
  const dir = path.join(work, name, 'calico');
  await mkdir(dir, { recursive: true });
  const source = `import calico from ${JSON.stringify(calicoModule)};
export default { params: calico.params, define(p) { const i = calico.define(p); ${mutation}; return i; } };\n`;
  await writeFile(path.join(dir, 'index.js'), source);
  return path.dirname(dir);
}

describe('check', () => {
  test('the committed out/ is up to date', async () => {
    const run = await intgen(['check']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/out\/ is up to date/);
  });

  test('an edited, a deleted and an added file in out/ each make it fail, by name', async () => {
    const out = path.join(work, 'out-edited');
    await cp(path.join(repo, 'out'), out, { recursive: true });
    await writeFile(path.join(out, 'calico/prometheus/rules.yaml'), 'groups: []\n');
    await rm(path.join(out, 'index.json'));
    await writeFile(path.join(out, 'calico/stray.txt'), 'x');
    const run = await intgen(['check', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`stale   ${out}/calico/prometheus/rules.yaml`);
    expect(run.stderr).toContain(`missing ${out}/index.json`);
    expect(run.stderr).toContain(`extra   ${out}/calico/stray.txt`);
  });
});

describe('build', () => {
  test('twice gives byte-identical output', async () => {
    const out = path.join(work, 'out-twice');
    expect((await intgen(['build', '--out', out])).code).toBe(0);
    const first = await readTree(out);
    expect((await intgen(['build', '--out', out])).code).toBe(0);
    expect(await readTree(out)).toEqual(first);
    expect(first).toEqual(await readTree(path.join(repo, 'out')));
  });

  test.each([
    [
      'a bad duration',
      'Object.values(i.alerts)[0][0].for = "5 minutes"',
      /schema\/invalid\s+alerts\.[a-z-]+\[0\]\.for\s+must be a Prometheus duration like "5m" \(got "5 minutes"\)/,
    ],
    [
      'an unknown severity',
      'Object.values(i.alerts)[0][0].severity = "fatal"',
      /schema\/invalid\s+alerts\.[a-z-]+\[0\]\.severity\s+must be one of "critical", "warning", "info" \(got "fatal"\)/,
    ],
    [
      'a bad id',
      'i.jobs[0].id = "Calico Node"',
      /schema\/invalid\s+jobs\[0\]\.id\s+must be a lowercase id like "calico-node" \(got "Calico Node"\)/,
    ],
    ['a broken expression', 'Object.values(i.alerts)[0][0].expr = "rate(felix_ipset_errors[5m] > 0"', /promql\/syntax/],
    ['an unknown metric', 'Object.values(i.alerts)[0][0].expr = "increase(felix_no_such_metric[5m]) > 0"', /metric\/unknown/],
  ])('%s exits 1 naming where and what, and leaves out/ untouched', async (name, mutation, message) => {
    const out = path.join(work, `out-${name.replace(/\W+/g, '-')}`);
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const before = await readTree(out);
    const run = await intgen(['build', '--source', await brokenCalico(name.replace(/\W+/g, '-'), mutation), '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('not written');
    expect(await readTree(out)).toEqual(before);
  });

  test('--set overrides a parameter; a bad override is an error naming it', async () => {
    const out = path.join(work, 'out-set');
    const ok = await intgen(['build', '--out', out, '--set', 'calico.errorWindow=17m']);
    expect(ok.code).toBe(0);
    expect(await readFile(path.join(out, 'calico/prometheus/rules.yaml'), 'utf8')).toContain('[17m]');
    const bad = await intgen(['build', '--out', out, '--set', 'calico.errorWindow=soon']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/params\.errorWindow\s+must be a Prometheus duration like "5m" \(got "soon"\)/);
  });
});

describe('lint', () => {
  test('--format json is machine-readable; warnings alone exit 0, an error exits 1', async () => {
    const clean = await intgen(['lint', '--format', 'json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ summary: { errors: 0, warnings: 0 }, findings: [] });

    const warned = await intgen([
      'lint',
      '--format',
      'json',
      '--source',
      await brokenCalico('unused-metric', 'i.metrics.push({ ...i.metrics[1], name: "felix_unused_gauge" })'),
    ]);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).findings).toEqual([
      expect.objectContaining({ rule: 'metric/unused', severity: 'warning', item: 'felix_unused_gauge' }),
    ]);

    const failed = await intgen([
      'lint',
      '--format',
      'json',
      '--source',
      await brokenCalico('lint-error', 'Object.values(i.alerts)[0][0].expr = "increase(felix_no_such_metric[5m]) > 0"'),
    ]);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).findings).toContainEqual(
      expect.objectContaining({ rule: 'metric/unknown', severity: 'error', path: expect.stringMatching(/^alerts\.[a-z-]+\[0\]\.expr$/) }),
    );
  });

  test('--format json reports a schema problem in the fields of a finding, and a hint where there is one', async () => {
    const invalid = await intgen([
      'lint',
      '--format',
      'json',
      '--source',
      await brokenCalico('lint-schema', 'i.jobs[0].id = "Calico Node"'),
    ]);
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({
      summary: { errors: 1, warnings: 0, integrations: 1 },
      findings: [
        {
          rule: 'schema/invalid',
          severity: 'error',
          integration: 'calico',
          item: 'jobs',
          path: 'jobs[0].id',
          message: 'must be a lowercase id like "calico-node" (got "Calico Node")',
        },
      ],
    });
    const exclusion = "i.lintExclusions = [...(i.lintExclusions ?? []), { rule: 'metric/unused', item: 'felix_nothing', reason: 'Kept.' }]";
    const unused = await intgen(['lint', '--format', 'json', '--source', await brokenCalico('lint-hint', exclusion)]);
    expect(unused.code).toBe(0);
    expect(JSON.parse(unused.stdout).findings).toEqual([
      expect.objectContaining({ rule: 'lint/unused-exclusion', item: 'felix_nothing', hint: 'remove it' }),
    ]);
  });
});

describe('test', async () => {
  const skip = await promtoolSkipReason();
  test.skipIf(skip)('reports every alert ok, and a wrong expectation as a failure of that alert', async () => {
    const ok = await intgen(['test', '--only', 'calico']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`calico: ${calicoAlerts} alerts, \\d+ cases`));
    expect(ok.stdout.match(/^ {2}ok {3}/gm)).toHaveLength(calicoAlerts);
    const source = await brokenCalico(
      'wrong-expectation',
      'const a = Object.values(i.alerts)[0][0]; a.tests.find((t) => t.alerts.length).alerts[0].summary = "not what it says"',
    );
    const bad = await intgen(['test', '--source', source]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/FAIL Calico\w+: case "[^"]+" at \w+/);
    expect(bad.stderr).toContain('1 failing');
  });
});

describe('ruleTarget', () => {
  test('builds Calico for Mimir with its namespace file; `test` for vmalert says which tool runs its tests', async () => {
    const config = path.join(work, 'mimir.config.json');
    await writeFile(config, JSON.stringify({ ruleTarget: 'mimir' }));
    const out = path.join(work, 'out-mimir');
    const build = await intgen(['build', '--config', config, '--out', out]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(await readFile(path.join(out, 'calico/mimir/rules.yaml'), 'utf8')).toMatch(/^namespace: calico$/m);
    await writeFile(config, JSON.stringify({ ruleTarget: 'vmalert' }));
    const vmalert = await intgen(['test', '--config', config]);
    expect(vmalert.code).toBe(2);
    expect(vmalert.stderr).toContain('vmalert-tool unittest');
    await writeFile(config, JSON.stringify({ ruleTarget: 'prometheus-4' }));
    const unknown = await intgen(['build', '--config', config, '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('ruleTarget: must be one of "prometheus-3", "prometheus-2", "mimir", "thanos", "vmalert"');
  });
});

describe('usage', () => {
  test('an unknown command, option or integration exits 2', async () => {
    expect((await intgen(['frobnicate'])).code).toBe(2);
    expect((await intgen(['build', '--no-such-option'])).code).toBe(2);
    const only = await intgen(['check', '--only', 'nope']);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('no integration "nope"');
    expect((await intgen(['build', '--set', 'garbage'])).code).toBe(2);
  });

  test('--help shows examples and exit codes; --version prints the package version', async () => {
    const help = await intgen(['build', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit codes');
    const { version } = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect((await intgen(['--version'])).stdout.trim()).toBe(version);
  });

  test('list names Calico with its counts', async () => {
    const run = await intgen(['list', '--format', 'json']);
    expect(run.code).toBe(0);
    const [calico] = JSON.parse(run.stdout) as { id: string; metrics: number; alerts: number }[];
    expect(calico).toMatchObject({ id: 'calico', metrics: calicoDefinition.metrics.length, alerts: calicoAlerts });
  });

  test('list says what it counts, in the singular for one', async () => {
    const [calico] = JSON.parse((await intgen(['list', '--format', 'json'])).stdout) as {
      metrics: number;
      alerts: number;
      dashboards: number;
      jobs: number;
    }[];
    const human = await intgen(['list']);
    expect(human.code).toBe(0);
    const noun = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    expect(calico!.dashboards).toBe(1);
    expect(human.stdout).toContain(
      `\t${noun(calico!.metrics, 'catalog metric')}, ${noun(calico!.alerts, 'alert')}, 1 dashboard, ${noun(calico!.jobs, 'scrape job')}\n`,
    );
  });
});
