import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/model/index.js';
import { parsePromQL } from '../../src/analysis/promql/parse.js';
import { renderSysdigDashboards } from '../../src/outputs/sysdig/render.js';
import { everyFeature } from '../fixtures/dashboards/every-feature.js';
import {
  allPanels,
  calicoIntegration,
  concreteQuery,
  contextOf,
  filteredBy,
  integrationWithFixture,
  sysdigJson,
  type SysdigDashboardJson,
} from './helpers.js';

// PromCat's own test of Sysdig dashboards enforces exactly these top-level keys.
const allowedKeys = ['description', 'layout', 'name', 'panels', 'schema', 'scopeExpressionList', 'eventDisplaySettings', 'publicNotation'];
const panelTypes = ['advancedTimechart', 'advancedNumber', 'advancedTable', 'advancedToplist', 'text'];

const integration = integrationWithFixture();
const files = renderSysdigDashboards(contextOf(integration));
const rendered: [Dashboard, SysdigDashboardJson][] = integration.dashboards.map((d) => [d, sysdigJson(files, integration.id, d.id)]);

describe.each(rendered.map(([model, json]) => ({ id: model.id, model, json })))('Sysdig dashboard $id', ({ model, json }) => {
  const { dashboard } = json;

  it('has the v3 shape: one root key, known top-level keys, schema 3', () => {
    expect(Object.keys(json)).toEqual(['dashboard']);
    expect(Object.keys(dashboard).filter((key) => !allowedKeys.includes(key))).toEqual([]);
    expect(dashboard.schema).toBe(3);
    expect(dashboard.name).toBe(model.title);
  });

  it('lays out every panel exactly once, on the 24-column grid, without overlaps', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.layout.map((l) => l.panelId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const box of dashboard.layout) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.w).toBeGreaterThan(0);
      expect(box.h).toBeGreaterThan(0);
      expect(box.x + box.w).toBeLessThanOrEqual(24);
    }
    for (const [i, a] of dashboard.layout.entries()) {
      for (const b of dashboard.layout.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.panelId} and ${b.panelId}`).toBe(false);
      }
    }
  });

  it('renders each model panel after a text header per row', () => {
    const expected = model.rows.flatMap((row) => [row.title, ...row.panels.map((p) => p.title)]);
    expect(dashboard.panels.map((p) => p.name)).toEqual(expected);
    for (const panel of dashboard.panels) expect(panelTypes).toContain(panel.type);
    const headers = dashboard.panels.filter((p) => model.rows.some((row) => row.title === p.name) && p.panelTitleVisible === false);
    expect(headers.map((h) => h.markdownSource)).toEqual(model.rows.map((row) => `# ${row.title}`));
    for (const header of headers) expect(dashboard.layout.find((l) => l.panelId === header.id)).toMatchObject({ x: 0, w: 24, h: 1 });
  });

  it('gives every PromQL panel complete queries that parse once Sysdig fills its variables', () => {
    for (const panel of dashboard.panels.filter((p) => p.type !== 'text')) {
      expect(panel.advancedQueries?.length, panel.name).toBeGreaterThan(0);
      for (const query of panel.advancedQueries ?? []) {
        expect(Object.keys(query)).toEqual(['query', 'enabled', 'displayInfo', 'format']);
        expect(query.enabled).toBe(true);
        expect(query.format.unit && query.format.inputFormat).toBeTruthy();
        expect(query.query).not.toContain('$__rate_interval');
        expect(parsePromQL(concreteQuery('sysdig', query.query)).problems, query.query).toEqual([]);
      }
    }
    for (const panel of dashboard.panels.filter((p) => p.type === 'text')) expect(typeof panel.markdownSource).toBe('string');
  });

  it('declares each model variable as a scope variable that the queries reference bare', () => {
    expect(dashboard.scopeExpressionList).toEqual(
      model.variables.map((v) => ({ operand: v.name, operator: 'in', displayName: v.name, value: [], isVariable: true, variable: true })),
    );
    for (const { query } of dashboard.panels.flatMap((p) => p.advancedQueries ?? [])) {
      for (const selector of parsePromQL(concreteQuery('sysdig', query)).selectors) {
        for (const variable of model.variables.filter((v) => filteredBy(integration.metrics, v, selector.metric)))
          expect(
            selector.matchers.map((m) => m.label),
            query,
          ).toContain(variable.name);
      }
      for (const variable of model.variables) expect(query, 'Sysdig quotes the value itself').not.toContain(`"$${variable.name}"`);
    }
  });

  it('keeps model text and legends as written', () => {
    const modelPanels = allPanels(model);
    for (const panel of dashboard.panels) {
      const source = modelPanels.find((p) => p.title === panel.name);
      if (!source) continue;
      expect(panel.description).toBe(source.description);
      if (source.type === 'text') expect([panel.markdownSource, panel.advancedQueries]).toEqual([source.content, undefined]);
      else
        expect(panel.advancedQueries?.map((q) => q.displayInfo.timeSeriesDisplayNameTemplate)).toEqual(
          source.queries.map((q) => q.legend ?? ''),
        );
    }
  });
});

describe('Sysdig formats and thresholds', () => {
  const calico = sysdigJson(renderSysdigDashboards(contextOf(calicoIntegration())), 'calico', 'calico').dashboard;
  const fixture = rendered.find(([model]) => model.id === everyFeature.id)?.[1].dashboard;

  it('shows the microseconds of fork/exec as time', () => {
    const exec = calico.panels.find((p) => p.name === 'Fork/exec of child processes');
    expect(exec?.advancedQueries?.map((q) => q.format)).toEqual(
      Array(3).fill(expect.objectContaining({ unit: 'relativeTime', inputFormat: 'us' })),
    );
  });

  it('maps threshold severities in ascending order, ok below them', () => {
    const ratio = fixture?.panels.find((p) => p.name === 'Error ratio');
    expect(ratio?.type).toBe('advancedNumber');
    expect(ratio?.numberThresholds).toEqual({
      base: { displayText: '', severity: 'ok' },
      values: [
        { severity: 'medium', value: 0.01, inputFormat: '0-1', displayText: '' },
        { severity: 'high', value: 0.05, inputFormat: '0-1', displayText: '' },
      ],
    });
    expect(calico.panels.find((p) => p.name === 'Hosts')?.numberThresholds).toEqual({
      base: { displayText: '', severity: 'none' },
      values: [],
    });
  });

  it('refuses a number panel with several queries, which Sysdig cannot show', () => {
    const base = calicoIntegration();
    const [dashboard] = base.dashboards;
    if (!dashboard) throw new Error('no dashboard');
    const [overview, ...rest] = dashboard.rows;
    const [hosts, ...others] = overview.panels;
    if (hosts.type !== 'stat') throw new Error('the first Calico panel is the hosts stat');
    const twoQueries = { ...hosts, queries: [...hosts.queries, { expr: 'max(felix_cluster_num_policies)' }] };
    const broken = { ...dashboard, rows: [{ ...overview, panels: [twoQueries, ...others] }, ...rest] } as Dashboard;
    expect(() => renderSysdigDashboards(contextOf({ ...base, dashboards: [broken] }))).toThrow(/panel hosts: .*exactly one query/);
  });
});
