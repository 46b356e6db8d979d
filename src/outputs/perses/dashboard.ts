// A model dashboard as a Perses dashboard, typed with Perses' own published model (@perses-dev/core, types only):
// the same layout, queries, units and thresholds as the Grafana and Sysdig dashboards. Each row is a Grid layout
// of its own; panels sit in spec.panels and the grids refer to them by JSON reference.
import type {
  DashboardResource,
  DashboardSpec,
  FormatOptions,
  GridDefinition,
  LegendOptionsBase,
  ListVariableDefinition,
  ListVariableSpec,
  PanelDefinition,
  ThresholdOptions,
  TimeSeriesQueryDefinition,
} from '@perses-dev/core';
import type { Dashboard, DataPanel, Metric, Panel, PersesDashboardsOptions, Query, Variable } from '../../model/index.js';
import { panelKey, type PlacedPanel, type PlacedRow } from '../dashboards/layout.js';
import { preparedDashboard, type PreparedDashboard } from '../dashboards/prepared.js';
import { ascendingThresholds, defaultUnit, persesFormats, persesThresholdColors, productLegend } from '../dashboards/products.js';
import { allValue, type DashboardVariables } from '../dashboards/variables.js';

/* The plugin specs Perses' Prometheus and panel plugins document; core types their envelopes and the options
   they share (formats, thresholds, legends). Type aliases, not interfaces: core's envelopes take any record. */

type PrometheusTimeSeriesQuerySpec = {
  query: string;
  seriesNameFormat?: string;
};

type PrometheusLabelValuesVariableSpec = {
  labelName: string;
  matchers: string[];
};

type TimeSeriesChartSpec = {
  legend: LegendOptionsBase;
  yAxis: { format: FormatOptions };
  thresholds?: ThresholdOptions;
};

type StatChartSpec = {
  calculation: 'last-number';
  format: FormatOptions;
  thresholds?: ThresholdOptions;
};

type TableSpec = {
  /** Prometheus results are a `value` column beside one column per label. */
  columnSettings: { name: 'value'; format: FormatOptions }[];
};

type MarkdownSpec = {
  text: string;
};

type PersesPanel = PanelDefinition<TimeSeriesChartSpec | StatChartSpec | TableSpec | MarkdownSpec>;

/** The query plugin every panel uses: reads the project's default Prometheus data source. */
export const persesQueryPlugin = 'PrometheusTimeSeriesQuery';

/**
 * Where an integration's dashboard lives in Perses: by default a project per integration, like a Grafana folder;
 * in the build config's shared project, named after its integration too, so names stay unique there.
 */
export function persesPlacement(integrationId: string, dashboardId: string, options: PersesDashboardsOptions = {}) {
  return {
    project: persesProject(integrationId, options),
    name: options.project === undefined ? dashboardId : `${integrationId}-${dashboardId}`,
  };
}

export const persesProject = (integrationId: string, options: PersesDashboardsOptions = {}) => options.project ?? integrationId;

/** The dashboard through Perses' API and `percli apply`: a project's Dashboard resource holding `spec` (persesDashboardSpec). */
export function persesDashboard(
  integrationId: string,
  dashboardId: string,
  spec: DashboardSpec,
  options: PersesDashboardsOptions = {},
): DashboardResource {
  const { project, name } = persesPlacement(integrationId, dashboardId, options);
  return { kind: 'Dashboard', metadata: { name, project }, spec };
}

/**
 * What both Perses files hold: the dashboard itself, without the envelope of either. `catalog` says which
 * selectors each variable filters (outputs/dashboards/variables.ts).
 */
export function persesDashboardSpec(dashboard: Dashboard, catalog: readonly Metric[]): DashboardSpec {
  const prepared = preparedDashboard(dashboard, catalog);
  const { rows: placed, variables } = prepared;
  return {
    display: { name: dashboard.title, description: dashboard.description },
    duration: '1h',
    refreshInterval: '1m',
    variables: dashboard.variables.map((variable) => listVariable(variable, variables)),
    panels: Object.fromEntries(placed.flatMap((row) => row.panels).map((p) => [panelKey(p), panelDefinition(p, prepared)])),
    layouts: placed.map(grid),
  };
}

/** Perses fills the variables before it into the matcher, as Grafana does in label_values(). */
function listVariable(variable: Variable, variables: DashboardVariables): ListVariableDefinition {
  const all = allValue(variable);
  const spec: ListVariableSpec<PrometheusLabelValuesVariableSpec> = {
    name: variable.name,
    display: { name: variable.label },
    allowMultiple: true,
    allowAllValue: true,
    ...(all === undefined ? {} : { customAllValue: all }),
    defaultValue: '$__all',
    plugin: { kind: 'PrometheusLabelValuesVariable', spec: { labelName: variable.name, matchers: [variables.valuesSelector(variable)] } },
  };
  return { kind: 'ListVariable', spec };
}

/** A row's grid counts from its own top: Perses draws the title above it. */
function grid({ row, header, panels }: PlacedRow): GridDefinition {
  const top = header.y + header.h;
  return {
    kind: 'Grid',
    spec: {
      display: { title: row.title, collapse: { open: true } },
      items: panels.map((panel) => ({
        x: panel.box.x,
        y: panel.box.y - top,
        width: panel.box.w,
        height: panel.box.h,
        content: { $ref: `#/spec/panels/${panelKey(panel)}` },
      })),
    },
  };
}

function panelDefinition({ panel }: PlacedPanel, prepared: PreparedDashboard): PersesPanel {
  const display = { name: panel.title, description: panel.description };
  if (panel.type === 'text') return { kind: 'Panel', spec: { display, plugin: { kind: 'Markdown', spec: { text: panel.content } } } };
  return {
    kind: 'Panel',
    spec: { display, plugin: chart(panel), queries: panel.queries.map((query) => timeSeriesQuery(panel, query, prepared)) },
  };
}

function chart(panel: Exclude<Panel, { type: 'text' }>): PersesPanel['spec']['plugin'] {
  const { format } = persesFormat(panel);
  const thresholds = thresholdsOf(panel);
  switch (panel.type) {
    case 'timeseries':
      return { kind: 'TimeSeriesChart', spec: { legend: { position: 'bottom', mode: 'list' }, yAxis: { format }, ...thresholds } };
    case 'stat':
      return { kind: 'StatChart', spec: { calculation: 'last-number', format, ...thresholds } };
    case 'table':
      return { kind: 'Table', spec: { columnSettings: [{ name: 'value', format }] } };
  }
}

function persesFormat(panel: DataPanel) {
  return persesFormats[panel.unit ?? defaultUnit];
}

function timeSeriesQuery(
  panel: DataPanel,
  query: Query,
  prepared: PreparedDashboard,
): TimeSeriesQueryDefinition<PrometheusTimeSeriesQuerySpec> {
  const { divisor } = persesFormat(panel);
  const expr = prepared.expr('perses', query);
  const legend = productLegend('perses', query);
  return {
    kind: 'TimeSeriesQuery',
    spec: {
      plugin: {
        kind: persesQueryPlugin,
        spec: { query: divisor === undefined ? expr : `(${expr}) / ${divisor}`, ...(legend ? { seriesNameFormat: legend } : {}) },
      },
    },
  };
}

/** Only where the model sets some: values under the lowest are ok, as on the other products. */
function thresholdsOf(panel: DataPanel): { thresholds?: ThresholdOptions } {
  if (!panel.thresholds?.length) return {};
  const { divisor = 1 } = persesFormat(panel);
  return {
    thresholds: {
      mode: 'absolute',
      defaultColor: persesThresholdColors.ok,
      steps: ascendingThresholds(panel.thresholds).map((t) => ({ value: t.value / divisor, color: persesThresholdColors[t.severity] })),
    },
  };
}
