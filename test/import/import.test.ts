// intgen import: rule files, promtool tests and an exposition → a module that lints and builds, whose rendered
// rules equal the input (alert names, canonical expressions, for, keep_firing_for, labels, annotations) and pass
// promtool. Inputs: fixtures written for each edge case, and Calico's rendered rules and tests as realistic content.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { canonicalPromQL } from '../../src/analysis/promql/canonical.js';
import { importModule, type ImportOptions } from '../../src/import/import.js';
import { InputError } from '../../src/import/input.js';
import { writeModule } from '../../src/import/module/write.js';
import { buildCatalog } from '../../src/pipeline/build.js';
import { checkRules, promtoolSkipReason, testRules } from '../../src/support/promtool.js';
import type { BuildConfig, Dashboard } from '../../src/model/index.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => ({ source: name, text: readFileSync(path.join(fixtures, name), 'utf8') });
const calicoOut = path.join(import.meta.dirname, '../../out/calico/prometheus');

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'intgen-import-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Imports into a fresh source folder and builds it: the module's rendered files, the report, the findings. */
async function importAndBuild(options: ImportOptions, config: BuildConfig = {}) {
  const sourceDir = mkdtempSync(path.join(root, 'src-'));
  const imported = importModule(options);
  const written = await writeModule(sourceDir, options.id, imported.files, { force: false });
  const build = await buildCatalog({ sourceDir, config });
  if (!build.ok) throw new Error(build.results.flatMap((r) => r.diagnostics.map((d) => `${d.rule}: ${d.message}`)).join('\n'));
  const outDir = path.join(sourceDir, '..', `${path.basename(sourceDir)}-out`);
  for (const [file, content] of build.files) {
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file), content);
  }
  return { sourceDir, outDir, imported, written, files: build.files };
}

interface RuleFile {
  groups: { name: string; interval?: string; limit?: number; rules: Record<string, unknown>[] }[];
}

type AlertRule = {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

const alertsOf = (file: RuleFile) => file.groups.flatMap((g) => g.rules.filter((r): r is AlertRule => 'alert' in r));

/** What the import may add to an alert's annotations (and says so in the report): a title, from its name. */
function expectSameAlerts(input: RuleFile, rendered: RuleFile, options: { addedTitles: boolean }) {
  const byName = new Map(alertsOf(rendered).map((rule) => [rule.alert, rule]));
  expect([...byName.keys()].sort()).toEqual(
    alertsOf(input)
      .map((r) => r.alert)
      .sort(),
  );
  for (const rule of alertsOf(input)) {
    const out = byName.get(rule.alert)!;
    expect(canonicalPromQL(out.expr), rule.alert).toBe(canonicalPromQL(rule.expr));
    expect(out.for).toBe(rule.for ?? '0s');
    expect(out.keep_firing_for).toBe(rule.keep_firing_for);
    expect(out.labels).toEqual(rule.labels);
    const { title, ...rest } = out.annotations ?? {};
    expect(rest).toEqual(Object.fromEntries(Object.entries(rule.annotations ?? {}).filter(([k]) => k !== 'title')));
    expect(title).toEqual(options.addedTitles ? expect.any(String) : rule.annotations?.title);
  }
}

const demo = (): ImportOptions => ({
  id: 'demo',
  rules: [fixture('demo.rules.yaml')],
  ruleTests: [fixture('demo.test.yaml')],
  metrics: fixture('demo.prom'),
});

describe('intgen import: round trip', () => {
  it('a hand-written rule file with its promtool tests and an exposition: the module lints, builds and renders the same rules', async () => {
    const { outDir, written, files } = await importAndBuild(demo());
    expect(written.builds).toBe(true);
    expect(written.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(readdirSync(written.folder).sort()).toEqual([
      'alerts.ts',
      'dashboards.ts',
      'docs.ts',
      'index.ts',
      'jobs.ts',
      'metrics.ts',
      'params.ts',
    ]);
    const input = parse(fixture('demo.rules.yaml').text) as RuleFile;
    const rendered = parse(files.get('demo/prometheus/rules.yaml')!) as RuleFile;
    expectSameAlerts(input, rendered, { addedTitles: true });
    expect(rendered.groups.map((g) => [g.name, g.interval, g.limit])).toEqual([
      ['demo.demo-errors', '30s', 100],
      ['demo.demo-latency', undefined, undefined],
    ]);
    expect(rendered.groups[0]!.rules[0]).toEqual(input.groups[0]!.rules[0]);
    const skip = await promtoolSkipReason();
    if (skip) return;
    const prometheus = path.join(outDir, 'demo/prometheus');
    expect((await checkRules([path.join(prometheus, 'rules.yaml')])).ok).toBe(true);
    const tests = await testRules(path.join(prometheus, 'rules.test.yaml'));
    expect(tests.ok, tests.stdout + tests.stderr).toBe(true);
    // Every case of the input became a case of the module.
    const renderedTests = parse(files.get('demo/prometheus/rules.test.yaml')!) as { tests: unknown[] };
    expect(renderedTests.tests).toHaveLength(7);
  });

  it("Calico's rendered rules and tests, without an exposition (the catalog inferred from the queries), come back the same and pass promtool", async () => {
    const rules = { source: 'calico/rules.yaml', text: readFileSync(path.join(calicoOut, 'rules.yaml'), 'utf8') };
    const tests = { source: 'calico/rules.test.yaml', text: readFileSync(path.join(calicoOut, 'rules.test.yaml'), 'utf8') };
    const { outDir, files, imported } = await importAndBuild({ id: 'calico-imported', rules: [rules], ruleTests: [tests] });
    expectSameAlerts(parse(rules.text) as RuleFile, parse(files.get('calico-imported/prometheus/rules.yaml')!) as RuleFile, {
      addedTitles: false,
    });
    expect(imported.report.filter((l) => l.source === tests.source && l.outcome !== 'imported')).toEqual([]);
    const skip = await promtoolSkipReason();
    if (skip) return;
    const result = await testRules(path.join(outDir, 'calico-imported/prometheus/rules.test.yaml'));
    expect(result.ok, result.stdout + result.stderr).toBe(true);
  });
});

describe('intgen import: rules', () => {
  it('lifts a top-level threshold and a shared window into parameters that a build overrides', async () => {
    const { files, imported } = await importAndBuild(demo(), {
      params: { demo: { demoHighErrorRateThreshold: 0.2, demoHighErrorRateWindow: '10m' } },
    });
    expect(imported.data.params.map((p) => [p.name, p.default])).toEqual([
      ['demoHighErrorRateThreshold', 0.05],
      ['demoHighErrorRateWindow', '5m'],
      ['demoSlowRequestsThreshold', 0.5],
      ['demoSlowRequestsWindow', '5m'],
    ]);
    const rule = alertsOf(parse(files.get('demo/prometheus/rules.yaml')!) as RuleFile).find((r) => r.alert === 'DemoHighErrorRate')!;
    expect(rule.expr).toBe(
      'sum by (instance) (rate(demo_request_errors_total[10m])) / sum by (instance) (rate(demo_requests_total[10m])) > 0.2',
    );
  });

  it('keeps a comparison of two series, two windows or a threshold spelt another way as written', () => {
    const rules = {
      source: 'r.yaml',
      text: [
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: TwoWindows',
        '        expr: rate(a_total[5m]) > rate(a_total[1h])',
        '      - alert: Spelt',
        '        expr: b > 1e3',
        '      - alert: node_down',
        '        expr: up == 0',
        '      - alert: Dup',
        '        expr: b > 1',
        '        labels: { severity: warning }',
        '      - alert: Dup',
        '        expr: b > 2',
        '        labels: { severity: critical }',
      ].join('\n'),
    };
    const { data, report } = importModule({ id: 'x', rules: [rules], ruleTests: [] });
    expect(data.params.map((p) => p.name)).toEqual(['nodeDownThreshold', 'dupThreshold', 'dupCriticalThreshold']);
    expect(data.alerts.g!.map((a) => a.id)).toEqual(['TwoWindows', 'Spelt', 'NodeDown', 'Dup', 'DupCritical']);
    expect(data.alerts.g![1]!.expr).toEqual(['b > 1e3']);
    expect(report.find((l) => l.where.includes('node_down'))?.message).toMatch(/alert id NodeDown/);
    expect(data.externalSeries).toEqual(['up']);
  });

  it('reads PrometheusRule resources', () => {
    const resource = {
      source: 'pr.yaml',
      text: 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: { name: x }\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: rate(x_total[5m]) > 0\n          for: 1m\n',
    };
    const { data } = importModule({ id: 'x', rules: [resource], ruleTests: [] });
    expect(data.alerts.g!.map((a) => a.id)).toEqual(['A']);
  });
});

describe('intgen import: the catalog', () => {
  it('from an exposition: types, HELP, units, labels with the values seen, quantiles and buckets; metrics the rules read but it lacks are reported', () => {
    const rules = {
      source: 'r.yaml',
      text: 'groups:\n  - name: g\n    rules:\n      - alert: Gone\n        expr: rate(demo_missing_total[5m]) > 0\n',
    };
    const { data, report } = importModule({ id: 'demo', rules: [rules], ruleTests: [], metrics: fixture('demo.prom') });
    const byName = new Map(data.metrics.map((m) => [m.name, m]));
    expect(byName.get('demo_requests_total')).toMatchObject({
      type: 'counter',
      help: 'Requests served.',
      labels: [{ name: 'code', cardinality: 2 }],
    });
    expect(byName.get('demo_request_duration_seconds')).toMatchObject({ type: 'histogram', unit: 'seconds', buckets: [0.1, 0.5, 1] });
    expect(byName.get('demo_gc_pause_seconds')).toMatchObject({ type: 'summary', quantiles: [0.5, 0.99] });
    expect(report).toContainEqual(expect.objectContaining({ source: 'demo.prom', where: 'demo_missing_total', outcome: 'not-imported' }));
  });

  it('OpenMetrics: UNIT, and a counter family named without _total', () => {
    const exposition = {
      source: 'om.txt',
      text: '# TYPE x_latency gauge\n# UNIT x_latency seconds\nx_latency 1\n# TYPE x_ops counter\nx_ops_total 3\n# EOF\n',
    };
    const { data } = importModule({ id: 'x', rules: [], ruleTests: [], metrics: exposition });
    expect(data.metrics.map((m) => [m.name, m.type, m.unit])).toEqual([
      ['x_latency', 'gauge', 'seconds'],
      ['x_ops_total', 'counter', 'count'],
    ]);
  });

  it('without an exposition, inferred from the queries and marked so', () => {
    const rules = {
      source: 'r.yaml',
      text: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: histogram_quantile(0.9, rate(q_seconds_bucket{le="0.5"}[5m])) > 1 and rate(q_errors[5m]) > 0 and q_depth > 3\n',
    };
    const { data, report } = importModule({ id: 'x', rules: [rules], ruleTests: [] });
    expect(data.metrics.map((m) => [m.name, m.type])).toEqual([
      ['q_seconds', 'histogram'],
      ['q_errors', 'counter'],
      ['q_depth', 'gauge'],
    ]);
    expect(data.metrics.every((m) => m.help.includes('inferred'))).toBe(true);
    expect(report.filter((l) => l.source === '(queries)').map((l) => l.outcome)).toEqual(['approximated', 'approximated', 'approximated']);
  });
});

describe('intgen import: malformed input', () => {
  it('broken YAML: an error naming file and line', () => {
    const broken = { source: 'broken.yaml', text: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: [unclosed\n' };
    expect(() => importModule({ id: 'x', rules: [broken], ruleTests: [] })).toThrow(InputError);
    expect(() => importModule({ id: 'x', rules: [broken], ruleTests: [] })).toThrow(/^broken\.yaml:\d+: not valid YAML/);
  });

  it('a JSON file that is not a rule file: an error naming it', () => {
    expect(() => importModule({ id: 'x', rules: [{ source: 'd.json', text: '{"panels": []}' }], ruleTests: [] })).toThrow(
      /^d\.json:1: not a rule file/,
    );
  });

  it('a rule that does not parse: a report line, the other rules imported', () => {
    const rules = {
      source: 'r.yaml',
      text: 'groups:\n  - name: g\n    rules:\n      - alert: Bad\n        expr: rate(x_total[5m] > 0\n      - alert: Good\n        expr: x > 1\n',
    };
    const { data, report } = importModule({ id: 'x', rules: [rules], ruleTests: [] });
    expect(data.alerts.g!.map((a) => a.id)).toEqual(['Good']);
    expect(report).toContainEqual(
      expect.objectContaining({
        where: 'group "g" alert "Bad" (line 4)',
        outcome: 'not-imported',
        message: expect.stringMatching(/does not parse/),
      }),
    );
  });

  it('an exposition with garbage lines: a report line per line, the rest imported', () => {
    const exposition = { source: 'm.prom', text: '# TYPE a gauge\na 1\nthis is not a sample\n# TYPE b counter\nb_total 2\n' };
    const { data, report } = importModule({ id: 'x', rules: [], ruleTests: [], metrics: exposition });
    expect(data.metrics.map((m) => m.name)).toEqual(['a', 'b_total']);
    expect(report).toContainEqual(expect.objectContaining({ source: 'm.prom', where: 'line 3', outcome: 'not-imported' }));
  });

  it('a promtool case of an alert that was not imported: a report line', () => {
    const tests = {
      source: 't.yaml',
      text: 'tests:\n  - input_series: [{ series: "x", values: "1" }]\n    alert_rule_test:\n      - { eval_time: 1m, alertname: Nope }\n',
    };
    const rules = { source: 'r.yaml', text: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: x > 1\n' };
    const { report } = importModule({ id: 'x', rules: [rules], ruleTests: [tests] });
    expect(report).toContainEqual(
      expect.objectContaining({ source: 't.yaml', outcome: 'not-imported', message: 'no imported alert is named Nope' }),
    );
  });
});

describe('intgen import: writing the module', () => {
  it('never overwrites a module without force; with force it replaces only that folder; nothing is left behind', async () => {
    const sourceDir = mkdtempSync(path.join(root, 'write-'));
    mkdirSync(path.join(sourceDir, 'demo'));
    writeFileSync(path.join(sourceDir, 'demo', 'mine.ts'), 'export {};\n');
    mkdirSync(path.join(sourceDir, 'other'));
    const { files } = importModule(demo());
    await expect(writeModule(sourceDir, 'demo', files, { force: false })).rejects.toThrow(/already exists/);
    expect(readdirSync(path.join(sourceDir, 'demo'))).toEqual(['mine.ts']);
    await writeModule(sourceDir, 'demo', files, { force: true });
    expect(existsSync(path.join(sourceDir, 'demo', 'mine.ts'))).toBe(false);
    expect(readdirSync(sourceDir).sort()).toEqual(['demo', 'other']);
    expect(readdirSync(path.dirname(sourceDir)).filter((name) => name.startsWith('.intgen-import-'))).toEqual([]);
  });
});

describe('intgen import: jobs', () => {
  it("Calico's rendered scrape_configs: the intents' pipelines treat every generated target as the input does", () => {
    const scrape = { source: 'calico/scrape.yaml', text: readFileSync(path.join(calicoOut, 'scrape.yaml'), 'utf8') };
    const { data, report } = importModule({ id: 'calico-imported', rules: [], ruleTests: [], jobs: scrape, metrics: fixture('demo.prom') });
    expect(data.jobs.map((j) => [j.id, j.containers, j.port, j.keepMetrics])).toEqual([
      ['calico-node-default', ['calico-node'], 9091, 'catalog'],
      ['calico-controller-default', ['calico-kube-controllers'], 9094, 'catalog'],
    ]);
    const jobLines = report.filter((l) => l.source === scrape.source && !l.where.endsWith('keep-list'));
    expect(jobLines.map((l) => l.outcome)).toEqual(['imported', 'imported']);
    expect(data.metrics.every((m) => m.job === 'calico-node-default')).toBe(true);
  });

  it("Calico's rules and scrape jobs: each metric joins the job whose keep-list names it, and the module builds", async () => {
    const read = (name: string) => ({ source: `calico/${name}`, text: readFileSync(path.join(calicoOut, name), 'utf8') });
    const { imported, written } = await importAndBuild({
      id: 'calico-jobs',
      rules: [read('rules.yaml')],
      ruleTests: [read('rules.test.yaml')],
      jobs: read('scrape.yaml'),
    });
    expect(written.builds).toBe(true);
    const jobOf = new Map(imported.data.metrics.map((m) => [m.name, m.job]));
    expect(jobOf.get('felix_ipset_errors')).toBe('calico-node-default');
    expect(jobOf.get('ipam_ippool_size')).toBe('calico-controller-default');
  });

  it('a hand-written job: the intent read off its steps, and the targets it treats differently reported', () => {
    const { data, report } = importModule({
      id: 'demo',
      rules: [],
      ruleTests: [],
      jobs: fixture('demo.scrape.yaml'),
      metrics: fixture('demo.prom'),
    });
    expect(data.jobs).toEqual([
      expect.objectContaining({
        id: 'demo',
        containers: ['demo'],
        port: 9100,
        scrapeInterval: '30s',
        copyPodMetadata: ['name'],
        keepMetrics: 'all',
      }),
    ]);
    const line = report.find((l) => l.source === 'demo.scrape.yaml')!;
    expect(line.outcome).toBe('approximated');
    // The input writes an IPv6 pod's address without brackets; the intent's pipeline does not.
    expect(line.message).toContain('the input gives {__address__="fd00::5:9100"');
  });

  it("a job's metric keep-list against the catalog: what the intent would drop or keep besides", () => {
    const text = readFileSync(path.join(fixtures, 'demo.scrape.yaml'), 'utf8').replace(
      '    relabel_configs:',
      '    metric_relabel_configs:\n      - action: keep\n        source_labels: [__name__]\n        regex: demo_requests_total|demo_queue_length|demo_legacy_total\n    relabel_configs:',
    );
    const { data, report } = importModule({
      id: 'demo',
      rules: [],
      ruleTests: [],
      jobs: { source: 'j.yaml', text },
      metrics: fixture('demo.prom'),
    });
    expect(data.jobs[0]!.keepMetrics).toBe('catalog');
    const line = report.find((l) => l.where === 'job demo keep-list')!;
    expect(line.outcome).toBe('approximated');
    expect(line.message).toMatch(
      /^the input kept demo_legacy_total, which no catalog metric of the job names \(the intent drops them\); the catalog keeps demo_gc_pause_seconds, /,
    );
  });

  it('a job without pod discovery: not imported, and why', () => {
    const jobs = { source: 's.yaml', text: 'scrape_configs:\n  - job_name: static\n    static_configs: [{ targets: ["a:1"] }]\n' };
    const { report } = importModule({ id: 'x', rules: [], ruleTests: [], jobs, metrics: fixture('demo.prom') });
    expect(report).toContainEqual(expect.objectContaining({ source: 's.yaml', where: 'job static', outcome: 'not-imported' }));
  });
});

describe('intgen import: dashboards from another importer', () => {
  it('writes the Dashboard objects it is given as dashboards.ts, and the module builds them', async () => {
    const dashboard: Dashboard = {
      id: 'demo',
      title: 'Demo',
      description: 'Imported.',
      variables: [{ name: 'instance', label: 'Instance', metric: 'demo_requests_total' }],
      rows: [
        {
          title: 'Traffic',
          panels: [
            {
              id: 'requests',
              type: 'timeseries',
              title: 'Requests',
              description: "Requests per second, by the exporter's count.",
              unit: 'per-second',
              queries: [{ expr: 'sum by (instance) (rate(demo_requests_total[5m]))', rateWindow: '5m', legend: '{{instance}}' }],
            },
          ],
        },
      ],
    };
    const { written, files } = await importAndBuild({ ...demo(), dashboards: { dashboards: [dashboard], report: [] } });
    expect(readFileSync(path.join(written.folder, 'dashboards.ts'), 'utf8')).toContain(
      'description: "Requests per second, by the exporter\'s count."',
    );
    expect([...files.keys()].filter((file) => file.startsWith('demo/dashboards/')).length).toBeGreaterThan(0);
  });
});

describe('intgen import: annotations', () => {
  it('an extra annotation with a template, or a runbook that is no URL: not imported, and why', () => {
    const rules = {
      source: 'r.yaml',
      text: 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: x > 1\n        annotations:\n          summary: s\n          description: d\n          runbook_url: "see wiki"\n          link: "https://x/{{ $labels.instance }}"\n          team: db\n',
    };
    const { data, report } = importModule({ id: 'x', rules: [rules], ruleTests: [] });
    expect(data.alerts.g![0]).toMatchObject({ summary: 's', description: 'd', annotations: { team: 'db' } });
    expect(data.alerts.g![0]!.runbook).toBeUndefined();
    const dropped = report.filter((l) => l.outcome === 'not-imported').map((l) => l.message);
    expect(dropped).toEqual([
      expect.stringMatching(/^annotation link: only title, summary and description may hold templates/),
      expect.stringMatching(/^runbook_url "see wiki"/),
    ]);
  });
});
