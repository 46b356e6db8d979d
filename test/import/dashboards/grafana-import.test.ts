// The Grafana dashboard importer on fixtures written for its edge cases: an export with __inputs and variables,
// the rows of dashboards older than schemaVersion 16, collapsed rows, and input it must refuse.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DashboardImportError, importGrafanaDashboard } from '../../../src/import/dashboards/index.js';
import type { ImportReportLine } from '../../../src/import/report.js';
import type { DataPanel, Panel } from '../../../src/model/index.js';
import { dashboardSchemaProblems } from './round-trip.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/import/dashboards/${name}`, import.meta.url));
const importFixture = (name: string) => importGrafanaDashboard(readFileSync(fixture(name), 'utf8'), name);
const panelsOf = (imported: ReturnType<typeof importFixture>) => imported.dashboard.rows.flatMap((row) => row.panels);
const panel = (imported: ReturnType<typeof importFixture>, id: string): Panel => {
  const found = panelsOf(imported).find((p) => p.id === id);
  if (!found)
    throw new Error(
      `no panel ${id} among ${panelsOf(imported)
        .map((p) => p.id)
        .join(', ')}`,
    );
  return found;
};
const linesAt = (report: readonly ImportReportLine[], where: string) => report.filter((line) => line.where.startsWith(where));
const outcomes = (report: readonly ImportReportLine[], where: string) =>
  linesAt(report, where).map((line) => `${line.outcome}: ${line.message}`);

describe('importGrafanaDashboard: an export with __inputs', () => {
  const imported = importFixture('grafana-export-inputs.json');

  it('builds a dashboard the model schema accepts', () => {
    expect(dashboardSchemaProblems(imported.dashboard)).toEqual([]);
    expect(dashboardSchemaProblems({ ...imported.dashboard, id: 'Node Overview' })).toHaveLength(1);
    expect(imported.dashboard).toMatchObject({ id: 'node-overview', title: 'Node overview', tags: ['node-exporter', 'linux'] });
    expect(imported.dashboard.rows.map((row) => row.title)).toEqual(['CPU', 'Network']);
  });

  it('resolves ${DS_…} placeholders through __inputs: Prometheus panels come in, Loki ones are reported', () => {
    expect(panelsOf(imported).map((p) => p.id)).toEqual(['cpu-busy', 'load', 'received', 'drops-on-instance']);
    expect(outcomes(imported.report, 'panel "Kernel errors"')).toEqual([
      'not-imported: reads the loki data source, not Prometheus',
      'not-imported: it has no query the model can show (the lines about its queries say why)',
    ]);
    expect(outcomes(imported.report, 'panel "Kernel log"')).toEqual([
      'not-imported: a logs panel, a type the model has no equal for (it has timeseries, stat, table and text)',
    ]);
  });

  it('keeps label_values variables as label variables and takes their matchers out of the queries', () => {
    expect(imported.dashboard.variables).toEqual([
      { name: 'instance', label: 'Instance', metric: 'node_uname_info' },
      { name: 'job', label: 'job', metric: 'node_uname_info' },
    ]);
    const cpu = panel(imported, 'cpu-busy') as DataPanel;
    expect(cpu.queries).toEqual([
      { expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', rateWindow: '5m', legend: '{{instance}}' },
    ]);
    expect(cpu).toMatchObject({
      unit: 'ratio',
      width: 12,
      height: 8,
      thresholds: [
        { value: 0.8, severity: 'warning' },
        { value: 0.95, severity: 'critical' },
      ],
    });
    expect(outcomes(imported.report, 'panel "CPU busy"')).toEqual(['imported: timeseries panel "cpu-busy" with 1 query']);
    expect(outcomes(imported.report, 'variable "job"')[0]).toMatch(
      /^approximated: .*matchers are not kept.*regex \/node\.\*\/ is not applied/,
    );
    expect(outcomes(imported.report, 'variable "filters"')).toEqual([
      'not-imported: an adhoc variable without a single current value, which the model has no place for',
    ]);
  });

  it('writes an interval variable’s current value in, and reports it once for the dashboard', () => {
    expect((panel(imported, 'load') as DataPanel).queries).toEqual([
      { expr: 'node_load1', legend: '1m' },
      { expr: 'avg_over_time(node_load1[10m])', legend: 'mean over 10m' },
    ]);
    expect(outcomes(imported.report, 'variable "window"')).toEqual([
      'approximated: an interval variable, which the model has no place for: its current value "10m" is written in its 2 places',
    ]);
    expect(outcomes(imported.report, 'panel "Load" (id 3) query B')).toEqual([
      'not-imported: hidden in Grafana (a query other queries or expressions use): the model shows every query',
    ]);
  });

  it('makes $__interval and $__range rate windows and says they now render as $__rate_interval', () => {
    expect((panel(imported, 'received') as DataPanel).queries[0]).toEqual({
      expr: 'rate(node_network_receive_bytes_total[5m])',
      rateWindow: '5m',
      legend: '{{device}}',
    });
    expect(outcomes(imported.report, 'panel "Received" (id 5)')).toEqual([
      'approximated: transformation organize left out: the model has no transformations; the panel shows its queries as they are',
      'approximated: unit binBps has no model unit: the values show as plain numbers',
      'imported: timeseries panel "received" with 1 query',
      'approximated: query: the window $__interval becomes the rate window 5m, which renders as $__rate_interval',
    ]);
    expect((panel(imported, 'drops-on-instance') as DataPanel).queries[0]?.expr).toBe('increase(node_network_receive_drop_total[5m])');
    expect(outcomes(imported.report, 'panel "Drops on $instance"')).toContain(
      'approximated: repeated per value of $instance in Grafana; imported once',
    );
  });

  it('lists the metrics its queries read', () => {
    expect(imported.queriedMetrics).toEqual([
      'node_cpu_seconds_total',
      'node_load1',
      'node_network_receive_bytes_total',
      'node_network_receive_drop_total',
    ]);
  });
});

describe('importGrafanaDashboard: rows before schemaVersion 16', () => {
  const imported = importFixture('grafana-old-rows.json');

  it('reads rows, spans and pixel heights into rows, widths and grid heights', () => {
    expect(imported.dashboard.rows.map((row) => [row.title, row.panels.map((p) => [p.id, p.type, p.width, p.height])])).toEqual([
      [
        'Overview',
        [
          ['targets-up', 'stat', 6, 7],
          ['memory-available', 'timeseries', 18, 7],
        ],
      ],
      ['Details', [['text-3', 'text', 24, 8]]],
    ]);
    expect(panel(imported, 'text-3')).toMatchObject({ title: 'Text 3', content: '# Notes\nRead me.' });
    expect(outcomes(imported.report, 'row "Details"')).toEqual(['approximated: collapsed in Grafana; the model’s rows are always open']);
  });

  it('reads a singlestat’s threshold string and a graph’s thresholds and y-axis unit', () => {
    expect(panel(imported, 'targets-up')).toMatchObject({
      unit: 'count',
      thresholds: [
        { value: 1, severity: 'warning' },
        { value: 2, severity: 'ok' },
      ],
    });
    expect(panel(imported, 'memory-available')).toMatchObject({ unit: 'bytes', thresholds: [{ value: 1e9, severity: 'critical' }] });
    expect(outcomes(imported.report, 'panel "Targets up" (id 1)')).toEqual([
      'approximated: a singlestat panel (the stat panel before Grafana 7) becomes a stat panel',
      'approximated: shows the last value, not the avg',
      'approximated: thresholds: #d44a3a (the base) shows as green; rgba(237, 129, 40, 0.89) at 1 shows as orange; #299c46 at 2 shows as green',
      'imported: stat panel "targets-up" with 1 query',
      'approximated: reads the data source named "Prometheus", taken to be Prometheus',
    ]);
    expect(outcomes(imported.report, 'panel "Memory available"')).toContain(
      'approximated: thresholds: a "below" threshold is read as "from this value up"',
    );
  });
});

describe('importGrafanaDashboard: collapsed rows and what the model has not', () => {
  const imported = importFixture('grafana-collapsed-rows.json');

  it('puts panels above the first row into a row titled after the dashboard and opens collapsed rows', () => {
    expect(imported.dashboard.rows.map((row) => [row.title, row.panels.map((p) => p.id)])).toEqual([
      ['Service health', ['requests-and-errors-requests', 'requests-and-errors-errors']],
      ['Details', ['slowest-handlers', 'broken-and-unknown', 'mixed-sources']],
      ['Notes', ['about']],
    ]);
  });

  it('splits a stat panel of two queries, one number each, and reports percentage thresholds left out', () => {
    expect(panel(imported, 'requests-and-errors-errors')).toMatchObject({
      type: 'stat',
      title: 'Requests and errors (errors)',
      unit: 'per-second',
      queries: [{ expr: 'sum(rate(http_requests_total{code=~"5.."}[5m]))', legend: 'errors' }],
    });
    expect(outcomes(imported.report, 'panel "Requests and errors"')).toEqual([
      'approximated: unit reqps becomes per-second (Grafana ops)',
      'not-imported: thresholds green, red at 90 are percentages of the range, which the model has not',
      'approximated: a stat panel of 2 queries becomes 2 stat panels, one per query',
      'imported: stat panel "requests-and-errors-requests" with 1 query',
      'imported: stat panel "requests-and-errors-errors" with 1 query',
    ]);
  });

  it('reports a query that does not parse, one that uses an unknown variable, and a non-Prometheus target', () => {
    expect((panel(imported, 'broken-and-unknown') as DataPanel).queries).toEqual([
      { expr: 'sum(rate(http_requests_total[5m]))', rateWindow: '5m', legend: 'all' },
    ]);
    expect(outcomes(imported.report, 'panel "Broken and unknown" (id 5) query A')).toEqual([
      'not-imported: the query "sum(rate(http_requests_total[5m])" does not parse as PromQL at column 34: unexpected end of expression',
    ]);
    expect(outcomes(imported.report, 'panel "Broken and unknown" (id 5) query B')).toEqual([
      'not-imported: the query "sum(rate(http_requests_total{pod=~\\"$pod\\"}[5m]))" uses $pod, no variable of the dashboard',
    ]);
    expect(outcomes(imported.report, 'panel "Mixed sources" (id 6)')).toEqual([
      'approximated: drawn as lines, not bars',
      'approximated: its series are not stacked (normal in Grafana)',
      'imported: timeseries panel "mixed-sources" with 1 query',
      'not-imported: reads the grafana-testdata-datasource data source, not Prometheus',
    ]);
    expect(outcomes(imported.report, 'panel "Mixed sources" (id 6) query B')).toEqual([
      'not-imported: reads the grafana-testdata-datasource data source, not Prometheus',
    ]);
  });

  it('names the panel type, override, colour and text mode it cannot keep', () => {
    expect(outcomes(imported.report, 'panel "Saturation"')).toEqual([
      'not-imported: a gauge panel, a type the model has no equal for (it has timeseries, stat, table and text)',
    ]);
    expect(outcomes(imported.report, 'panel "Slowest handlers"')).toEqual([
      'approximated: the override of custom.width for byName "handler" left out: the model has no per-series overrides',
      'approximated: thresholds: purple at 2 shows as orange',
      'imported: table panel "slowest-handlers" with 1 query',
    ]);
    expect(outcomes(imported.report, 'panel "About"')).toEqual([
      'approximated: its html content is shown as Markdown',
      'imported: text panel "about"',
    ]);
  });
});

describe('importGrafanaDashboard: input it refuses, with the file and where', () => {
  it('names the line and column of broken JSON', () => {
    expect(() => importFixture('grafana-broken.json.txt')).toThrow(DashboardImportError);
    expect(() => importFixture('grafana-broken.json.txt')).toThrow(/^grafana-broken\.json\.txt: not valid JSON at line 6 column 1: /);
  });

  it('refuses JSON that is no classic dashboard', () => {
    expect(() => importGrafanaDashboard('{"groups": []}', 'rules.json')).toThrow(
      'rules.json: not a Grafana dashboard: expected an object with schemaVersion and panels (or rows)',
    );
    expect(() =>
      importGrafanaDashboard('{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "spec": {}}', 'v2.json'),
    ).toThrow('v2.json: a Grafana dashboard resource (apiVersion/kind/spec); import reads the classic dashboard JSON');
  });

  it('fails whole, never half built, when no panel can be imported', () => {
    const onlyLoki = {
      title: 'Logs',
      schemaVersion: 39,
      panels: [{ type: 'logs', title: 'Log', id: 1, gridPos: { x: 0, y: 0, w: 24, h: 8 } }],
    };
    expect(() => importGrafanaDashboard(JSON.stringify(onlyLoki), 'logs.json')).toThrow(
      'logs.json: dashboard: no panel could be imported; the report lines say why for each',
    );
  });

  it('unwraps the dashboard of an export from Grafana’s API', () => {
    const text = readFileSync(fixture('grafana-old-rows.json'), 'utf8');
    const wrapped = `{"meta": {"slug": "legacy"}, "dashboard": ${text}}`;
    expect(importGrafanaDashboard(wrapped, 'api.json').dashboard).toEqual(importGrafanaDashboard(text, 'file.json').dashboard);
  });
});
