// The build config's overrides (transforms/overrides.ts), as a team installing Calico uses them: each kind changes
// every output that shows it, the unit tests follow so promtool still passes, and an id that names nothing is an
// error naming the ids there are.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BuildConfig } from '../../src/model/index.js';
import { alertsOf } from '../../src/core/counts.js';
import { formatDiagnostic } from '../../src/core/diagnostics.js';
import { ruleGroups } from '../../src/outputs/prometheus-rules/groups.js';
import { buildCatalog, type SucceededBuild } from '../../src/pipeline/build.js';
import { integrationFiles } from '../../src/outputs/paths.js';
import { applyTransforms } from '../../src/transforms/index.js';
import { applyOverrides, overrideConfigProblems } from '../../src/transforms/overrides.js';
import { validateBuildConfig } from '../../src/validate/schema.js';
import { structureProblems } from '../../src/validate/structure.js';
import { succeeded } from '../helpers/build.js';
import { defineCalico } from '../helpers/calico.js';
import { describeRuleUnitTests, ruleFiles, ruleSuiteOf } from '../helpers/rule-unit-tests.js';
import { calicoContext, scratch } from './support.js';

afterAll(() => scratch.cleanup());

const files = integrationFiles('calico');
const calico = defineCalico();
const groupOf = (alertId: string) => Object.entries(calico.alerts).find(([, alerts]) => alerts?.some((a) => a.id === alertId))![0];
const alertIds = alertsOf(calico).map((alert) => alert.id);
const warningAlert = alertsOf(calico).find((alert) => alert.severity === 'warning')!;
const criticalAlert = alertsOf(calico).find((alert) => alert.severity === 'critical')!;
const dashboardId = calico.dashboards[0]!.id;
const [felixJob, controllerJob] = calico.jobs;

/** Overrides as the README shows them, for the promtool run below. */
const readmeExample = {
  params: { calico: { errorWindow: '10m' } },
  alerts: {
    labels: { team: 'platform' },
    severities: { warning: 'ticket' },
    runbookUrl: 'https://runbooks.example/{{integration}}/{{alert}}',
  },
  overrides: {
    calico: {
      disable: { alerts: ['CalicoLoggingErrors'] },
      alerts: { annotations: { dashboard: 'https://grafana.example/d/calico' } },
      alertsById: { CalicoDataplaneUpdatesFailing: { labels: { routing: 'pager' }, severities: { critical: 'page' } } },
      groups: { ipam: { interval: '2m' } },
      jobs: { 'calico-node-default': { scrapeInterval: '30s' } },
    },
  },
} satisfies BuildConfig;

interface RuleFile {
  groups: {
    name: string;
    interval?: string;
    rules: { alert: string; labels: Record<string, string>; annotations: Record<string, string> }[];
  }[];
}
interface TestFile {
  tests: {
    name: string;
    alert_rule_test: { alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[] }[];
  }[];
}

async function build(config: BuildConfig): Promise<SucceededBuild> {
  return succeeded(await buildCatalog({ config }));
}

const file = (built: SucceededBuild, path: string) => {
  const content = built.files.get(path);
  if (content === undefined) throw new Error(`no ${path}`);
  return content;
};
const rules = (built: SucceededBuild, path = files.prometheusRules): RuleFile =>
  path === files.prometheusRules ? (parse(file(built, path)) as RuleFile) : (parse(file(built, path)) as { spec: RuleFile }).spec;
const ruleOf = (built: SucceededBuild, alertId: string, path?: string) =>
  rules(built, path)
    .groups.flatMap((g) => g.rules)
    .find((r) => r.alert === alertId);
const testsOf = (built: SucceededBuild, alertId: string) =>
  (parse(file(built, files.ruleTests)) as TestFile).tests.filter((t) => t.alert_rule_test[0]!.alertname === alertId);
const firingExpectations = (built: SucceededBuild, alertId: string) =>
  testsOf(built, alertId).flatMap((t) => t.alert_rule_test.flatMap((a) => a.exp_alerts));
const index = (built: SucceededBuild) =>
  JSON.parse(file(built, 'index.json')) as { integrations: { counts: { alerts: number; dashboards: number }; dashboards: unknown[] }[] };

describe('overrides', () => {
  it('leave a build without them as it was', async () => {
    const ctx = await calicoContext({ overrides: {} });
    expect(applyOverrides(ctx)).toBe(ctx);
    expect((await build({ overrides: {} })).files).toEqual((await build({})).files);
  });

  describe('disable', () => {
    it('an alert: its rule, its unit tests, its docs row and its count are gone', async () => {
      const disabled = alertIds[1]!;
      const built = await build({ overrides: { calico: { disable: { alerts: [disabled] } } } });
      expect(ruleOf(built, disabled)).toBeUndefined();
      expect(ruleOf(built, disabled, files.prometheusRule)).toBeUndefined();
      expect(testsOf(built, disabled)).toEqual([]);
      expect(file(built, files.docs)).not.toContain(`\`${disabled}\``);
      expect(index(built).integrations[0]!.counts.alerts).toBe(alertIds.length - 1);
      expect(ruleOf(built, alertIds[0]!)).toBeDefined();
    });

    it('a group: its rule group and its alerts are gone', async () => {
      const group = Object.keys(calico.alerts).at(-1)!;
      const built = await build({ overrides: { calico: { disable: { groups: [group] } } } });
      expect(rules(built).groups.map((g) => g.name)).not.toContain(`calico.${group}`);
      for (const alert of calico.alerts[group]!) expect(testsOf(built, alert.id)).toEqual([]);
      expect(rules(built).groups.length).toBe(Object.keys(calico.alerts).length - 1);
    });

    it('a dashboard: its Grafana and Sysdig files, its ConfigMap entry and its docs entry are gone', async () => {
      const built = await build({ overrides: { calico: { disable: { dashboards: [dashboardId] } } } });
      const paths = [...built.files.keys()];
      expect(paths).not.toContain(files.dashboard('grafana', dashboardId));
      expect(paths).not.toContain(files.dashboard('sysdig', dashboardId));
      // Calico has one dashboard: with it gone, the ConfigMap has nothing to hold.
      expect(paths).not.toContain(files.grafanaConfigMap);
      expect(file(built, files.docs)).not.toContain(`dashboards/grafana/${dashboardId}.json`);
      expect(index(built).integrations[0]!.dashboards).toEqual([]);
    });
  });

  describe('alert labels', () => {
    it('are added to every rule and to the expected alerts of its unit tests, the nearest layer winning', async () => {
      const built = await build({
        alerts: { labels: { team: 'platform', routing: 'default' } },
        overrides: {
          calico: { alerts: { labels: { team: 'network' } }, alertsById: { [criticalAlert.id]: { labels: { routing: 'pager' } } } },
        },
      });
      for (const id of alertIds) {
        const routing = id === criticalAlert.id ? 'pager' : 'default';
        expect(ruleOf(built, id)!.labels).toMatchObject({ team: 'network', routing });
        expect(ruleOf(built, id, files.prometheusRule)!.labels).toMatchObject({ team: 'network', routing });
        const expected = firingExpectations(built, id);
        expect(expected.length, id).toBeGreaterThan(0);
        for (const alert of expected) expect(alert.exp_labels).toMatchObject({ team: 'network', routing });
      }
    });
  });

  describe('severities', () => {
    it('are remapped in the rules, the unit tests and the docs table', async () => {
      const built = await build({ alerts: { severities: { warning: 'ticket' } } });
      expect(ruleOf(built, warningAlert.id)!.labels.severity).toBe('ticket');
      expect(ruleOf(built, criticalAlert.id)!.labels.severity).toBe('critical');
      for (const alert of firingExpectations(built, warningAlert.id)) expect(alert.exp_labels.severity).toBe('ticket');
      expect(file(built, files.docs)).toMatch(new RegExp(`\\| \`${warningAlert.id}\` \\| ticket \\|`));
    });
  });

  describe('runbook URL template', () => {
    it('gives every alert its runbook_url, in the rules and the expected annotations', async () => {
      const built = await build({ alerts: { runbookUrl: 'https://runbooks.example/{{integration}}/{{group}}/{{alert}}' } });
      for (const id of alertIds) {
        const url = `https://runbooks.example/calico/${groupOf(id)}/${id}`;
        expect(ruleOf(built, id)!.annotations.runbook_url).toBe(url);
        for (const alert of firingExpectations(built, id)) expect(alert.exp_annotations.runbook_url).toBe(url);
      }
    });
  });

  describe('extra annotations', () => {
    it('are added to every rule and its expected alerts', async () => {
      const built = await build({ overrides: { calico: { alerts: { annotations: { dashboard: 'https://grafana.example/d/calico' } } } } });
      for (const id of alertIds) {
        expect(ruleOf(built, id)!.annotations.dashboard).toBe('https://grafana.example/d/calico');
        for (const alert of firingExpectations(built, id)) expect(alert.exp_annotations.dashboard).toBe('https://grafana.example/d/calico');
      }
    });
  });

  describe('rule group interval', () => {
    it('is written on the group in the rule file and the PrometheusRule', async () => {
      const group = Object.keys(calico.alerts)[0]!;
      const built = await build({ overrides: { calico: { groups: { [group]: { interval: '30s' } } } } });
      for (const path of [files.prometheusRules, files.prometheusRule]) {
        const groups = rules(built, path).groups;
        expect(groups.find((g) => g.name === `calico.${group}`)!.interval).toBe('30s');
        expect(groups.filter((g) => g.interval !== undefined)).toHaveLength(1);
      }
    });

    it("keep the definition's other options of the group", () => {
      const group = Object.keys(calico.alerts)[0]!;
      const integration = { ...defineCalico(), ruleGroups: { [group]: { interval: '1m', limit: 5 } } };
      const config: BuildConfig = { overrides: { calico: { groups: { [group]: { interval: '30s' } } } } };
      const overridden = applyOverrides({ integration, params: [], sourceModule: 'x', config }).integration;
      expect(ruleGroups(overridden).find((g) => g.name === `calico.${group}`)).toMatchObject({ interval: '30s', limit: 5 });
    });

    it('in a definition, must name one of its rule groups', () => {
      const defined = { ...defineCalico(), ruleGroups: { 'felix-erors': { interval: '30s' } } };
      expect(structureProblems(defined, 'calico').map(formatDiagnostic)).toEqual([
        `calico: ruleGroups.felix-erors: no rule group "felix-erors" (known: ${Object.keys(calico.alerts).join(', ')}); did you mean "felix-errors"?`,
      ]);
    });
  });

  describe('scrape jobs', () => {
    it('take their scrape interval and port, in the Prometheus scrape config, the agent jobs and the docs', async () => {
      const built = await build({ overrides: { calico: { jobs: { [felixJob.id]: { scrapeInterval: '15s', port: 19091 } } } } });
      const scrape = parse(file(built, files.prometheusScrape)) as { scrape_configs: { job_name: string; scrape_interval?: string }[] };
      const byName = (name: string) => scrape.scrape_configs.find((job) => job.job_name === name)!;
      expect(byName(felixJob.id).scrape_interval).toBe('15s');
      expect(byName(controllerJob!.id).scrape_interval).toBe(controllerJob!.scrapeInterval);
      for (const path of [files.prometheusScrape, files.agentJobs, files.docs]) {
        expect(file(built, path), path).toContain(':19091');
      }
      expect(file(built, files.agentJobs)).toMatch(/scrape_interval: 15s/);
    });

    it('are linted: a rate window shorter than two overridden scrape intervals is an error', async () => {
      const result = await buildCatalog({ config: { overrides: { calico: { jobs: { [felixJob.id]: { scrapeInterval: '5m' } } } } } });
      expect(result.ok).toBe(false);
      const findings = result.results.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'error');
      expect(findings.length).toBeGreaterThan(0);
      for (const finding of findings) {
        expect(finding.rule).toBe('promql/rate-window');
        expect(finding.message).toContain(`job \`${felixJob.id}\` scrapes`);
      }
    });
  });

  describe('ids that name nothing', () => {
    it('are errors of the integration naming what it has, with the nearest as a suggestion', async () => {
      const result = await buildCatalog({
        config: {
          overrides: {
            calico: {
              disable: { alerts: ['CalicoLogingErrors'], groups: ['nope'], dashboards: ['calicoo'] },
              alertsById: { CalicoNothing: { labels: { team: 'x' } } },
              groups: { ipan: { interval: '1m' } },
              jobs: { 'calico-node': { port: 1 } },
            },
          },
        },
      });
      expect(result.ok).toBe(false);
      const groups = Object.keys(calico.alerts).join(', ');
      const jobs = calico.jobs.map((job) => job.id).join(', ');
      expect(result.results.flatMap((r) => r.diagnostics).map((d) => `${d.rule} ${formatDiagnostic(d)}`)).toEqual([
        `overrides/unknown calico: overrides.calico.disable.alerts[0]: calico has no alert "CalicoLogingErrors" (known: ${alertIds.join(', ')}); did you mean "CalicoLoggingErrors"?`,
        `overrides/unknown calico: overrides.calico.disable.groups[0]: calico has no alert group "nope" (known: ${groups})`,
        `overrides/unknown calico: overrides.calico.disable.dashboards[0]: calico has no dashboard "calicoo" (known: ${dashboardId}); did you mean "calico"?`,
        `overrides/unknown calico: overrides.calico.alertsById.CalicoNothing: calico has no alert "CalicoNothing" (known: ${alertIds.join(', ')})`,
        `overrides/unknown calico: overrides.calico.groups.ipan: calico has no rule group "ipan" (known: ${groups}); did you mean "ipam"?`,
        `overrides/unknown calico: overrides.calico.jobs.calico-node: calico has no job "calico-node" (known: ${jobs})`,
      ]);
    });
  });

  describe('the config schema and its checks', () => {
    const refused = (config: unknown) => validateBuildConfig.problems(config).map((p) => p.path);
    it.each([
      ['a template in a label', { alerts: { labels: { team: '{{ $labels.team }}' } } }, 'alerts.labels.team'],
      ['a severity label (severities remap it)', { alerts: { labels: { severity: 'x' } } }, 'alerts.labels'],
      ['an alertname label', { alerts: { labels: { alertname: 'x' } } }, 'alerts.labels'],
      ['a summary annotation (the unit tests expect the alert’s)', { alerts: { annotations: { summary: 'x' } } }, 'alerts.annotations'],
      ['an unknown severity', { alerts: { severities: { major: 'page' } } }, 'alerts.severities'],
      ['an unknown runbook placeholder', { alerts: { runbookUrl: 'https://r.example/{{job}}' } }, 'alerts.runbookUrl'],
      ['an unknown key', { overrides: { calico: { disabled: {} } } }, 'overrides.calico'],
      ['a port out of range', { overrides: { calico: { jobs: { a: { port: 70000 } } } } }, 'overrides.calico.jobs.a.port'],
    ])('refuses %s', (_, config, path) => {
      expect(
        refused(config).some((p) => p.startsWith(path)),
        JSON.stringify(refused(config)),
      ).toBe(true);
    });

    it('takes the README example, and the README example builds', async () => {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const example = JSON.parse(/### Overrides[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!) as BuildConfig;
      expect(refused(example)).toEqual([]);
      expect(overrideConfigProblems(example)).toEqual([]);
      expect(refused(readmeExample)).toEqual([]);
      await build(example);
    });

    it('checks runbook URLs and durations beyond the schema', () => {
      expect(
        overrideConfigProblems({
          alerts: { runbookUrl: 'runbooks/{{alert}}' },
          overrides: {
            calico: { groups: { ipam: { interval: '300y' } }, alertsById: { A: { runbookUrl: 'https://ok.example/{{alert}}' } } },
          },
        }).map((p) => p.path),
      ).toEqual(['alerts.runbookUrl', 'overrides.calico.groups.ipam.interval']);
    });
  });
});

const overridden = applyTransforms(await calicoContext(readmeExample));

describe('Calico with a disabled alert, remapped severities, a runbook template, extra labels and a parameter override', () => {
  it('renders what the overrides say', () => {
    const { integration } = overridden;
    expect(alertsOf(integration).map((a) => a.id)).not.toContain('CalicoLoggingErrors');
    expect(alertsOf(integration).find((a) => a.id === 'CalicoDataplaneUpdatesFailing')!.labels).toEqual({
      team: 'platform',
      routing: 'pager',
      severity: 'page',
    });
  });
  describeRuleUnitTests([ruleSuiteOf(overridden)], () => ruleFiles(overridden));
});
