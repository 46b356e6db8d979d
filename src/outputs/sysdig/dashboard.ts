// A model dashboard as a Sysdig Monitor dashboard, in the v3 shape PromCat ships: one root key `dashboard`,
// PromQL panels and a 24-column layout. Sysdig has no rows, so each model row becomes a full-width text panel
// heading its panels, as PromCat's own dashboards do; the panels keep their titles unprefixed.
import type { Dashboard, DataPanel, Metric, Panel, Query, Variable } from '../../model/index.js';
import type { GridBox } from '../dashboards/layout.js';
import { preparedDashboard, type PreparedDashboard } from '../dashboards/prepared.js';
import {
  ascendingThresholds,
  defaultUnit,
  productLegend,
  sysdigFormats,
  sysdigSeverities,
  type SysdigFormat,
} from '../dashboards/products.js';

const panelTypes: Record<Panel['type'], string> = {
  timeseries: 'advancedTimechart',
  stat: 'advancedNumber',
  table: 'advancedTable',
  text: 'text',
};

/** `catalog` says which selectors each variable filters (outputs/dashboards/variables.ts). */
export function sysdigDashboard(dashboard: Dashboard, catalog: readonly Metric[]): { dashboard: Record<string, unknown> } {
  const prepared = preparedDashboard(dashboard, catalog);
  const panels: Record<string, unknown>[] = [];
  const layout: (GridBox & { panelId: number })[] = [];
  for (const placed of prepared.rows) {
    panels.push(sectionHeader(placed.id, placed.row.title, placed.row.description ?? ''));
    layout.push({ panelId: placed.id, ...placed.header });
    for (const { panel, id, box } of placed.panels) {
      panels.push(sysdigPanel(id, panel, prepared));
      layout.push({ panelId: id, ...box });
    }
  }
  return {
    dashboard: {
      name: dashboard.title,
      description: dashboard.description,
      schema: 3,
      panels,
      layout,
      scopeExpressionList: dashboard.variables.map(scopeVariable),
      eventDisplaySettings: {
        enabled: true,
        queryParams: { alertStatuses: [], categories: [], filter: '', severities: [], teamScope: false },
      },
      publicNotation: false,
    },
  };
}

/**
 * A dashboard scope variable: Sysdig fills `$<displayName>` in queries with the values picked for the label. A
 * scoped label's starts with its values where the build config names them; none picked means every value.
 */
function scopeVariable(variable: Variable) {
  const value = variable.scope?.values ?? [];
  return { operand: variable.name, operator: 'in', displayName: variable.name, value, isVariable: true, variable: true };
}

function sectionHeader(id: number, title: string, description: string) {
  return textPanel(id, title, description, `# ${title}`, false);
}

function textPanel(id: number, name: string, description: string, markdownSource: string, panelTitleVisible: boolean) {
  return {
    id,
    type: panelTypes.text,
    name,
    description,
    markdownSource,
    nullValueDisplayText: null,
    panelTitleVisible,
    textAutosized: false,
    transparentBackground: false,
  };
}

function sysdigPanel(id: number, panel: Panel, prepared: PreparedDashboard): Record<string, unknown> {
  if (panel.type === 'text') return textPanel(id, panel.title, panel.description, panel.content, true);
  const format = sysdigFormats[panel.unit ?? defaultUnit];
  const advancedQueries = panel.queries.map((query) => advancedQuery(query, format, prepared));
  return {
    id,
    type: panelTypes[panel.type],
    name: panel.title,
    description: panel.description,
    nullValueDisplayText: null,
    advancedQueries,
    ...panelTypeFields(panel, format, advancedQueries.length),
  };
}

/** What each type of data panel has besides the fields they all share. */
function panelTypeFields(panel: DataPanel, format: SysdigFormat, queryCount: number): Record<string, unknown> {
  switch (panel.type) {
    case 'timeseries':
      return {
        legendConfiguration: { enabled: true, position: 'bottom', layout: 'table', showCurrent: true, width: null, height: null },
        axesConfiguration: { bottom: { enabled: true }, left: axis(format), right: axis(sysdigFormats.none) },
      };
    case 'stat':
      if (queryCount !== 1) {
        throw new Error(`panel ${panel.id}: a Sysdig number panel shows exactly one query, this one has ${queryCount}`);
      }
      return { numberThresholds: numberThresholds(panel, format) };
    case 'table':
      // A table shows its queries with the shared fields alone.
      return {};
  }
}

function advancedQuery(query: Query, format: SysdigFormat, prepared: PreparedDashboard) {
  return {
    query: prepared.expr('sysdig', query),
    enabled: true,
    displayInfo: { displayName: '', timeSeriesDisplayNameTemplate: productLegend('sysdig', query), type: 'lines' },
    // Listed rather than spread: Node 20 adds each property that follows a spread (and is not in the spread
    // object) with a runtime call, which made this one line a third of the Sysdig renderer.
    format: {
      unit: format.unit,
      inputFormat: format.inputFormat,
      displayFormat: 'auto',
      decimals: null,
      yAxis: 'auto',
      nullValueDisplayMode: 'nullGap',
    },
  };
}

function axis(format: SysdigFormat) {
  return {
    enabled: true,
    displayName: null,
    unit: 'auto',
    displayFormat: 'auto',
    decimals: null,
    minValue: 0,
    maxValue: null,
    minInputFormat: format.inputFormat,
    maxInputFormat: format.inputFormat,
    scale: 'linear',
  };
}

/** Values under the lowest threshold are ok, as in Grafana; without thresholds the number is not coloured. */
function numberThresholds(panel: DataPanel, format: SysdigFormat) {
  const thresholds = ascendingThresholds(panel.thresholds);
  return {
    base: { displayText: '', severity: thresholds.length > 0 ? sysdigSeverities.ok : 'none' },
    values: thresholds.map((t) => ({
      severity: sysdigSeverities[t.severity],
      value: t.value,
      inputFormat: format.inputFormat,
      displayText: '',
    })),
  };
}
