// A model dashboard as Grafana's v2 dashboard resource (`dashboard.grafana.app/v2`, Grafana 13's own model), built
// with the foundation SDK's dashboardv2 builders from the same layout, queries, units and thresholds as the
// classic model: rows become rows layouts holding grid items, panels become elements the items refer to.
// Imported statically, as grafana/dashboard.ts does, so that the bundle holds the SDK.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as v2 from '@grafana/grafana-foundation-sdk/dashboardv2';
import { PromQueryFormat, QueryV2Builder } from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { Manifest } from '@grafana/grafana-foundation-sdk/resource';
import type { Dashboard, DataPanel, Metric, Panel, Variable } from '../../model/index.js';
import { grafanaUid } from '../../core/grafana-uid.js';
import { panelKey, type PlacedPanel, type PlacedRow } from '../dashboards/layout.js';
import { preparedDashboard, type PreparedDashboard } from '../dashboards/prepared.js';
import { defaultUnit, grafanaUnits, productLegend } from '../dashboards/products.js';
import { allValue, type DashboardVariables } from '../dashboards/variables.js';
import {
  datasourceVariable,
  labelValuesQuery,
  latestValue,
  refId,
  thresholdLines,
  thresholdSteps,
  timeseriesLegend,
  timeseriesTooltip,
} from '../grafana/dashboard.js';

/** v2 names a data source by its uid; a variable's value stands in for it as in the classic model. */
const datasource = { name: `\${${datasourceVariable}}` };

/** The query id the Prometheus data source gives its variable queries. */
const variableQueryRefId = 'PrometheusVariableQueryEditor-VariableQuery';

/**
 * The resource: metadata.name is the classic dashboard's uid, so both models are one dashboard in Grafana.
 * `catalog` says which selectors each variable filters (outputs/dashboards/variables.ts).
 */
export function grafanaV2Dashboard(integrationId: string, dashboard: Dashboard, catalog: readonly Metric[]): Manifest {
  return v2.manifest(grafanaUid(integrationId, dashboard.id), grafanaV2Spec(integrationId, dashboard, catalog)).build();
}

function grafanaV2Spec(integrationId: string, dashboard: Dashboard, catalog: readonly Metric[]): cog.Builder<v2.Dashboard> {
  const prepared = preparedDashboard(dashboard, catalog);
  const { rows: placed, variables } = prepared;
  const builder = new v2.DashboardBuilder(dashboard.title)
    .description(dashboard.description)
    .tags([...new Set([integrationId, ...(dashboard.tags ?? [])])])
    // Generated from the module: edits belong there, not in Grafana.
    .editable(false)
    .cursorSync(v2.DashboardCursorSync.Crosshair)
    .timeSettings(new v2.TimeSettingsBuilder().from('now-1h').to('now').autoRefresh('1m'))
    .variable(new v2.DatasourceVariableBuilder(datasourceVariable).label('Data source').pluginId('prometheus'))
    .layout(new v2.RowsBuilder().rows(placed.map(rowLayout)));
  for (const variable of dashboard.variables) builder.variable(labelVariable(variable, variables));
  for (const { panels } of placed) {
    for (const panel of panels) builder.element(panelKey(panel), element(panel, prepared));
  }
  return builder;
}

/** A row's grid counts from the top of the row, under its header. */
function rowLayout({ row, header, panels }: PlacedRow): cog.Builder<v2.RowsLayoutRowKind> {
  const top = header.y + header.h;
  const items = panels.map((panel) =>
    new v2.GridItemBuilder()
      .name(panelKey(panel))
      .x(panel.box.x)
      .y(panel.box.y - top)
      .width(panel.box.w)
      .height(panel.box.h),
  );
  return new v2.RowBuilder().title(row.title).layout(new v2.GridBuilder().items(items));
}

function labelVariable(variable: Variable, variables: DashboardVariables): cog.Builder<v2.QueryVariableKind> {
  const query = labelValuesQuery(variable, variables);
  const variableQuery: v2.DataQueryKind = {
    kind: 'DataQuery',
    group: 'prometheus',
    version: 'v0',
    datasource,
    spec: { query, refId: variableQueryRefId },
  };
  const builder = new v2.QueryVariableBuilder(variable.name)
    .label(variable.label)
    .query({ build: () => variableQuery })
    .definition(query)
    .refresh(v2.VariableRefresh.OnTimeRangeChanged)
    .sort(v2.VariableSort.NaturalAsc)
    .multi(true)
    .includeAll(true);
  const all = allValue(variable);
  return (all === undefined ? builder : builder.allValue(all)).current({ text: ['All'], value: ['$__all'] });
}

function element({ panel, id }: PlacedPanel, prepared: PreparedDashboard): cog.Builder<v2.PanelKind> {
  return new v2.PanelBuilder()
    .id(id)
    .title(panel.title)
    .description(panel.description)
    .data(queries(panel, prepared))
    .visualization(visualization(panel));
}

function queries(panel: Panel, prepared: PreparedDashboard): cog.Builder<v2.QueryGroupKind> {
  const group = new v2.QueryGroupBuilder();
  // Text panels read no data.
  if (panel.type === 'text') return group;
  // A table lists the latest value of each series, one row per series: an instant query only.
  const adjust = (query: QueryV2Builder) =>
    panel.type === 'table' ? query.instant(true).range(false).format(PromQueryFormat.Table) : query;
  return group.targets(
    panel.queries.map((query, index) =>
      new v2.TargetBuilder()
        .refId(refId(index))
        .query(
          adjust(
            new QueryV2Builder()
              .datasource(datasource)
              .refId(refId(index))
              .expr(prepared.expr('grafana', query))
              .legendFormat(productLegend('grafana', query)),
          ),
        ),
    ),
  );
}

/** What every SDK v2 visualization builder offers for a panel that reads data. */
interface DataVisualizationBuilder extends cog.Builder<v2.VizConfigKind> {
  unit(unit: string): this;
  thresholds(thresholds: cog.Builder<v2.ThresholdsConfig>): this;
}

function visualization(panel: Panel): cog.Builder<v2.VizConfigKind> {
  switch (panel.type) {
    case 'timeseries': {
      const builder = withFields(new timeseries.VisualizationV2Builder().legend(timeseriesLegend()).tooltip(timeseriesTooltip()), panel);
      return panel.thresholds?.length ? builder.thresholdsStyle(thresholdLines()) : builder;
    }
    case 'stat':
      return withFields(new stat.VisualizationV2Builder().reduceOptions(latestValue()), panel);
    case 'table':
      return withFields(new table.VisualizationV2Builder(), panel);
    case 'text':
      return new text.VisualizationV2Builder().mode(text.TextMode.Markdown).content(panel.content);
  }
}

function withFields<B extends DataVisualizationBuilder>(builder: B, panel: DataPanel): B {
  return builder
    .unit(grafanaUnits[panel.unit ?? defaultUnit])
    .thresholds(new v2.ThresholdsConfigBuilder().mode(v2.ThresholdsMode.Absolute).steps(thresholdSteps(panel)));
}
