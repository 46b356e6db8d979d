// `intgen import --grafana/--sysdig` end to end on real dashboards (../shared/reference; with CI=true they must be
// there): the upstream Calico Felix dashboard and a felix exposition become a module whose report names what the
// model changed and the dashboard's own bugs; fixed as the report says, the module builds and `check` is clean.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { intgen, repo } from '../helpers/cli.js';

const reference = path.join(repo, '../shared/reference');
const felixDashboard = path.join(reference, 'calico/upstream-felix-dashboard.json');
const sysdigDashboards = ['example-admission-controller-with-text.json', 'example-opa-gatekeeper.json'].map((f) =>
  path.join(reference, 'sysdig', f),
);
const fixtures = path.join(repo, 'test/fixtures/import/dashboards');

let root: string;
beforeAll(() => {
  if (!existsSync(felixDashboard) && process.env.CI === 'true')
    throw new Error(`CI=true and the reference dashboards are missing: ${reference}`);
  root = mkdtempSync(path.join(tmpdir(), 'intgen-import-dashboards-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Replaces `from` by `to` in a written module file, failing when it is not there: the fixes the report asks for. */
function fix(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, file).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

/**
 * The upstream Felix dashboard's two bugs, as the import report names them: a rate needs two scrapes in its
 * window; a legend of a label the average removes is always empty.
 */
function fixFelixDashboardBugs(module: string): void {
  const dashboards = path.join(module, 'dashboards.ts');
  fix(dashboards, 'rate(felix_int_dataplane_apply_time_seconds_count[1m])', 'rate(felix_int_dataplane_apply_time_seconds_count[2m])');
  fix(dashboards, "{ expr: 'avg(go_memstats_next_gc_bytes)', legend: '{{instance}}' }", "{ expr: 'avg(go_memstats_next_gc_bytes)' }");
}

describe('intgen import --grafana / --sysdig (CLI)', () => {
  it('imports the upstream Felix dashboard; fixed as its report says, the module builds and check is clean', async (ctx) => {
    ctx.skip(!existsSync(felixDashboard), `no ${felixDashboard}`);
    const source = path.join(root, 'felix-src');
    const out = path.join(root, 'felix-out');
    const run = await intgen([
      'import',
      'felix',
      '--grafana',
      felixDashboard,
      '--metrics',
      path.join(fixtures, 'felix.prom'),
      '--source',
      source,
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    const summary = JSON.parse(run.stdout) as {
      report: { source: string; where: string; outcome: string; message: string }[];
      findings: { rule: string; item: string }[];
      ok: boolean;
    };
    const dashboardLines = summary.report.filter((line) => line.source === felixDashboard);
    expect(dashboardLines.filter((line) => line.outcome === 'imported' && line.where.startsWith('panel '))).toHaveLength(33);
    expect(dashboardLines).toContainEqual({
      source: felixDashboard,
      where: 'variable "top_n"',
      outcome: 'approximated',
      message: 'a custom variable, which the model has no place for: its current value "50" is written in its 57 places',
    });
    // The dashboard reads summaries' _sum and _count, which a catalog keep-list leaves out: the job keeps all.
    expect(summary.report).toContainEqual(
      expect.objectContaining({ where: 'jobs.ts', outcome: 'approximated', message: expect.stringContaining("keepMetrics: 'all'") }),
    );
    // The dashboard's own bugs: exit 1 until they are fixed in the module.
    expect(run.code).toBe(1);
    expect(summary.ok).toBe(false);
    expect([...new Set(summary.findings.map((d) => d.rule))].sort()).toEqual(['dashboard/legend-label', 'promql/rate-window']);
    expect(readdirSync(path.join(source, 'felix')).sort()).toEqual([
      'alerts.ts',
      'dashboards.ts',
      'docs.ts',
      'index.ts',
      'jobs.ts',
      'metrics.ts',
      'params.ts',
    ]);

    const module = path.join(source, 'felix');
    fixFelixDashboardBugs(module);
    const lint = await intgen(['lint', '--source', source]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const built = await intgen(['build', '--source', source, '--out', out]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(existsSync(path.join(out, 'felix/dashboards/grafana/calico-felix.json'))).toBe(true);
    const checked = await intgen(['check', '--source', source, '--out', out]);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  });

  it('imports a dashboard, a rule file with its promtool tests and an exposition into one module that builds and tests', async (ctx) => {
    ctx.skip(!existsSync(felixDashboard), `no ${felixDashboard}`);
    const promtoolMissing = await promtoolSkipReason();
    const source = path.join(root, 'all-src');
    const out = path.join(root, 'all-out');
    const run = await intgen([
      'import',
      'calico-imported',
      '--rules',
      path.join(repo, 'out/calico/prometheus/rules.yaml'),
      '--rule-tests',
      path.join(repo, 'out/calico/prometheus/rules.test.yaml'),
      '--grafana',
      felixDashboard,
      '--metrics',
      path.join(fixtures, 'felix.prom'),
      '--source',
      source,
    ]);
    // Only the dashboard's own two bugs stand between the import and a build.
    expect(run.stdout).toContain('2 errors, 0 warnings in 1 integration');
    const module = path.join(source, 'calico-imported');
    fixFelixDashboardBugs(module);
    for (const command of ['lint', 'build', 'check', ...(promtoolMissing ? [] : ['test'])]) {
      const result = await intgen([command, '--source', source, ...(command === 'lint' ? [] : ['--out', out])]);
      expect(result.code, `${command}: ${result.stdout}${result.stderr}`).toBe(0);
    }
  });

  it('imports both PromCat Sysdig dashboards into one module that builds as written', async (ctx) => {
    ctx.skip(!existsSync(sysdigDashboards[0]!), `no ${sysdigDashboards[0]}`);
    const source = path.join(root, 'sysdig-src');
    const run = await intgen(['import', 'promcat', '--sysdig', ...sysdigDashboards, '--source', source]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('example-opa-gatekeeper.json: ');
    expect(run.stdout).toContain('scope variable "cluster"');
    expect(run.code, run.stdout).toBe(0);
    const built = await intgen(['build', '--source', source, '--out', path.join(root, 'sysdig-out')]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
  });

  it('refuses a broken dashboard file, naming it, and writes nothing', async () => {
    const source = path.join(root, 'broken-src');
    const broken = path.join(fixtures, 'grafana-broken.json.txt');
    const run = await intgen(['import', 'broken', '--grafana', broken, '--source', source]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^intgen: .*grafana-broken\.json\.txt: not valid JSON at line 6 column 1: /);
    expect(existsSync(source)).toBe(false);
  });
});
