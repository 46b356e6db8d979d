// A product query → the model's Query: windows, variables in matchers and elsewhere, and the ids panels get.
import { describe, expect, it } from 'vitest';
import { idFrom, UniqueIds } from '../../../src/import/dashboards/common.js';
import { importQuery, type VariableScope } from '../../../src/import/dashboards/queries.js';

const grafana: VariableScope = {
  dialect: 'grafana',
  labelVariables: new Map([
    ['instance', 'instance'],
    ['host', 'node'],
  ]),
  valueVariables: new Map([['top', '10']]),
  droppedVariables: new Set(['port']),
};
const plain: VariableScope = { ...grafana, labelVariables: new Map() };
const sysdig: VariableScope = { ...grafana, dialect: 'sysdig', labelVariables: new Map([['cluster', 'kube_cluster_name']]) };

describe('importQuery', () => {
  it('picks a rate window no fixed rate window of the query has, so the fixed one stays fixed', () => {
    const imported = importQuery('rate(a[$__rate_interval]) / rate(b[5m])', undefined, plain);
    expect(imported).toMatchObject({ ok: true, query: { expr: 'rate(a[10m]) / rate(b[5m])', rateWindow: '10m' }, approximations: [] });
  });

  it('fixes a window variable that is no rate window, and says so', () => {
    const imported = importQuery('max_over_time(a[$__rate_interval])', undefined, plain);
    expect(imported).toMatchObject({ ok: true, query: { expr: 'max_over_time(a[5m])' } });
    expect(imported.ok && 'rateWindow' in imported.query).toBe(false);
    expect(imported.ok && imported.approximations).toEqual([
      "the window $__rate_interval of max_over_time is fixed at 5m: the model's rate window is that of rate, irate and increase",
    ]);
  });

  it('fixes a subquery’s window variable too', () => {
    const imported = importQuery('max_over_time(rate(a[$__rate_interval])[$__rate_interval:])', undefined, plain);
    expect(imported).toMatchObject({ ok: true, query: { expr: 'max_over_time(rate(a[5m])[5m:])', rateWindow: '5m' } });
    expect(imported.ok && imported.approximations).toEqual([
      "the window $__rate_interval of a subquery is fixed at 5m: the model's rate window is that of rate, irate and increase",
    ]);
  });

  it('takes out a variable’s own matcher, and reports one on another label or with more text', () => {
    const imported = importQuery(
      'up{instance=~"$instance", node=~"$host", pod=~"$instance.*", job="api:$port"}',
      '{{pod}} on $host',
      grafana,
    );
    expect(imported).toMatchObject({ ok: true, query: { expr: 'up', legend: '{{pod}} on $node' } });
    expect(imported.ok && imported.approximations).toEqual([
      'the matcher pod=~"$instance.*" is left out: the model filters a label by the label\'s own variable only',
      'the matcher job="api:$port" is left out: the model filters a label by the label\'s own variable only',
    ]);
  });

  it('reports the selectors the model will filter by a variable they did not filter by', () => {
    const imported = importQuery('up{instance=~"$instance"} / count(up)', undefined, grafana);
    expect(imported.ok && imported.approximations).toEqual([
      'every selector is filtered by $instance, $node now: the model filters by every dashboard variable',
    ]);
  });

  it('writes a value variable in wherever it stands, and fails on one it does not know', () => {
    expect(importQuery('topk($top, up)', undefined, grafana)).toMatchObject({
      ok: true,
      query: { expr: 'topk(10, up)' },
      substituted: ['top'],
    });
    expect(importQuery('up * $scale', undefined, grafana)).toEqual({ ok: false, reason: 'uses $scale, no variable of the dashboard' });
    expect(importQuery('up * $__interval_ms', undefined, grafana)).toEqual({
      ok: false,
      reason: 'uses $__interval_ms, a Grafana built-in variable the model has no equivalent for',
    });
    expect(importQuery('label_replace(up, "x", "$instance", "a", "b")', undefined, grafana)).toMatchObject({ ok: true });
    expect(importQuery('up * $instance', undefined, grafana)).toEqual({
      ok: false,
      reason: 'uses the variable $instance outside a label matcher, which the model cannot express',
    });
  });

  it('reads Sysdig’s bare variables in matchers and its native $__interval', () => {
    const imported = importQuery('sum(rate(x{kube_cluster_name=~$cluster}[$__interval]))', undefined, sysdig);
    expect(imported).toMatchObject({ ok: true, query: { expr: 'sum(rate(x[5m]))', rateWindow: '5m' }, approximations: [] });
  });

  it('says where a query does not parse', () => {
    expect(importQuery('sum(rate(x[5m])', undefined, grafana)).toEqual({
      ok: false,
      reason: 'does not parse as PromQL at column 16: unexpected end of expression',
    });
    expect(importQuery('sum by (a)\n  (rate(x{a=}[5m]))', undefined, grafana)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^does not parse as PromQL at line 2 column /),
    });
  });
});

describe('ids', () => {
  it('are lowercase, start with a letter, fit 40 characters and end in a letter or digit', () => {
    expect(idFrom('99%ile calculation update time (top $top_n)', 'panel')).toBe('p-99-ile-calculation-update-time-top-top');
    expect(idFrom('Ünïcödé — Temps', 'panel')).toBe('unicode-temps');
    expect(idFrom('🔥', 'panel')).toBe('panel');
  });

  it('are unique in a dashboard, the same titles giving the same ids every time', () => {
    const take = () => {
      const ids = new UniqueIds();
      return ['Errors', 'errors', 'Errors!', 'x'.repeat(50), 'x'.repeat(45)].map((title) => ids.take(title, 'panel'));
    };
    expect(take()).toEqual(['errors', 'errors-2', 'errors-3', 'x'.repeat(40), `${'x'.repeat(38)}-2`]);
    expect(take()).toEqual(take());
  });
});
