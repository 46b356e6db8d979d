// Round trip: import a dashboard, render the model with intgen's own renderer of the same product, and the output
// shows what the input showed (panels, types, queries after canonical PromQL formatting with the rate windows
// restored, legends, units, thresholds), every difference named in the import report. On the fixtures always; on
// the real dashboards in ../shared/reference (upstream Calico Felix, two PromCat Sysdig dashboards) where it is, and
// with CI=true it must be.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGrafanaDashboard, importSysdigDashboard, type ImportedDashboard } from '../../../src/import/dashboards/index.js';
import { grafanaDashboard } from '../../../src/outputs/grafana/dashboard.js';
import { sysdigDashboard } from '../../../src/outputs/sysdig/dashboard.js';
import { toJson } from '../../../src/serialize/json.js';
import { compareViews, dashboardSchemaProblems, grafanaView, type RoundTrip, sysdigView } from './round-trip.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/import/dashboards/${name}`, import.meta.url));
const reference = fileURLToPath(new URL('../../../../shared/reference/', import.meta.url));

function grafanaRoundTrip(file: string): { imported: ImportedDashboard; trip: RoundTrip; inputPanels: number } {
  const text = readFileSync(file, 'utf8');
  const imported = importGrafanaDashboard(text, file);
  expect(dashboardSchemaProblems(imported.dashboard), file).toEqual([]);
  const rendered = JSON.parse(toJson(grafanaDashboard('imported', imported.dashboard, [])));
  const input = grafanaView(JSON.parse(text));
  return { imported, trip: compareViews(input, grafanaView(rendered), imported.report), inputPanels: input.length };
}

function sysdigRoundTrip(file: string): { imported: ImportedDashboard; trip: RoundTrip; inputPanels: number } {
  const text = readFileSync(file, 'utf8');
  const json = JSON.parse(text);
  const imported = importSysdigDashboard(text, file);
  expect(dashboardSchemaProblems(imported.dashboard), file).toEqual([]);
  // A scope variable is the label it filters in the model: the input's $cluster is the output's $kube_cluster_name.
  const renames = new Map<string, string>(
    json.dashboard.scopeExpressionList
      .filter((scope: { isVariable?: boolean }) => scope.isVariable)
      .map((scope: { displayName: string; operand: string; descriptor?: { publicId?: string } }) => [
        scope.displayName,
        scope.descriptor?.publicId ?? scope.operand,
      ]),
  );
  const input = sysdigView(json, renames);
  return {
    imported,
    trip: compareViews(input, sysdigView(sysdigDashboard(imported.dashboard, [])), imported.report),
    inputPanels: input.length,
  };
}

describe('round trip of the fixtures', () => {
  it('an export with __inputs: every difference reported, the imported panels equal', () => {
    const { trip } = grafanaRoundTrip(fixture('grafana-export-inputs.json'));
    expect(trip.unreported).toEqual([]);
    expect(trip.missing).toEqual(['panel "Kernel log" (id 6)', 'panel "Kernel errors" (id 7)']);
    expect(trip.equal).toEqual({ type: 4, queries: 2, legends: 4, unit: 3, size: 4, thresholds: 4 });
  });

  it('collapsed rows: every difference reported', () => {
    const { trip } = grafanaRoundTrip(fixture('grafana-collapsed-rows.json'));
    expect(trip.unreported).toEqual([]);
    expect(trip.missing).toEqual(['panel "Requests and errors" (id 1)', 'panel "Saturation" (id 2)']);
    expect(trip.matched).toBe(4);
  });

  it('Sysdig edge cases: every difference reported', () => {
    const { trip } = sysdigRoundTrip(fixture('sysdig-edge-cases.json'));
    expect(trip.unreported).toEqual([]);
    expect(trip.missing).toEqual(['panel "Busiest queues" (id 5)']);
    expect(trip.equal).toEqual({ type: 3, queries: 3, legends: 3, unit: 3, size: 3, thresholds: 2 });
  });

  it('the oracle sees a difference the report does not name', () => {
    const { imported } = grafanaRoundTrip(fixture('grafana-export-inputs.json'));
    const input = grafanaView(JSON.parse(readFileSync(fixture('grafana-export-inputs.json'), 'utf8')));
    const changed = structuredClone(imported.dashboard);
    const cpu = changed.rows[0]!.panels[0]!;
    if (cpu.type !== 'timeseries') throw new Error('the first panel is the CPU time series');
    cpu.queries[0]!.expr = cpu.queries[0]!.expr.replace('idle', 'user');
    cpu.unit = 'percent';
    const rendered = grafanaView(JSON.parse(toJson(grafanaDashboard('imported', changed, []))));
    expect(compareViews(input, rendered, imported.report).unreported).toEqual([
      'panel "CPU busy" (id 2): queries ' +
        JSON.stringify([input[0]!.queries[0]!.expr]) +
        ' became ' +
        JSON.stringify([rendered[0]!.queries[0]!.expr]),
      'panel "CPU busy" (id 2): unit "percentunit" became "percent"',
    ]);
  });
});

/** A file of ../shared/reference: present, or with CI=true a failure rather than a skip. */
function referenceFile(relative: string): string | undefined {
  const file = path.join(reference, relative);
  if (existsSync(file)) return file;
  if (process.env.CI === 'true') throw new Error(`CI=true and the reference dashboard is missing: ${file}`);
  return undefined;
}

describe('round trip of real dashboards (../shared/reference)', () => {
  it('the upstream Calico Felix dashboard: all 33 panels back, queries and legends equal, the rest reported', (ctx) => {
    const file = referenceFile('calico/upstream-felix-dashboard.json');
    ctx.skip(file === undefined, `no ${reference}calico/upstream-felix-dashboard.json`);
    const { trip, inputPanels } = grafanaRoundTrip(file!);
    expect(trip.unreported).toEqual([]);
    expect(trip.missing).toEqual([]);
    expect(inputPanels).toBe(33);
    // Units: opm and ns have no model unit; thresholds: three use Grafana's classic yellow, shown orange.
    expect(trip.equal).toEqual({ type: 33, queries: 33, legends: 33, unit: 31, size: 33, thresholds: 30 });
  });

  for (const [name, counts] of [
    [
      'example-admission-controller-with-text.json',
      { panels: 8, equal: { type: 8, queries: 8, legends: 8, unit: 8, size: 8, thresholds: 8 } },
    ],
    ['example-opa-gatekeeper.json', { panels: 10, equal: { type: 10, queries: 10, legends: 10, unit: 10, size: 10, thresholds: 9 } }],
  ] as const) {
    it(`the PromCat Sysdig dashboard ${name}: every panel back, the differences reported`, (ctx) => {
      const file = referenceFile(`sysdig/${name}`);
      ctx.skip(file === undefined, `no ${reference}sysdig/${name}`);
      const { trip, inputPanels } = sysdigRoundTrip(file!);
      expect(trip.unreported).toEqual([]);
      expect(trip.missing).toEqual([]);
      expect(inputPanels).toBe(counts.panels);
      expect(trip.equal).toEqual(counts.equal);
    });
  }

  // More real dashboards, where someone put them: e.g. node-exporter-full.json of rfmoz/grafana-dashboards
  // (prometheus/, commit 4b1729d, Apache-2.0; grafana.com dashboard 1860, the most used Node Exporter dashboard).
  const more = process.env.INTGEN_REAL_GRAFANA_DASHBOARDS ?? path.join(reference, 'grafana-dashboards');
  const files = existsSync(more) ? readdirSync(more).filter((f) => f.endsWith('.json')) : [];
  it.skipIf(files.length === 0)(`the Grafana dashboards in ${more}: every difference reported`, () => {
    for (const name of files) {
      const { trip, inputPanels } = grafanaRoundTrip(path.join(more, name));
      expect(trip.unreported, name).toEqual([]);
      expect(trip.matched + trip.missing.length, name).toBe(inputPanels);
    }
  });
});
