import { describe, expect, it } from 'vitest';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { queriesOf } from '../../src/model/index.js';
import { defineCalico } from '../helpers/calico.js';
import { allPanels, calicoIntegration } from './helpers.js';

const integration = calicoIntegration();
const [dashboard] = integration.dashboards;
if (!dashboard || integration.dashboards.length !== 1) throw new Error('Calico has exactly one dashboard');
const panels = allPanels(dashboard);
const dataPanels = panels.filter((panel) => panel.type !== 'text');
const queries = dataPanels.flatMap((panel) => panel.queries.map((query) => ({ panel, query })));
const catalog = new Map(integration.metrics.map((m) => [m.name, m]));

function metricsOf(expr: string): string[] {
  return [...new Set(parsePromQL(expr).selectors.map((s) => s.metric ?? ''))];
}

describe('the Calico dashboard model', () => {
  it('holds plain PromQL with concrete windows, free of any product variable', () => {
    for (const { panel, query } of queries) {
      expect(parsePromQL(query.expr).problems, `${panel.id}: ${query.expr}`).toEqual([]);
      expect(query.expr, panel.id).not.toContain('$');
    }
  });

  it('shows every catalog metric but those excluded from metric/unused with a reason, and only catalog metrics', () => {
    const shown = new Set(queries.flatMap(({ query }) => metricsOf(query.expr)));
    const unused = (integration.lintExclusions ?? []).filter((e) => e.rule === 'metric/unused').map((e) => e.item);
    expect(unused).toEqual(['ipam_blocks_per_node', 'ipam_allocations_per_node', 'ipam_allocations_borrowed_per_node']);
    expect([...catalog.keys()].filter((name) => !shown.has(name))).toEqual(unused);
    expect([...shown].filter((name) => !catalog.has(name))).toEqual([]);
  });

  it('has a row per golden signal', () => {
    expect(dashboard.rows.flatMap((row) => (row.signal ? [row.signal] : []))).toEqual(['errors', 'latency', 'saturation', 'traffic']);
    for (const row of dashboard.rows) expect(row.description, row.title).toBeTruthy();
    for (const panel of panels) expect(panel.description, panel.id).toBeTruthy();
  });

  it('puts each summary under its own title (not the seed’s swapped comments), every quantile, in the metric’s unit', () => {
    // Seed slip: "acquire iptables lock" sat over apply_time and "list all the interfaces" over lock_acquire_secs.
    const expected: Record<string, string> = {
      'calc-graph-update-time': 'felix_calc_graph_update_time_seconds',
      'dataplane-apply-time': 'felix_int_dataplane_apply_time_seconds',
      'iptables-lock-acquire-time': 'felix_iptables_lock_acquire_secs',
      'route-table-list-time': 'felix_route_table_list_seconds',
      'route-table-iface-sync-time': 'felix_route_table_per_iface_sync_seconds',
      'exec-time': 'felix_exec_time_micros',
      'dataplane-msg-batch-size': 'felix_int_dataplane_msg_batch_size',
      'dataplane-iface-msg-batch-size': 'felix_int_dataplane_iface_msg_batch_size',
      'dataplane-addr-msg-batch-size': 'felix_int_dataplane_addr_msg_batch_size',
    };
    for (const [panelId, metricName] of Object.entries(expected)) {
      const panel = dataPanels.find((p) => p.id === panelId);
      const metric = catalog.get(metricName);
      expect(panel, panelId).toBeDefined();
      expect(new Set((panel?.queries ?? []).flatMap((q) => metricsOf(q.expr))), panelId).toEqual(new Set([metricName]));
      expect(panel?.unit, panelId).toBe(metric?.unit);
      const quantiles = (panel?.queries ?? []).map(
        (q) => parsePromQL(q.expr).selectors[0]?.matchers.find((m) => m.label === 'quantile')?.value,
      );
      expect(quantiles, panelId).toEqual(metric?.quantiles?.map(String));
      expect((panel?.queries ?? []).map((q) => q.legend)).toEqual(['{{instance}} p50', '{{instance}} p90', '{{instance}} p99']);
    }
    expect(dataPanels.find((p) => p.id === 'exec-time')?.unit).toBe('microseconds');
  });

  it('rates counters over a concrete window and shows them per second', () => {
    for (const { panel, query } of queries) {
      for (const selector of parsePromQL(query.expr).selectors) {
        if (catalog.get(selector.metric ?? '')?.type !== 'counter') continue;
        expect(selector.func, query.expr).toBe('rate');
        expect(selector.range?.text, query.expr).toMatch(/^\d+[smh]$/);
        expect(panel.unit, panel.id).toBe('per-second');
      }
    }
  });

  it('takes the maximum of the cluster-wide gauges, which every felix reports alike', () => {
    const overview = dashboard.rows[0];
    expect(overview?.panels.map((p) => [p.type, queriesOf(p).map((q) => q.expr)])).toEqual([
      ['stat', ['max(felix_cluster_num_hosts)']],
      ['stat', ['max(felix_cluster_num_policies)']],
      ['stat', ['max(felix_cluster_num_profiles)']],
    ]);
  });

  it('filters by node through the scrape target label, populated from a felix metric', () => {
    expect(dashboard.variables.map((v) => v.name)).toEqual(['instance']);
    for (const variable of dashboard.variables) expect(catalog.get(variable.metric)?.job).toBe('calico-node-default');
  });

  it('shows IPAM per pool and node, with the utilization alerts’ thresholds on the pool utilization', () => {
    const ipam = dashboard.rows.at(-1);
    expect(ipam?.title).toBe('IP address management (kube-controllers)');
    expect(ipam?.panels.map((panel) => (panel.type === 'text' ? [] : panel.queries.map((query) => query.expr)))).toEqual([
      ['sum by (ippool) (ipam_allocations_in_use) / sum by (ippool) (ipam_ippool_size)'],
      ['sum by (ippool) (ipam_allocations_in_use)'],
      ['sum by (node, ippool) (ipam_blocks)'],
      ['sum by (node, ippool) (ipam_allocations_borrowed)'],
      ['sum by (node, ippool) (ipam_allocations_gc_candidates)'],
      ['sum by (node, ippool) (rate(ipam_allocations_gc_reclamations[5m]))'],
    ]);
    const utilization = (integration: ReturnType<typeof defineCalico>) =>
      allPanels(integration.dashboards[0]!).find((panel) => panel.id === 'ippool-utilization');
    expect(utilization(defineCalico({ ipPoolUtilizationWarning: 0.6, ipPoolUtilizationCritical: 0.75 }))).toMatchObject({
      unit: 'ratio',
      thresholds: [
        { value: 0.6, severity: 'warning' },
        { value: 0.75, severity: 'critical' },
      ],
    });
  });
});
