// A model dashboard as Grafana's dashboard JSON, built with Grafana's own foundation SDK so it follows Grafana's
// published schemas. Shared by every output that carries Grafana dashboards.
// The SDK is CommonJS, some 200 files: imported statically, so that the bundle the CLI runs (npm run bundle)
// holds it, and the first run that renders a dashboard does not read, resolve and compile each file.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  type Dashboard as GrafanaDashboard,
  type Panel as GrafanaPanel,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { Dashboard, DataPanel, Metric, Panel, Variable } from '../../model/index.js';
import { toJson } from '../../serialize/json.js';
import { grafanaUid } from '../../core/grafana-uid.js';
import type { PlacedPanel } from '../dashboards/layout.js';
import { preparedDashboard, recentDashboardMemo, type PreparedDashboard } from '../dashboards/prepared.js';
import { ascendingThresholds, defaultUnit, grafanaThresholdColors, grafanaUnits, productLegend } from '../dashboards/products.js';
import { allValue, type DashboardVariables } from '../dashboards/variables.js';

export { grafanaUid, grafanaUidMaxLength } from '../../core/grafana-uid.js';

/** The dashboard's data source variable: both Grafana models (classic and v2) let the viewer pick one. */
export const datasourceVariable = 'datasource';
/** Every panel, query and variable reads from the data source the viewer picks. */
const datasource = { type: 'prometheus', uid: `\${${datasourceVariable}}` };

/**
 * The dashboard as JSON text, built once per model dashboard: its own file and the ConfigMap carry the same
 * bytes, and the SDK's builders and serializing them are most of the cost of either.
 */
export const grafanaDashboardJson = (integrationId: string, dashboard: Dashboard, catalog: readonly Metric[]): string =>
  jsonOf(dashboard, integrationId, catalog);

const jsonOf = recentDashboardMemo((dashboard, integrationId: string, catalog: readonly Metric[]) =>
  toJson(grafanaDashboard(integrationId, dashboard, catalog)),
);

/** `catalog` says which selectors each variable filters (outputs/dashboards/variables.ts). */
export function grafanaDashboard(integrationId: string, dashboard: Dashboard, catalog: readonly Metric[]): GrafanaDashboard {
  const prepared = preparedDashboard(dashboard, catalog);
  const { variables } = prepared;
  const builder = new DashboardBuilder(dashboard.title)
    .uid(grafanaUid(integrationId, dashboard.id))
    .description(dashboard.description)
    .tags([...new Set([integrationId, ...(dashboard.tags ?? [])])])
    // Generated from the module: edits belong there, not in Grafana.
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-1h', to: 'now' })
    .refresh('1m')
    .withVariable(new DatasourceVariableBuilder(datasourceVariable).label('Data source').type('prometheus'));
  for (const variable of dashboard.variables) builder.withVariable(labelVariable(variable, variables));

  for (const placed of prepared.rows) {
    builder.withRow(new RowBuilder(placed.row.title).id(placed.id).gridPos(placed.header));
    for (const panel of placed.panels) builder.withPanel(grafanaPanel(panel, prepared));
  }
  return builder.build();
}

/**
 * The Prometheus data source's query for a variable's values: the label's values on the variable's metric, within
 * the variable's scope and under the variables before it (label_values(up{cluster=~"$cluster"}, instance)).
 */
export function labelValuesQuery(variable: Variable, variables: DashboardVariables): string {
  return `label_values(${variables.valuesSelector(variable)}, ${variable.name})`;
}

function labelVariable(variable: Variable, variables: DashboardVariables): QueryVariableBuilder {
  const query = labelValuesQuery(variable, variables);
  const builder = new QueryVariableBuilder(variable.name)
    .label(variable.label)
    .datasource(datasource)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true);
  const all = allValue(variable);
  return (all === undefined ? builder : builder.allValue(all)).current({ text: ['All'], value: ['$__all'] });
}

function grafanaPanel({ panel, id, box }: PlacedPanel, prepared: PreparedDashboard): cog.Builder<GrafanaPanel> {
  const builder = panelOfType(panel, prepared);
  return builder.id(id).title(panel.title).description(panel.description).gridPos(box);
}

/** What every SDK panel builder offers, which is all the shared code needs. */
interface PanelBuilder extends cog.Builder<GrafanaPanel> {
  id(id: number): this;
  title(title: string): this;
  description(description: string): this;
  gridPos(gridPos: { x: number; y: number; w: number; h: number }): this;
}

interface DataPanelBuilder extends PanelBuilder {
  datasource(datasource: { type?: string; uid?: string }): this;
  withTarget(target: cog.Builder<cog.Dataquery>): this;
  unit(unit: string): this;
  thresholds(thresholds: cog.Builder<unknown>): this;
}

function panelOfType(panel: Panel, prepared: PreparedDashboard): PanelBuilder {
  switch (panel.type) {
    case 'timeseries': {
      const builder = withData(new timeseries.PanelBuilder().legend(timeseriesLegend()).tooltip(timeseriesTooltip()), panel, prepared);
      return panel.thresholds?.length ? builder.thresholdsStyle(thresholdLines()) : builder;
    }
    case 'stat':
      return withData(new stat.PanelBuilder().reduceOptions(latestValue()), panel, prepared);
    case 'table':
      // A table lists the latest value of each series, one row per series.
      return withData(new table.PanelBuilder(), panel, prepared, (query) => query.instant().format(PromQueryFormat.Table));
    case 'text':
      // Text panels read no data.
      return new text.PanelBuilder().mode(text.TextMode.Markdown).content(panel.content);
  }
}

function withData<B extends DataPanelBuilder>(
  builder: B,
  panel: DataPanel,
  prepared: PreparedDashboard,
  adjustQuery: (query: DataqueryBuilder) => DataqueryBuilder = (query) => query,
): B {
  builder
    .datasource(datasource)
    .unit(grafanaUnits[panel.unit ?? defaultUnit])
    .thresholds(thresholdsOf(panel));
  panel.queries.forEach((query, index) => {
    builder.withTarget(
      adjustQuery(
        new DataqueryBuilder()
          .datasource(datasource)
          .refId(refId(index))
          .expr(prepared.expr('grafana', query))
          .legendFormat(productLegend('grafana', query)),
      ),
    );
  });
  return builder;
}

/* Panel options both Grafana models share: a time series lists its series under the chart and shows every
   series in its tooltip, thresholds draw as lines on it, and a stat shows the latest value. */
export const timeseriesLegend = () =>
  new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]);
export const timeseriesTooltip = () => new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending);
export const thresholdLines = () => new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Line);
export const latestValue = () => new ReduceDataOptionsBuilder().values(false).calcs(['lastNotNull']);

function thresholdsOf(panel: DataPanel): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(thresholdSteps(panel));
}

/**
 * Always explicit: without thresholds Grafana applies its own (red from 80), which would colour a count of 80
 * hosts as a failure. The base step holds everything below the model's lowest threshold.
 */
export function thresholdSteps(panel: DataPanel): { value: number | null; color: string }[] {
  return [
    { value: null, color: grafanaThresholdColors.ok },
    ...ascendingThresholds(panel.thresholds).map((t) => ({ value: t.value, color: grafanaThresholdColors[t.severity] })),
  ];
}

/** Query ids as Grafana assigns them: A…Z, then AA, AB… */
export function refId(index: number): string {
  let id = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) id = String.fromCharCode(65 + ((n - 1) % 26)) + id;
  return id;
}
