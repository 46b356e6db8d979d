import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  jobDown,
  queriesOf,
  type Alert,
  type AlertTest,
  type BuildConfig,
  type Dashboard,
  type Integration,
  type ScrapeJob,
  type SelectorMatcher,
} from '../../src/model/index.js';
import { buildCatalog } from '../../src/pipeline/build.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { renderers } from '../../src/outputs/index.js';
import { renderPrometheusRuleTests } from '../../src/outputs/rule-tests/render.js';
import { renderPrometheusRules } from '../../src/outputs/prometheus-rules/render.js';
import { renderSysdigDashboards } from '../../src/outputs/sysdig/render.js';
import { docsPageView } from '../../src/outputs/docs/render.js';
import type { RenderContext } from '../../src/core/types.js';
import { promtoolSkipReason, testRules } from '../../src/support/promtool.js';
import { applyTransforms } from '../../src/transforms/index.js';
import {
  absentScopeRule,
  keepLabelsInGroupings,
  scopeToSelectors,
  selectorFindings,
  selectorProblems,
} from '../../src/transforms/selectors.js';
import { outputLabels } from '../../src/lint/labels.js';
import { validateBuildConfig } from '../../src/validate/schema.js';
import { describeRuleUnitTests, ruleFiles, ruleSuiteOf } from '../helpers/rule-unit-tests.js';
import { calicoContext, integrationContexts, scratch } from './support.js';
import { succeeded } from '../helpers/build.js';

afterAll(() => scratch.cleanup());

/** The built-in integrations and their alerts, known when the tests are collected, so each names its own. */
const builtinSuites = (await integrationContexts()).map(ruleSuiteOf);

const selectors = (...matchers: [SelectorMatcher, ...SelectorMatcher[]]): BuildConfig => ({ selectors: { matchers } });

const configs = {
  'one cluster': selectors({ label: 'cluster', op: '=', value: 'prod' }),
  'clusters by regex, and a region excluded': selectors(
    { label: 'cluster', op: '=~', value: 'prod-eu|prod-us' },
    { label: 'region', op: '!~', value: 'test-.*', example: 'eu-west-1' },
  ),
} satisfies Record<string, BuildConfig>;

/** Every PromQL expression of an integration, named for failure messages. */
function expressions(integration: Integration): { where: string; expr: string; panel: boolean }[] {
  const alerts = Object.values(integration.alerts).flatMap((group) => group ?? []);
  const recordings = Object.values(integration.recordingRules ?? {}).flatMap((group) => group ?? []);
  const queries = integration.dashboards.flatMap((dashboard) =>
    dashboard.rows.flatMap((row) =>
      row.panels.flatMap((panel) =>
        queriesOf(panel).map((q, i) => ({ where: `${dashboard.id}/${panel.id}[${i}]`, expr: q.expr, panel: true })),
      ),
    ),
  );
  return [
    ...alerts.map((alert) => ({ where: alert.id, expr: alert.expr, panel: false })),
    ...recordings.map((rule) => ({ where: rule.record, expr: rule.expr, panel: false })),
    ...queries,
  ];
}

/** One expression as the transform scopes a recording rule's (in Calico, for the rest of a definition). */
async function scopeToSelectorsExpr(expr: string, config: BuildConfig): Promise<string> {
  const calico = await calicoContext(config);
  const integration: Integration = { ...calico.integration, recordingRules: { only: [{ record: 'scoped:expr', expr }] } };
  return scopeToSelectors({ ...calico, integration }).integration.recordingRules!.only![0]!.expr;
}

const allAlerts = (integration: Integration): Alert[] => Object.values(integration.alerts).flatMap((group) => group ?? []);

describe('keepLabelsInGroupings', () => {
  it.each([
    ['sum by (instance) (rate(x[5m]))', 'sum by (instance, cluster) (rate(x[5m]))'],
    ['sum(rate(x[5m])) by (instance)', 'sum(rate(x[5m])) by (instance, cluster)'],
    ['count by () (x)', 'count by (cluster) (x)'],
    ['sum by (a,) (x)', 'sum by (a, cluster,) (x)'],
    ['sum by (cluster, a) (x)', 'sum by (cluster, a) (x)'],
    ['a / on(instance) group_left(node) b', 'a / on(instance, cluster) group_left(node) b'],
    ['sum without (pod) (x) / ignoring(code) y', 'sum without (pod) (x) / ignoring(code) y'],
    ['max(sum by (job) (x))', 'max by (cluster) (sum by (job, cluster) (x))'],
    ['sum(rate(a[5m])) / sum(rate(b[5m]))', 'sum by (cluster) (rate(a[5m])) / sum by (cluster) (rate(b[5m]))'],
    ['count (x)', 'count by (cluster) (x)'],
    ['topk(3, x)', 'topk by (cluster) (3, x)'],
  ])('%s → %s', (expr, expected) => {
    expect(keepLabelsInGroupings(expr, ['cluster'])).toBe(expected);
  });

  it('adds several labels in order', () => {
    expect(keepLabelsInGroupings('topk by (job) (3, x)', ['cluster', 'region'])).toBe('topk by (job, cluster, region) (3, x)');
  });
});

describe('selectors transform', () => {
  it('is a no-op without the option: the build writes what the untransformed definitions render', async () => {
    const build = succeeded(await buildCatalog({ config: {} }));
    for (const ctx of await integrationContexts()) {
      expect(applyTransforms(ctx)).toBe(ctx);
      for (const file of renderers.flatMap((render) => render(ctx))) expect(build.files.get(file.path), file.path).toBe(file.content);
    }
  });

  describe.each(Object.entries(configs))('with %s', (_name, config) => {
    const matchers = config.selectors!.matchers;
    const labels = [...new Set(matchers.map((m) => m.label))];
    let pairs: { before: RenderContext; after: RenderContext }[];
    beforeAll(async () => {
      const before = await integrationContexts(config);
      pairs = before.map((ctx) => ({ before: ctx, after: applyTransforms(ctx) }));
    });

    it('puts every matcher, and no dashboard variable, on every selector of every alert, recording rule and panel query', () => {
      let selectorsChecked = 0;
      for (const { before, after } of pairs) {
        const original = expressions(before.integration);
        const scoped = expressions(after.integration);
        expect(scoped.map((e) => e.where)).toEqual(original.map((e) => e.where));
        scoped.forEach(({ where, expr, panel }, index) => {
          const parsed = parsePromQL(expr);
          expect(parsed.problems, `${where}: ${expr}`).toEqual([]);
          // The model's queries run as written (the docs page shows them): the dashboards add their variables.
          if (panel) expect(expr, where).not.toContain('$');
          const originalSelectors = parsePromQL(original[index]!.expr).selectors;
          expect(parsed.selectors.length, where).toBe(originalSelectors.length);
          parsed.selectors.forEach((selector, s) => {
            for (const m of matchers) {
              // A selector the author scoped on the label already is left as written.
              if (originalSelectors[s]!.matchers.some((existing) => existing.label === m.label)) continue;
              expect(selector.matchers, `${where}: ${expr}`).toContainEqual(
                expect.objectContaining({ label: m.label, op: m.op, value: m.value }),
              );
            }
            selectorsChecked++;
          });
        });
      }
      expect(selectorsChecked).toBeGreaterThan(0);
    });

    it('keeps the labels in every aggregation: added to by (…) lists, a by (…) for a plain one, without (…) left alone', () => {
      let byLists = 0;
      for (const { before, after } of pairs) {
        const original = expressions(before.integration);
        expressions(after.integration).forEach(({ where, expr }, index) => {
          const originalAggregations = parsePromQL(original[index]!.expr).aggregations;
          parsePromQL(expr).aggregations.forEach((aggregation, a) => {
            const was = originalAggregations[a]!;
            // An aggregation without a modifier now groups by the labels.
            if (aggregation.modifier === 'by' || was.modifier === undefined) {
              expect(aggregation.modifier, `${where}: ${expr}`).toBe(was.modifier ?? 'by');
              expect(aggregation.labels, `${where}: ${expr}`).toEqual([...was.labels, ...labels.filter((l) => !was.labels.includes(l))]);
              byLists++;
            } else {
              expect(aggregation.labels, `${where}: ${expr}`).toEqual(was.labels);
            }
          });
        });
      }
      expect(byLists).toBeGreaterThan(0);
    });

    it('gives every dashboard that queries data a variable per label, first', () => {
      for (const { before, after } of pairs) {
        after.integration.dashboards.forEach((dashboard, d) => {
          expect(dashboard.variables.map((v) => v.name)).toEqual([
            ...labels,
            ...before.integration.dashboards[d]!.variables.map((v) => v.name),
          ]);
        });
      }
    });

    describe('renders rules and unit tests that pass promtool', () => {
      describeRuleUnitTests(builtinSuites, (id) => ruleFiles(pairs.find(({ after }) => after.integration.id === id)!.after));
    });
  });

  it('scopes the alert tests: outside the scope the alerts do not fire', async (ctx) => {
    const skipReason = await promtoolSkipReason();
    ctx.skip(skipReason !== undefined, skipReason);
    const scoped = applyTransforms(await calicoContext(configs['one cluster']));
    const testsFile = renderPrometheusRuleTests(scoped)[0]!.content.replaceAll('cluster="prod"', 'cluster="staging"');
    const moved = parse(testsFile) as { tests: { input_series: { series: string }[] }[] };
    expect(moved.tests.every((t) => t.input_series.every((s) => s.series.includes('cluster="staging"')))).toBe(true);
    const dir = await scratch.write({ 'rules.yaml': renderPrometheusRules(scoped)[0]!.content, 'rules.test.yaml': testsFile });
    const result = await testRules(join(dir, 'rules.test.yaml'));
    const firingCases = allAlerts(scoped.integration).filter((alert) => alert.tests?.some((t) => t.alerts.length > 0));
    expect(result.ok).toBe(false);
    expect(new Set(result.failures.map((f) => f.alertname))).toEqual(new Set(firingCases.map((alert) => alert.id)));
  });

  it('gives expected alerts the scoped label exactly when the scoped expression keeps it', async (ctx) => {
    const skipReason = await promtoolSkipReason();
    ctx.skip(skipReason !== undefined, skipReason);
    const calico = await calicoContext(configs['one cluster']);
    const series: AlertTest['series'] = [{ series: 'felix_ipset_errors{instance="10.0.0.1:9091"}', values: '0+1x20' }];
    const alert = (id: string, expr: string, labels: Record<string, string>): Alert => ({
      id,
      title: id,
      expr,
      for: '0s',
      severity: 'info',
      summary: 'ipset errors',
      description: 'ipset errors keep occurring.',
      tests: [
        {
          name: 'fires',
          series,
          evalTime: '10m',
          alerts: [{ labels, summary: 'ipset errors', description: 'ipset errors keep occurring.' }],
        },
      ],
    });
    const integration: Integration = {
      ...calico.integration,
      alerts: {
        aggregated: [
          alert('AcrossEverything', 'sum(increase(felix_ipset_errors[5m])) > 0', {}),
          alert('WithoutCluster', 'sum without (cluster, instance) (increase(felix_ipset_errors[5m])) > 0', {}),
          alert('PerInstance', 'sum by (instance) (increase(felix_ipset_errors[5m])) > 0', { instance: '10.0.0.1:9091' }),
        ],
      },
    };
    const scoped = scopeToSelectors({ ...calico, integration });
    expect(scoped.integration.alerts.aggregated!.map((a) => a.tests![0]!.alerts[0]!.labels)).toEqual([
      { cluster: 'prod' },
      {},
      { cluster: 'prod', instance: '10.0.0.1:9091' },
    ]);
    const dir = await scratch.write({
      'rules.yaml': renderPrometheusRules(scoped)[0]!.content,
      'rules.test.yaml': renderPrometheusRuleTests(scoped)[0]!.content,
    });
    const result = await testRules(join(dir, 'rules.test.yaml'));
    expect(result.failures).toEqual([]);
    expect(result.ok, result.stderr).toBe(true);
  });

  describe('absent()', () => {
    const jobDownAlert = (job: ScrapeJob): Alert =>
      jobDown({
        id: 'FelixJobDown',
        title: 'Felix job down',
        severity: 'critical',
        for: '5m',
        summary: 'No felix target is up.',
        description: (facts) => `Prometheus scrapes no target of ${facts.job}.`,
        job,
      });
    /** Calico with one alert, as the selectors transform scopes it. */
    const scopedJobDown = async (config: BuildConfig, tests?: AlertTest[]) => {
      const calico = await calicoContext(config);
      const alert = jobDownAlert(calico.integration.jobs[0]);
      const integration: Integration = {
        ...calico.integration,
        externalSeries: ['up'],
        alerts: { availability: [tests ? { ...alert, tests } : alert] },
      };
      return { integration, scoped: scopeToSelectors({ ...calico, integration }) };
    };
    const onlyAlert = (ctx: RenderContext) => ctx.integration.alerts.availability![0]!;

    it('asks about each cluster of a list, so one missing cluster fires and is named', async () => {
      const { scoped } = await scopedJobDown(selectors({ label: 'cluster', op: '=~', value: 'prod|staging' }));
      // absent() of anything but a selector has no labels (Prometheus's createLabelsForAbsentFunction): label_replace names the cluster.
      const perCluster = (cluster: string) =>
        `label_replace(absent(up{job="calico-node-default", cluster="${cluster}"} == 1), "cluster", "${cluster}", "", "")`;
      expect(onlyAlert(scoped).expr).toBe(`(${perCluster('prod')} or ${perCluster('staging')})`);
      expect(outputLabels(parsePromQL(onlyAlert(scoped).expr))).toEqual({ kind: 'only', labels: new Set(['cluster']) });
    });

    it('of a selector, asks per cluster with equality matchers, which absent() keeps', async () => {
      const scope = (expr: string, ...matchers: [SelectorMatcher, ...SelectorMatcher[]]) =>
        scopeToSelectorsExpr(expr, selectors(...matchers));
      expect(await scope('absent(up{job="a"})', { label: 'cluster', op: '=~', value: 'prod|staging' })).toBe(
        '(absent(up{job="a", cluster="prod"}) or absent(up{job="a", cluster="staging"}))',
      );
      expect(await scope('absent_over_time(up{job="a"}[5m]) > 0', { label: 'cluster', op: '=', value: 'prod' })).toBe(
        'absent_over_time(up{job="a", cluster="prod"}[5m]) > 0',
      );
      // A second matcher on the label would make absent() drop it: the value is asked for alone.
      expect(
        await scope(
          'absent(up{job="a"})',
          { label: 'cluster', op: '=', value: 'prod' },
          { label: 'cluster', op: '!=', value: 'x', example: 'prod' },
        ),
      ).toBe('absent(up{job="a", cluster="prod"})');
      expect(await scope('absent(up{job="a", cluster="dev"})', { label: 'cluster', op: '=~', value: 'prod|staging' })).toBe(
        'absent(up{job="a", cluster="dev"})',
      );
    });

    it('of another expression, names the one cluster of an equality matcher with label_replace', async () => {
      const { scoped } = await scopedJobDown(configs['one cluster']);
      expect(onlyAlert(scoped).expr).toBe(
        'label_replace(absent(up{job="calico-node-default", cluster="prod"} == 1), "cluster", "prod", "", "")',
      );
    });

    it('passes promtool per cluster: the derived cases run in every cluster, and one cluster down fires for it alone', async (ctx) => {
      const skipReason = await promtoolSkipReason();
      ctx.skip(skipReason !== undefined, skipReason);
      const config = selectors({ label: 'cluster', op: '=~', value: 'prod|staging' });
      const calico = await calicoContext(config);
      const derived = jobDownAlert(calico.integration.jobs[0]).tests!;
      const up = (cluster: string, values: string) => ({ series: `up{job="calico-node-default", cluster="${cluster}"}`, values });
      const oneDown: AlertTest = {
        name: 'fires for the one cluster whose targets are all down',
        series: [up('prod', '0x20'), up('staging', '1x20')],
        evalTime: '10m',
        alerts: [
          {
            labels: { cluster: 'prod' },
            summary: 'No felix target is up.',
            description: 'Prometheus scrapes no target of calico-node-default.',
          },
        ],
      };
      const { scoped } = await scopedJobDown(config, [...derived, oneDown]);
      const [firing] = onlyAlert(scoped).tests!;
      expect(firing!.alerts.map((a) => a.labels.cluster).sort()).toEqual(['prod', 'staging']);
      const dir = await scratch.write({
        'rules.yaml': renderPrometheusRules(scoped)[0]!.content,
        'rules.test.yaml': renderPrometheusRuleTests(scoped)[0]!.content,
      });
      const result = await testRules(join(dir, 'rules.test.yaml'));
      expect(result.failures).toEqual([]);
      expect(result.ok, result.stderr).toBe(true);
    });

    it('is a warning where the clusters are not listed, and left scoped by the regex', async () => {
      const config = selectors({ label: 'cluster', op: '=~', value: 'prod-.*', example: 'prod-eu' });
      const { integration, scoped } = await scopedJobDown(config);
      expect(onlyAlert(scoped).expr).toBe('absent(up{job="calico-node-default", cluster=~"prod-.*"} == 1)');
      const findings = selectorFindings(integration, config);
      expect(findings).toEqual([
        expect.objectContaining({
          rule: absentScopeRule,
          severity: 'warning',
          item: 'FelixJobDown',
          path: 'alerts.availability[0].expr',
          range: { from: 0, to: 'absent(up{job="calico-node-default"} == 1)'.length },
          message: expect.stringContaining('absent() loses cluster'),
        }),
      ]);
      expect(selectorFindings(integration, selectors({ label: 'cluster', op: '=~', value: 'prod|staging' }))).toEqual([]);
    });
  });

  describe('rendered dashboards', () => {
    interface GrafanaJson {
      templating: { list: { name: string; query?: unknown; allValue?: string }[] };
      panels: { title?: string; targets?: { expr: string }[] }[];
    }
    interface SysdigJson {
      dashboard: { scopeExpressionList: { operand: string; value: string[] }[]; panels: { advancedQueries?: { query: string }[] }[] };
    }
    const rendered = async (config: BuildConfig) => {
      const scoped = applyTransforms(await calicoContext(config));
      const grafana = JSON.parse(renderGrafanaDashboards(scoped)[0]!.content) as GrafanaJson;
      const sysdig = JSON.parse(renderSysdigDashboards(scoped)[0]!.content) as SysdigJson;
      const variable = (name: string) => grafana.templating.list.find((v) => v.name === name);
      return {
        grafana,
        variable,
        targets: grafana.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr),
        sysdig,
        queries: sysdig.dashboard.panels.flatMap((p) => p.advancedQueries ?? []).map((q) => q.query),
      };
    };

    it('filter by the cluster variable only, never the fixed matcher as well (another cluster picked would be empty)', async () => {
      const { targets, queries, sysdig } = await rendered(configs['one cluster']);
      expect(targets.length).toBeGreaterThan(0);
      for (const expr of targets) {
        expect(expr).toContain('cluster=~"$cluster"');
        expect(expr).not.toContain('cluster="prod"');
      }
      expect(sysdig.dashboard.scopeExpressionList.map((v) => v.operand)).toContain('cluster');
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) {
        expect(query).toContain('cluster=~$cluster');
        expect(query).not.toContain('cluster="prod"');
      }
    });

    it('offer only the clusters the fixed selector accepts, and chain the node variable to the cluster', async () => {
      const one = await rendered(configs['one cluster']);
      expect(one.variable('cluster')).toMatchObject({ query: 'label_values(felix_cluster_num_hosts{cluster="prod"}, cluster)' });
      // All is the alternation of the offered clusters: `.*` would reach past them.
      expect(one.variable('cluster')?.allValue).toBeUndefined();
      expect(one.variable('instance')).toMatchObject({
        query: 'label_values(felix_cluster_num_hosts{cluster=~"$cluster"}, instance)',
        allValue: '.*',
      });
      expect(one.sysdig.dashboard.scopeExpressionList.map((v) => [v.operand, v.value])).toEqual([
        ['cluster', ['prod']],
        ['instance', []],
      ]);
      const regex = await rendered(configs['clusters by regex, and a region excluded']);
      expect(regex.variable('cluster')).toMatchObject({
        query: 'label_values(felix_cluster_num_hosts{cluster=~"prod-eu|prod-us"}, cluster)',
      });
      expect(regex.variable('region')).toMatchObject({
        query: 'label_values(felix_cluster_num_hosts{region!~"test-.*", cluster=~"$cluster"}, region)',
      });
      expect(regex.sysdig.dashboard.scopeExpressionList.find((v) => v.operand === 'cluster')?.value).toEqual(['prod-eu', 'prod-us']);
      for (const expr of regex.targets) {
        expect(expr).toContain('region=~"$region"');
        expect(expr).not.toContain('test-.*');
      }
    });

    it('keep the cluster but not the felix node on the IPAM row: kube-controllers reports no felix node', async () => {
      const { grafana } = await rendered(configs['one cluster']);
      const ipam = grafana.panels.filter((p) => ['Blocks per node', 'IP pool utilization'].includes(p.title ?? ''));
      expect(ipam).toHaveLength(2);
      for (const { expr } of ipam.flatMap((p) => p.targets ?? [])) {
        expect(expr).toContain('cluster=~"$cluster"');
        expect(expr).not.toContain('$instance');
      }
    });
  });

  it('shows runnable PromQL on the docs page: the fixed matcher, never a dashboard variable', async () => {
    const scoped = applyTransforms(await calicoContext(configs['one cluster']));
    const page = docsPageView(scoped);
    const queries = page.signals.flatMap((signal) => signal.panels.map((panel) => panel.queries.code));
    expect(queries.length).toBeGreaterThan(0);
    for (const code of queries) {
      expect(code).not.toContain('$');
      expect(code).toContain('cluster="prod"');
      for (const expr of code.split('\n\n')) expect(parsePromQL(expr).problems, expr).toEqual([]);
    }
  });

  it('leaves a dashboard without queries alone', async () => {
    const calico = await calicoContext(configs['one cluster']);
    const notes: Dashboard = {
      id: 'notes',
      title: 'Notes',
      description: 'Text only.',
      variables: [],
      rows: [{ title: 'Read me', panels: [{ id: 'text', type: 'text', title: 'Text', description: 'Text.', content: 'Hello.' }] }],
    };
    const scoped = scopeToSelectors({ ...calico, integration: { ...calico.integration, dashboards: [notes] } });
    expect(scoped.integration.dashboards).toEqual([notes]);
  });

  describe('example values', () => {
    const scopeWith = async (...matchers: [SelectorMatcher, ...SelectorMatcher[]]) =>
      scopeToSelectors(await calicoContext(selectors(...matchers)));
    const firstExpectedLabels = (ctx: RenderContext) => allAlerts(ctx.integration)[0]!.tests![0]!.alerts[0]!.labels;

    it('take the value of =, and the first name of a =~ alternation', async () => {
      expect(firstExpectedLabels(await scopeWith({ label: 'cluster', op: '=', value: 'prod' }))).toMatchObject({ cluster: 'prod' });
      expect(firstExpectedLabels(await scopeWith({ label: 'cluster', op: '=~', value: 'eu-1|us-1' }))).toMatchObject({ cluster: 'eu-1' });
    });

    it('are required where they cannot be derived', async () => {
      await expect(scopeWith({ label: 'cluster', op: '=~', value: 'prod-.*' })).rejects.toThrow(
        /selectors\.matchers\[0\]\.example: required/,
      );
      await expect(scopeWith({ label: 'cluster', op: '=', value: '' })).rejects.toThrow(/selectors\.matchers\[0\]\.example: required/);
      expect(validateBuildConfig.problems(selectors({ label: 'cluster', op: '!=', value: 'dev' }))).toEqual([
        { path: 'selectors.matchers[0]', message: 'missing required property "example"' },
      ]);
    });

    it('must satisfy every matcher on their label', async () => {
      await expect(scopeWith({ label: 'cluster', op: '!=', value: 'dev', example: 'dev' })).rejects.toThrow(
        /matchers\[0\]: cluster!="dev" rejects "dev"/,
      );
      await expect(
        scopeWith({ label: 'cluster', op: '=~', value: 'prod-.*', example: 'prod-eu' }, { label: 'cluster', op: '!=', value: 'prod-eu' }),
      ).rejects.toThrow(/matchers\[1\]: cluster!="prod-eu" rejects "prod-eu"/);
      const both = await scopeWith(
        { label: 'cluster', op: '=~', value: 'prod-.*', example: 'prod-us' },
        { label: 'cluster', op: '!=', value: 'prod-eu' },
      );
      expect(firstExpectedLabels(both)).toMatchObject({ cluster: 'prod-us' });
    });

    it('may come from a later matcher on the label', async () => {
      const scoped = await scopeWith(
        { label: 'cluster', op: '=~', value: 'prod-.*' },
        { label: 'cluster', op: '!=', value: 'prod-eu', example: 'prod-us' },
      );
      expect(firstExpectedLabels(scoped)).toMatchObject({ cluster: 'prod-us' });
    });

    it('are checked before a build: selectorProblems reports every problem with its config path', () => {
      expect(
        selectorProblems(
          selectors(
            { label: 'cluster', op: '=~', value: '(prod', example: 'prod' },
            { label: 'region', op: '=~', value: 'eu-.*' },
            { label: 'zone', op: '!=', value: 'a', example: 'a' },
          ),
        ),
      ).toEqual([
        { path: 'selectors.matchers[0].value', message: expect.stringMatching(/^not an RE2 regex/) },
        { path: 'selectors.matchers[1].example', message: expect.stringMatching(/^required for region=~"eu-\.\*"/) },
        { path: 'selectors.matchers[2]', message: expect.stringMatching(/^zone!="a" rejects "a"/) },
      ]);
      expect(selectorProblems(configs['clusters by regex, and a region excluded'])).toEqual([]);
      expect(selectorProblems({})).toEqual([]);
    });

    it('come with a valid RE2 regex', async () => {
      await expect(scopeWith({ label: 'cluster', op: '=~', value: '(prod', example: 'prod' })).rejects.toThrow(
        /selectors\.matchers\[0\]\.value: not an RE2 regex/,
      );
    });
  });
});
