import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Alert, Integration } from '../../src/model/index.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { renderPrometheusRules } from '../../src/outputs/prometheus-rules/render.js';
import type { RenderContext } from '../../src/core/types.js';
import { ruleGroups, type PrometheusAlertingRule } from '../../src/outputs/prometheus-rules/groups.js';
import { checkRules, promtoolSkipReason } from '../../src/support/promtool.js';
import { calicoDefaults, defineCalico } from '../helpers/calico.js';

const contextOf = (integration: Integration): RenderContext => ({
  integration,
  params: [],
  sourceModule: 'src/integrations/calico/index.ts',
  config: {},
});

const calicoAlerts = (integration: Integration): Alert[] => Object.values(integration.alerts).flatMap((group) => group ?? []);

// The alert list of the seed page, titles verbatim.
const seedTitles = [
  '[Calico-Node] Dataplane Updates Are Failing and Retrying',
  '[Calico-Node] IP Set Command Failures',
  '[Calico-Node] IP Tables Restore Failures',
  '[Calico-Node] IP Tables Save Failures',
  '[Calico-Node] Errors While Logging',
  '[Calico-Node] Latency Increase in Datastore OnUpdate Call',
  '[Calico-Node] Latency Increase in Dataplane Update',
  '[Calico-Node] Latency Increase in Acquire Iptables Lock',
  '[Calico-Node] Latency Increase While Listing All the Interfaces during a Resync',
  '[Calico-Node] Latency Increase in Interface Resync',
  '[Calico-Node] Fork/Exec Child Processes Results in High Latency',
];

// The IPAM alerts on calico-kube-controllers, which the seed did not have.
const ipamTitles = [
  '[Calico-Kube-Controllers] IP Pool Running Out of Addresses',
  '[Calico-Kube-Controllers] IP Pool Nearly Exhausted',
  '[Calico-Kube-Controllers] IP Allocations Not Garbage Collected',
];

// Which metric each felix alert watches, with the seed's mislabelled latency comments corrected.
const metricByTitle: Record<string, string> = {
  '[Calico-Node] Dataplane Updates Are Failing and Retrying': 'felix_int_dataplane_failures',
  '[Calico-Node] IP Set Command Failures': 'felix_ipset_errors',
  '[Calico-Node] IP Tables Restore Failures': 'felix_iptables_restore_errors',
  '[Calico-Node] IP Tables Save Failures': 'felix_iptables_save_errors',
  '[Calico-Node] Errors While Logging': 'felix_log_errors',
  '[Calico-Node] Latency Increase in Datastore OnUpdate Call': 'felix_calc_graph_update_time_seconds',
  '[Calico-Node] Latency Increase in Dataplane Update': 'felix_int_dataplane_apply_time_seconds',
  '[Calico-Node] Latency Increase in Acquire Iptables Lock': 'felix_iptables_lock_acquire_secs',
  '[Calico-Node] Latency Increase While Listing All the Interfaces during a Resync': 'felix_route_table_list_seconds',
  '[Calico-Node] Latency Increase in Interface Resync': 'felix_route_table_per_iface_sync_seconds',
  '[Calico-Node] Fork/Exec Child Processes Results in High Latency': 'felix_exec_time_micros',
};

describe('Calico alerts', () => {
  const integration = defineCalico();
  const alerts = calicoAlerts(integration);

  const felixAlerts = alerts.filter((alert) => alert.title.startsWith('[Calico-Node]'));
  const byId = new Map(alerts.map((alert) => [alert.id, alert]));

  it('are the 11 alerts of the seed page, grouped by golden signal, then the IPAM alerts', () => {
    expect(alerts.map((alert) => alert.title)).toEqual([...seedTitles, ...ipamTitles]);
    expect(Object.keys(integration.alerts)).toEqual(['felix-errors', 'felix-latency', 'ipam']);
  });

  it('have unique ids, titles, summaries and descriptions', () => {
    for (const field of ['id', 'title', 'summary', 'description'] as const) {
      expect(new Set(alerts.map((alert) => alert[field])).size, field).toBe(alerts.length);
    }
  });

  it('watch the metric each title names, with valid PromQL on catalog metrics and no Grafana variables', () => {
    const catalog = new Set(integration.metrics.map((metric) => metric.name));
    for (const alert of felixAlerts) {
      const parsed = parsePromQL(alert.expr);
      expect(parsed.problems, alert.id).toEqual([]);
      expect(parsed.hasComparison, alert.id).toBe(true);
      expect(
        parsed.selectors.map((selector) => selector.metric),
        alert.id,
      ).toEqual([metricByTitle[alert.title]]);
      expect(catalog.has(metricByTitle[alert.title] ?? ''), alert.id).toBe(true);
      expect(alert.expr, alert.id).not.toContain('$__');
    }
  });

  it('watch IP pools: allocations in use over the pool size per pool, GC candidates per pool and node', () => {
    const utilization = 'sum by (ippool) (ipam_allocations_in_use) / sum by (ippool) (ipam_ippool_size)';
    expect(byId.get('CalicoIPPoolUtilizationHigh')?.expr).toBe(`${utilization} > ${calicoDefaults.ipPoolUtilizationWarning}`);
    expect(byId.get('CalicoIPPoolNearlyExhausted')?.expr).toBe(`${utilization} > ${calicoDefaults.ipPoolUtilizationCritical}`);
    expect(byId.get('CalicoIPAMAllocationsLeaking')?.expr).toBe('sum by (ippool, node) (ipam_allocations_gc_candidates) > 0');
    expect(
      ['CalicoIPPoolUtilizationHigh', 'CalicoIPPoolNearlyExhausted', 'CalicoIPAMAllocationsLeaking'].map((id) => byId.get(id)?.severity),
    ).toEqual(['warning', 'critical', 'warning']);
  });

  it('refuses a warning utilization at or above the critical one', () => {
    expect(() => defineCalico({ ipPoolUtilizationWarning: 0.9, ipPoolUtilizationCritical: 0.9 })).toThrow(
      'ipPoolUtilizationWarning (0.9) must be below ipPoolUtilizationCritical (0.9)',
    );
  });

  it('compare the p99 of latency summaries, in seconds, with an absolute threshold', () => {
    for (const alert of integration.alerts['felix-latency'] ?? []) {
      const [selector] = parsePromQL(alert.expr).selectors;
      expect(selector?.matchers, alert.id).toEqual([expect.objectContaining({ label: 'quantile', op: '=', value: '0.99' })]);
    }
    const forkExec = alerts.find((alert) => alert.id === 'CalicoForkExecLatencyHigh');
    expect(forkExec?.expr).toBe(`felix_exec_time_micros{quantile="0.99"} / 1000000 > ${calicoDefaults.forkExecP99Seconds}`);
  });

  it('take every threshold and window from the parameters', () => {
    const overridden = defineCalico({
      errorWindow: '7m',
      errorFor: '13m',
      latencyFor: '17m',
      calcGraphUpdateP99Seconds: 0.011,
      dataplaneApplyP99Seconds: 0.022,
      iptablesLockAcquireP99Seconds: 0.033,
      routeTableListP99Seconds: 0.044,
      routeTableIfaceSyncP99Seconds: 0.055,
      forkExecP99Seconds: 0.066,
      ipPoolUtilizationWarning: 0.7,
      ipPoolUtilizationCritical: 0.85,
      ipPoolUtilizationFor: '19m',
      ipamLeakFor: '2h',
    });
    const overriddenById = new Map(calicoAlerts(overridden).map((alert) => [alert.id, alert]));
    for (const alert of overridden.alerts['felix-errors'] ?? []) {
      expect(alert.expr).toMatch(/\[7m\]\) > 0$/);
      expect(alert.for).toBe('13m');
      expect(alert.description).toContain('in the last 7m');
    }
    // Threshold as written in the expression, and as the description shows it.
    const thresholds: Record<string, [string, string]> = {
      CalicoDatastoreOnUpdateLatencyHigh: ['0.011', '11ms'],
      CalicoDataplaneUpdateLatencyHigh: ['0.022', '22ms'],
      CalicoIptablesLockAcquireLatencyHigh: ['0.033', '33ms'],
      CalicoInterfaceListLatencyHigh: ['0.044', '44ms'],
      CalicoInterfaceResyncLatencyHigh: ['0.055', '55ms'],
      CalicoForkExecLatencyHigh: ['0.066', '66ms'],
    };
    for (const [id, [threshold, shown]] of Object.entries(thresholds)) {
      expect(overriddenById.get(id)?.expr.endsWith(`> ${threshold}`), id).toBe(true);
      expect(overriddenById.get(id)?.for, id).toBe('17m');
      expect(overriddenById.get(id)?.description, id).toContain(`above the ${shown} threshold`);
    }
    const pools: Record<string, [string, string]> = {
      CalicoIPPoolUtilizationHigh: ['0.7', '70%'],
      CalicoIPPoolNearlyExhausted: ['0.85', '85%'],
    };
    for (const [id, [share, shown]] of Object.entries(pools)) {
      expect(overriddenById.get(id)?.expr.endsWith(`> ${share}`), id).toBe(true);
      expect(overriddenById.get(id)?.for, id).toBe('19m');
      expect(overriddenById.get(id)?.description, id).toContain(`above the ${shown} threshold`);
    }
    expect(overriddenById.get('CalicoIPAMAllocationsLeaking')?.for).toBe('2h');
    expect(overriddenById.get('CalicoIPAMAllocationsLeaking')?.description).toContain('for more than 2h');
  });

  it('describe what each alert is about, fixing the slips of the seed page', () => {
    expect(byId.get('CalicoIptablesSaveFailures')?.description).toContain('iptables-save');
    expect(byId.get('CalicoIptablesSaveFailures')?.description).not.toContain('restore');
    expect(byId.get('CalicoIptablesLockAcquireLatencyHigh')?.description).toContain('iptables lock');
    for (const alert of felixAlerts) {
      expect(alert.summary, alert.id).toContain('{{ $labels.instance }}');
      expect(alert.description, alert.id).toContain('{{ $labels.instance }}');
      expect(alert.description, alert.id).toMatch(/\{\{ \$value \| humanize(Duration)? \}\}/);
    }
    // The IPAM alerts are about a pool (and a node), not a scrape target: kube-controllers reports the cluster.
    for (const id of ['CalicoIPPoolUtilizationHigh', 'CalicoIPPoolNearlyExhausted']) {
      expect(byId.get(id)?.summary, id).toContain('IP pool {{ $labels.ippool }}');
      expect(byId.get(id)?.description, id).toContain('{{ $value | humanizePercentage }} of the addresses of IP pool {{ $labels.ippool }}');
    }
    expect(byId.get('CalicoIPAMAllocationsLeaking')?.description).toContain(
      '{{ $value | humanize }} allocations of IP pool {{ $labels.ippool }} on node {{ $labels.node }}',
    );
  });
});

describe('ruleGroups', () => {
  const base = defineCalico();
  const alert = (id: string, extra: Partial<Alert> = {}): Alert => ({
    id,
    title: `Title of ${id}`,
    expr: 'up == 0',
    for: '5m',
    severity: 'warning',
    summary: 'summary',
    description: 'description',
    ...extra,
  });
  const integration: Integration = {
    ...base,
    id: 'demo',
    alerts: {
      availability: [
        alert('TargetDown', { runbook: 'https://example.com/runbooks/target-down', labels: { team: 'net', severity: 'info' } }),
      ],
    },
    recordingRules: {
      rates: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }],
      availability: [{ record: 'instance:up:max', expr: 'max by (instance) (up)', labels: { source: 'demo', unset: undefined } }],
    },
  };

  it('names groups <integration>.<group>, puts recording rules before alerts, and keeps recording-only groups', () => {
    expect(ruleGroups(integration)).toEqual([
      {
        name: 'demo.availability',
        rules: [
          { record: 'instance:up:max', expr: 'max by (instance) (up)', labels: { source: 'demo' } },
          {
            alert: 'TargetDown',
            expr: 'up == 0',
            for: '5m',
            // A severity label replaces the severity field's value: how a remapped severity reaches the rule.
            labels: { severity: 'info', team: 'net' },
            annotations: {
              title: 'Title of TargetDown',
              summary: 'summary',
              description: 'description',
              runbook_url: 'https://example.com/runbooks/target-down',
            },
          },
        ],
      },
      { name: 'demo.rates', rules: [{ record: 'job:up:sum', expr: 'sum by (job) (up)' }] },
    ]);
  });

  it('gives Calico one group per golden signal, annotations without a runbook', () => {
    const groups = ruleGroups(base);
    expect(groups.map((group) => group.name)).toEqual(['calico.felix-errors', 'calico.felix-latency', 'calico.ipam']);
    const rule = groups[0]?.rules[0] as PrometheusAlertingRule;
    expect(Object.keys(rule.annotations)).toEqual(['title', 'summary', 'description']);
    expect(rule.labels).toEqual({ severity: 'critical' });
  });
});

describe('renderPrometheusRules', () => {
  const integration = defineCalico();
  const [file, ...others] = renderPrometheusRules(contextOf(integration));

  it('renders <id>/prometheus/rules.yaml, deterministically, with the do-not-edit header', () => {
    expect(others).toEqual([]);
    expect(file?.path).toBe('calico/prometheus/rules.yaml');
    expect(file?.content).toMatch(/^# Generated by intgen from src\/integrations\/calico\/index\.ts\. DO NOT EDIT/);
    expect(file?.content.endsWith('\n')).toBe(true);
    expect(renderPrometheusRules(contextOf(defineCalico()))).toEqual([file]);
  });

  it('keeps PromQL, Go templates and multi-line descriptions byte-exact', () => {
    const rendered = parse(file?.content ?? '') as { groups: { rules: PrometheusAlertingRule[] }[] };
    const rules = rendered.groups.flatMap((group) => group.rules);
    expect(rules).toHaveLength(14);
    for (const [index, alert] of calicoAlerts(integration).entries()) {
      expect(rules[index]).toEqual({
        alert: alert.id,
        expr: alert.expr,
        for: alert.for,
        labels: { severity: alert.severity },
        annotations: { title: alert.title, summary: alert.summary, description: alert.description },
      });
      expect(alert.description, alert.id).toContain('\n');
    }
    expect(file?.content).toContain('summary: Dataplane updates keep failing on {{ $labels.instance }}\n');
    expect(file?.content).toContain('{{ $value | humanizeDuration }}');
  });

  it('renders nothing for an integration without rules', () => {
    expect(renderPrometheusRules(contextOf({ ...integration, alerts: {} }))).toEqual([]);
  });

  describe('with promtool', () => {
    const dirs: string[] = [];
    afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

    it('passes promtool check rules with Calico’s rules', async (ctx) => {
      const skipReason = await promtoolSkipReason();
      ctx.skip(skipReason !== undefined, skipReason);
      const dir = await mkdtemp(join(tmpdir(), 'intgen-rules-'));
      dirs.push(dir);
      const path = join(dir, 'rules.yaml');
      await writeFile(path, file?.content ?? '');
      const result = await checkRules([path]);
      expect(result.stderr).toBe('');
      expect(result.ok).toBe(true);
      expect(result.stdout).toContain('SUCCESS: 14 rules found');
    });
  });
});
