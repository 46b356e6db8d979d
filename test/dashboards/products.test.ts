import { describe, expect, it } from 'vitest';
import { grafanaUnits, productExpr, productLegend, sysdigFormats } from '../../src/outputs/dashboards/products.js';
import type { Metric, Unit, Variable } from '../../src/model/index.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { concreteQuery } from './helpers.js';
import { dashboardVariables } from '../../src/outputs/dashboards/variables.js';

/** Variables over a catalog that knows no series: each filters every selector. */
const uncataloged = (...variables: Variable[]) => dashboardVariables(variables, []);

const instance: Variable = { name: 'instance', label: 'Node', metric: 'up' };
const method: Variable = { name: 'method', label: 'Method', metric: 'up' };

describe('dashboardVariables', () => {
  it('reads each variable’s values within its scope and under the variables before it (cluster → instance)', () => {
    const cluster: Variable = { name: 'cluster', label: 'Cluster', metric: 'up', scope: { matchers: [{ op: '=', value: 'prod' }] } };
    const variables = uncataloged(cluster, instance, method);
    expect(variables.valuesSelector(cluster)).toBe('up{cluster="prod"}');
    expect(variables.valuesSelector(instance)).toBe('up{cluster=~"$cluster"}');
    expect(variables.valuesSelector(method)).toBe('up{cluster=~"$cluster", instance=~"$instance"}');
  });
});

describe('productExpr', () => {
  const rate = { expr: 'rate(x_total[5m])', rateWindow: '5m' };

  it('gives Grafana $__rate_interval for the rate window and quoted variables', () => {
    expect(productExpr('grafana', rate, uncataloged(instance))).toBe('rate(x_total{instance=~"$instance"}[$__rate_interval])');
  });

  it('gives Sysdig $__interval for the rate window and bare variables, which Sysdig fills in quoted', () => {
    expect(productExpr('sysdig', rate, uncataloged(instance))).toBe('rate(x_total{instance=~$instance}[$__interval])');
  });

  it('keeps a fixed window as written in both products: "in the last hour" stays [1h]', () => {
    for (const product of ['grafana', 'sysdig'] as const) {
      expect(productExpr(product, { expr: 'sum(increase(x_total[1h]))' }, uncataloged())).toBe('sum(increase(x_total[1h]))');
      expect(productExpr(product, { expr: 'rate(x_total[5m])' }, uncataloged())).toBe('rate(x_total[5m])');
    }
  });

  it('replaces only the windows that are the declared rate window, whatever unit they are written in', () => {
    const query = { expr: 'sum(increase(a_total[1h])) / sum(rate(b_total[300s]))', rateWindow: '5m' };
    expect(productExpr('grafana', query, uncataloged())).toBe('sum(increase(a_total[1h])) / sum(rate(b_total[$__rate_interval]))');
    expect(productExpr('sysdig', { ...query, rateWindow: '1h' }, uncataloged())).toBe(
      'sum(increase(a_total[$__interval])) / sum(rate(b_total[300s]))',
    );
  });

  it('scopes every selector by every variable, keeping matchers already on a variable label', () => {
    const query = { expr: 'sum(increase(a_total{method="GET"}[2m])) / sum(irate(b_total{job="x"}[2m]))', rateWindow: '2m' };
    expect(productExpr('grafana', query, uncataloged(instance, method))).toBe(
      'sum(increase(a_total{method="GET", instance=~"$instance"}[$__rate_interval])) / ' +
        'sum(irate(b_total{job="x", instance=~"$instance", method=~"$method"}[$__rate_interval]))',
    );
    expect(productExpr('sysdig', query, uncataloged(instance, method))).toBe(
      'sum(increase(a_total{method="GET", instance=~$instance}[$__interval])) / ' +
        'sum(irate(b_total{job="x", instance=~$instance, method=~$method}[$__interval]))',
    );
  });

  it('leaves windows that are spans of time even when they equal the rate window', () => {
    for (const product of ['grafana', 'sysdig'] as const) {
      expect(productExpr(product, { expr: 'max_over_time(x[1h])', rateWindow: '1h' }, uncataloged())).toBe('max_over_time(x[1h])');
      expect(productExpr(product, { expr: 'changes(x[30m]) > 0', rateWindow: '30m' }, uncataloged())).toBe('changes(x[30m]) > 0');
    }
  });

  it('produces queries that parse once the product fills in its variables', () => {
    const query = { expr: 'histogram_quantile(0.99, sum by (le) (rate(h_bucket{code!~"5.."}[5m])))', rateWindow: '5m' };
    for (const product of ['grafana', 'sysdig'] as const) {
      const rendered = productExpr(product, query, uncataloged(instance, method));
      expect(rendered).toContain(product === 'grafana' ? '[$__rate_interval]' : '[$__interval]');
      expect(parsePromQL(concreteQuery(product, rendered)).problems).toEqual([]);
    }
  });

  it('filters a selector by a variable only where the series carries the label: its own, or a target label of the same job', () => {
    const gauge = (name: string, job: string, labels: string[] = []): Metric => ({
      name,
      type: 'gauge',
      help: name,
      unit: 'count',
      job,
      labels: labels.map((label) => ({ name: label, cardinality: 2 })),
    });
    const catalog = [gauge('agent_hosts', 'agent'), gauge('pool_blocks', 'controller', ['node']), gauge('pool_size', 'controller')];
    const target: Variable = { name: 'instance', label: 'Instance', metric: 'agent_hosts' };
    const node: Variable = { name: 'node', label: 'Node', metric: 'agent_hosts' };
    const variables = dashboardVariables([target, node], catalog);
    const expr = 'agent_hosts + on () group_left () sum(pool_blocks) / sum(pool_size) + unknown_series';
    // instance and node are target labels of the agent's targets; the controller's one target has neither, but
    // its pool_blocks carries node; series outside the catalog get every filter.
    expect(productExpr('grafana', { expr }, variables)).toBe(
      'agent_hosts{instance=~"$instance", node=~"$node"} + on () group_left () sum(pool_blocks{node=~"$node"}) / ' +
        'sum(pool_size) + unknown_series{instance=~"$instance", node=~"$node"}',
    );
  });

  it('gives a scoped label’s fixed matchers way to its variable, so a panel never carries both', () => {
    const cluster: Variable = {
      name: 'cluster',
      label: 'Cluster',
      metric: 'up',
      scope: {
        matchers: [
          { op: '=~', value: 'prod|staging' },
          { op: '!=', value: 'staging' },
        ],
      },
    };
    const expr =
      'sum by (cluster) (rate(x_total{cluster=~"prod|staging", cluster!="staging", job="a"}[5m])) / sum by (cluster) (y{cluster="other"})';
    expect(productExpr('grafana', { expr, rateWindow: '5m' }, uncataloged(cluster, instance))).toBe(
      'sum by (cluster) (rate(x_total{cluster=~"$cluster", job="a", instance=~"$instance"}[$__rate_interval])) / ' +
        'sum by (cluster) (y{cluster="other", instance=~"$instance"})',
    );
    // Sysdig's scope lists values: with the clusters named it starts with them and the variable alone filters ...
    const listed: Variable = { ...cluster, scope: { ...cluster.scope!, values: ['prod'] } };
    expect(productExpr('sysdig', { expr: 'up{cluster=~"prod|staging", cluster!="staging"}' }, uncataloged(listed))).toBe(
      'up{cluster=~$cluster}',
    );
    // ... without, "every value" would reach past the matchers, which stay beside it.
    const unlisted: Variable = { ...cluster, scope: { matchers: [{ op: '=~', value: 'prod-.*' }] } };
    expect(productExpr('sysdig', { expr: 'up{job="a", cluster=~"prod-.*"}' }, uncataloged(unlisted))).toBe(
      'up{job="a", cluster=~"prod-.*", cluster=~$cluster}',
    );
    expect(productExpr('grafana', { expr: 'up{job="a", cluster=~"prod-.*"}' }, uncataloged(unlisted))).toBe(
      'up{job="a", cluster=~"$cluster"}',
    );
  });

  it('rejects queries that are not PromQL', () => {
    expect(() => productExpr('grafana', { expr: 'rate(x[5m]' }, uncataloged())).toThrow(/invalid PromQL/);
  });
});

describe('productLegend', () => {
  it('passes {{label}} templates through and names unnamed series automatically', () => {
    expect(productLegend('grafana', { expr: 'up', legend: '{{instance}} p99' })).toBe('{{instance}} p99');
    expect(productLegend('sysdig', { expr: 'up', legend: '{{instance}} p99' })).toBe('{{instance}} p99');
    expect(productLegend('grafana', { expr: 'up' })).toBe('__auto');
    expect(productLegend('sysdig', { expr: 'up' })).toBe('');
  });
});

describe('units', () => {
  const timeUnits: Unit[] = ['seconds', 'milliseconds', 'microseconds'];

  it('shows every time unit as time in both products, each from its own input unit', () => {
    expect(timeUnits.map((u) => grafanaUnits[u])).toEqual(['s', 'ms', 'µs']);
    expect(timeUnits.map((u) => sysdigFormats[u])).toEqual([
      { unit: 'relativeTime', inputFormat: 's' },
      { unit: 'relativeTime', inputFormat: 'ms' },
      { unit: 'relativeTime', inputFormat: 'us' },
    ]);
  });

  it('keeps percentages and ratios apart', () => {
    expect([grafanaUnits.percent, grafanaUnits.ratio]).toEqual(['percent', 'percentunit']);
    expect([sysdigFormats.percent.inputFormat, sysdigFormats.ratio.inputFormat]).toEqual(['0-100', '0-1']);
  });
});
