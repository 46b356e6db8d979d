// The Sysdig v3 dashboard importer on a fixture of its edge cases: panels above the first section header, a text
// panel that is no header, number thresholds off the model's scale, a disabled query, a toplist, a fixed scope.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importDashboardFiles, importSysdigDashboard } from '../../../src/import/dashboards/index.js';

const name = 'sysdig-edge-cases.json';
const imported = importSysdigDashboard(
  readFileSync(fileURLToPath(new URL(`../../fixtures/import/dashboards/${name}`, import.meta.url)), 'utf8'),
  name,
);
const lines = (where: string) =>
  imported.report.filter((line) => line.where.startsWith(where)).map((line) => `${line.outcome}: ${line.message}`);

describe('importSysdigDashboard', () => {
  it('makes full-width heading text panels rows, and keeps other text panels as panels', () => {
    expect(
      imported.dashboard.rows.map((row) => [row.title, row.description, row.panels.map((p) => `${p.type}:${p.id}:${p.width}x${p.height}`)]),
    ).toEqual([
      ['Queue workers', undefined, ['stat:backlog:6x3', 'text:how-to-read-this:18x3']],
      ['Latency', 'How long jobs take.', ['timeseries:job-duration:16x6']],
    ]);
    expect(lines('row "Queue workers"')).toEqual([
      'approximated: the panels above the first section header go into a row titled after the dashboard',
    ]);
  });

  it('takes a scope variable’s label from the queries that filter by it, and reports a fixed scope', () => {
    expect(imported.dashboard.variables).toEqual([{ name: 'kube_namespace_name', label: 'namespace', metric: 'queue_jobs_waiting' }]);
    expect(lines('scope variable "kube_cluster_name"')).toEqual([
      'not-imported: a fixed scope (kube_cluster_name in ["prod"]): write the filter into the queries',
    ]);
    const backlog = imported.dashboard.rows[0]!.panels[0]!;
    expect(backlog).toMatchObject({ unit: 'none', queries: [{ expr: 'sum(queue_jobs_waiting)' }] });
  });

  it('reads number thresholds, naming the severities and texts the model has not', () => {
    expect(imported.dashboard.rows[0]!.panels[0]).toMatchObject({
      thresholds: [
        { value: 100, severity: 'warning' },
        { value: 50, severity: 'warning' },
      ],
    });
    expect(lines('panel "Backlog"')).toEqual([
      'approximated: thresholds: low at 50 becomes warning (medium); the text "busy" at 50 is not kept',
      'imported: stat panel "backlog" with 1 query',
    ]);
  });

  it('keeps $__interval as the rate window, reports a disabled query, mixed units and a toplist', () => {
    expect(imported.dashboard.rows[1]!.panels[0]).toMatchObject({
      unit: 'seconds',
      queries: [
        { expr: 'histogram_quantile(0.99, sum by (le) (rate(queue_job_duration_seconds_bucket[5m])))', rateWindow: '5m', legend: 'p99' },
        { expr: 'histogram_quantile(0.5, sum by (le) (rate(queue_job_duration_nanoseconds_bucket[5m])))', rateWindow: '5m', legend: 'p50' },
      ],
    });
    expect(lines('panel "Job duration"')).toEqual([
      "approximated: unit: its queries' units relativeTime from ns become the first query's, relativeTime from s",
      'imported: timeseries panel "job-duration" with 2 queries',
      'not-imported: disabled in Sysdig: the model shows every query',
    ]);
    expect(lines('panel "Busiest queues"')).toEqual([
      'not-imported: an advancedToplist panel, a type the model has no equal for (it has timeseries, stat, table and text)',
    ]);
  });

  it('refuses a file that is no v3 dashboard', () => {
    expect(() => importSysdigDashboard('{"dashboard": {"schema": 2, "panels": []}}', 'old.json')).toThrow(
      'old.json: not a Sysdig v3 dashboard: expected {"dashboard": {"schema": 3, "panels": […], "layout": […]}}',
    );
    expect(() => importSysdigDashboard('{"dashboard": ', 'cut.json')).toThrow(/^cut\.json: not valid JSON/);
  });
});

describe('importDashboardFiles', () => {
  it('imports Grafana and Sysdig files into one list, each dashboard id unique in the module', () => {
    const text = readFileSync(fileURLToPath(new URL(`../../fixtures/import/dashboards/${name}`, import.meta.url)), 'utf8');
    const grafana = readFileSync(fileURLToPath(new URL('../../fixtures/import/dashboards/grafana-old-rows.json', import.meta.url)), 'utf8');
    const result = importDashboardFiles({
      grafana: [{ source: 'old.json', text: grafana }],
      sysdig: [
        { source: 'a.json', text },
        { source: 'b.json', text },
      ],
    });
    expect(result.dashboards.map((d) => d.id)).toEqual(['legacy-hosts', 'queue-workers', 'queue-workers-2']);
    expect(result.report.filter((line) => line.where === 'dashboard')).toEqual([
      {
        source: 'b.json',
        where: 'dashboard',
        outcome: 'approximated',
        message: 'id queue-workers-2: another imported dashboard has the id queue-workers',
      },
    ]);
    expect(result.queriedMetrics).toEqual([
      'node_memory_MemAvailable_bytes',
      'queue_job_duration_nanoseconds_bucket',
      'queue_job_duration_seconds_bucket',
      'queue_jobs_waiting',
      'up',
    ]);
    expect(() => importDashboardFiles({ grafana: [{ source: 'x.json', text: '{' }] })).toThrow(/^x\.json: not valid JSON/);
  });
});
