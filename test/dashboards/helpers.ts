import type { Dashboard, Integration, Metric, Variable } from '../../src/model/index.js';
import { renderGrafanaDashboards } from '../../src/outputs/grafana/render.js';
import { renderSysdigDashboards } from '../../src/outputs/sysdig/render.js';
import type { RenderContext, RenderedFile } from '../../src/core/types.js';
import type { DashboardProduct } from '../../src/outputs/paths.js';
import { everyFeature } from '../fixtures/dashboards/every-feature.js';
import { defineCalico } from '../helpers/calico.js';

export function calicoIntegration(): Integration {
  return defineCalico();
}

/** Calico with the fixture dashboard next to its own, so renderers see every model feature. */
export function integrationWithFixture(): Integration {
  const integration = calicoIntegration();
  return { ...integration, dashboards: [...integration.dashboards, everyFeature] };
}

export function contextOf(integration: Integration): RenderContext {
  return { integration, params: [], sourceModule: `src/integrations/${integration.id}/index.ts`, config: {} };
}

export function renderAll(integration: Integration): RenderedFile[] {
  const ctx = contextOf(integration);
  return [...renderGrafanaDashboards(ctx), ...renderSysdigDashboards(ctx)];
}

export function fileAt(files: RenderedFile[], path: string): RenderedFile {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file;
}

export function allPanels(dashboard: Dashboard) {
  return dashboard.rows.flatMap((row) => row.panels);
}

/* Loosely typed views of the rendered JSON, enough for the assertions. */
export interface GrafanaTarget {
  refId: string;
  expr: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
  instant?: boolean;
  format?: string;
}
export interface GrafanaPanelJson {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: GrafanaTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: {
    defaults: {
      unit?: string;
      thresholds?: { mode: string; steps: { value: number | null; color: string }[] };
      custom?: Record<string, unknown>;
    };
    overrides: unknown[];
  };
}
export interface GrafanaDashboardJson {
  uid: string;
  title: string;
  tags: string[];
  schemaVersion: number;
  templating: {
    list: { type: string; name: string; query?: unknown; datasource?: { uid?: string }; includeAll?: boolean; multi?: boolean }[];
  };
  panels: GrafanaPanelJson[];
}

export interface SysdigQueryJson {
  query: string;
  enabled: boolean;
  displayInfo: { displayName: string; timeSeriesDisplayNameTemplate: string; type: string };
  format: { unit: string; inputFormat: string };
}
export interface SysdigPanelJson {
  id: number;
  type: string;
  name: string;
  description: string;
  markdownSource?: string;
  panelTitleVisible?: boolean;
  advancedQueries?: SysdigQueryJson[];
  numberThresholds?: { base: { severity: string }; values: { severity: string; value: number; inputFormat: string }[] };
}
export interface SysdigDashboardJson {
  dashboard: {
    name: string;
    description: string;
    schema: number;
    panels: SysdigPanelJson[];
    layout: { panelId: number; x: number; y: number; w: number; h: number }[];
    scopeExpressionList: { operand: string; operator: string; displayName: string; value: string[]; isVariable: boolean }[];
  };
}

export function grafanaJson(files: RenderedFile[], integrationId: string, dashboardId: string): GrafanaDashboardJson {
  return JSON.parse(fileAt(files, `${integrationId}/dashboards/grafana/${dashboardId}.json`).content) as GrafanaDashboardJson;
}

export function sysdigJson(files: RenderedFile[], integrationId: string, dashboardId: string): SysdigDashboardJson {
  return JSON.parse(fileAt(files, `${integrationId}/dashboards/sysdig/${dashboardId}.json`).content) as SysdigDashboardJson;
}

/**
 * A rendered query as plain PromQL, with the products' variables replaced by values they could take:
 * interval variables by a duration; Sysdig's bare `$label` (it inserts the value quoted) by a quoted value.
 * Grafana's and Perses' `$label` sits inside a string already and stays.
 */
export function concreteQuery(product: DashboardProduct, query: string): string {
  const intervals = query.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m');
  return product === 'sysdig' ? intervals.replace(/\$(\w+)/g, '"value-of-$1"') : intervals;
}

/**
 * The selector a variable's values are read from, as the products' variable queries give it: the variable's
 * metric under every variable before it (none of these dashboards' variable metrics lacks an earlier label).
 */
export function chainedValuesSelector(variables: readonly Variable[], variable: Variable): string {
  const earlier = variables.slice(0, variables.indexOf(variable)).map((before) => `${before.name}=~"$${before.name}"`);
  return earlier.length ? `${variable.metric}{${earlier.join(', ')}}` : variable.metric;
}

/**
 * Whether a variable should filter a selector of `series`: not when the catalog has the series from another job
 * than the variable's metric, without the label among its own (Calico's IPAM row under the felix node variable);
 * filtering it would leave its panels empty.
 */
export function filteredBy(catalog: readonly Metric[], variable: Variable, series: string | undefined): boolean {
  const metricOf = (name: string | undefined) =>
    catalog.find((metric) => name !== undefined && (name === metric.name || name.startsWith(`${metric.name}_`)));
  const target = metricOf(series);
  const source = metricOf(variable.metric);
  if (!target || !source || target.labels?.some((label) => label.name === variable.name)) return true;
  return target.job === source.job;
}
