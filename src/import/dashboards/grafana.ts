// A Grafana dashboard (the classic JSON model: `panels` with gridPos and row panels, or the `rows` of dashboards
// older than schemaVersion 16, exports with `__inputs` alike) → the model's Dashboard. The inverse of
// outputs/grafana: what that renderer writes comes back as it was; what the model has no field for is reported.
import { parsePromQL } from '../../analysis/promql/parse.js';
import type { Panel, Threshold, Unit, Variable } from '../../model/index.js';
import { grafanaThresholdColors, grafanaUnits } from '../../outputs/dashboards/products.js';
import {
  asArray,
  asNumber,
  article,
  asObject,
  asString,
  DashboardImport,
  DashboardImportError,
  FileReport,
  type ImportedDashboard,
  type Json,
  objectsOf,
  type PanelDraft,
  type QueryDraft,
  readJson,
  type ValueVariable,
} from './common.js';
import type { VariableScope } from './queries.js';
import type { ImportOutcome } from '../report.js';

export function importGrafanaDashboard(text: string, source: string): ImportedDashboard {
  const json = dashboardOf(readJson(text, source), source);
  const report = new FileReport(source);
  const variables = readVariables(json, report);
  const importer = new DashboardImport(report, variables.scope, variables.valueVariables);
  const datasources = new Datasources(json, variables.datasourceVariables);
  const title = asString(json.title)?.trim() || 'Imported dashboard';
  const rows = rowsOf(json, title, importer).map((row) => ({
    ...row,
    panels: row.panels.flatMap((panel) => panelDraft(panel, importer, datasources)),
  }));
  dashboardSettings(json, importer);
  return importer.build({
    title,
    idSource: asString(json.title)?.trim() || asString(json.uid) || 'dashboard',
    description: asString(json.description) ?? '',
    tags: asArray(json.tags).flatMap((tag) => asString(tag) ?? []),
    variables: variables.variables,
    rows,
  });
}

/** The dashboard object: the file itself, or the `dashboard` of an export from Grafana's API. */
function dashboardOf(parsed: unknown, source: string): Json {
  const file = asObject(parsed);
  const json = asObject(file?.dashboard) ?? file;
  if (json && asObject(json.spec) && (json.apiVersion || json.kind)) {
    throw new DashboardImportError(
      `${source}: a Grafana dashboard resource (apiVersion/kind/spec); import reads the classic dashboard JSON`,
    );
  }
  if (!json || asNumber(json.schemaVersion) === undefined || (!Array.isArray(json.panels) && !Array.isArray(json.rows))) {
    throw new DashboardImportError(`${source}: not a Grafana dashboard: expected an object with schemaVersion and panels (or rows)`);
  }
  return json;
}

// ---------------------------------------------------------------------------------------------- variables

interface ReadVariables {
  variables: Variable[];
  scope: VariableScope;
  valueVariables: ValueVariable[];
  /** Data source variables by name → the plugin they pick from. */
  datasourceVariables: Map<string, string>;
}

const labelValues = /^\s*label_values\(\s*(.+?)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$/s;

function readVariables(json: Json, report: FileReport): ReadVariables {
  const read: ReadVariables = {
    variables: [],
    scope: { dialect: 'grafana', labelVariables: new Map(), valueVariables: new Map(), droppedVariables: new Set() },
    valueVariables: [],
    datasourceVariables: new Map(),
  };
  const labelVariables = read.scope.labelVariables as Map<string, string>;
  const valueVariables = read.scope.valueVariables as Map<string, string>;
  const droppedVariables = read.scope.droppedVariables as Set<string>;
  const exprs = targetExprs(json);
  const queried = (name: string) => exprs.some((expr) => new RegExp(String.raw`\$${name}\b|\$\{${name}[}:]|\[\[${name}[\]:]`).test(expr));
  for (const entry of asArray(asObject(json.templating)?.list)) {
    const variable = asObject(entry);
    const name = asString(variable?.name);
    if (!variable || !name) continue;
    const where = `variable "${name}"`;
    const line = (outcome: ImportOutcome, message: string) => {
      if (outcome === 'not-imported') droppedVariables.add(name);
      report.line(where, outcome, message);
    };
    const type = asString(variable.type) ?? 'query';
    if (type === 'datasource') {
      const plugin = asString(variable.query) ?? 'prometheus';
      read.datasourceVariables.set(name, plugin);
      line(
        plugin === 'prometheus' ? 'imported' : 'not-imported',
        plugin === 'prometheus'
          ? 'the data source variable, which every dashboard intgen renders has'
          : `a data source variable of ${plugin}; intgen's dashboards read Prometheus`,
      );
      continue;
    }
    if (type === 'query') {
      const query = asString(variable.query) ?? asString(asObject(variable.query)?.query) ?? asString(variable.definition) ?? '';
      const match = labelValues.exec(query);
      const selector = match ? parsePromQL(match[1]!).selectors[0] : undefined;
      if (!match || !selector?.metric) {
        line(
          'not-imported',
          `its query ${JSON.stringify(query)} is not label_values(metric, label), the one kind of variable the model has`,
        );
        continue;
      }
      const label = match[2]!;
      if (read.variables.some((v) => v.name === label)) {
        line('not-imported', `a second variable for the label ${label}; the model has one per label`);
        continue;
      }
      if (!queried(name)) {
        line('not-imported', `no panel query filters by it, and the model filters every query by every variable`);
        continue;
      }
      labelVariables.set(name, label);
      read.variables.push({ name: label, label: asString(variable.label) || name, metric: selector.metric });
      const changes = [
        ...(selector.matchers.length > 0
          ? [`its values come from every ${selector.metric} series (the selector's matchers are not kept)`]
          : []),
        ...(asString(variable.regex) ? [`its regex ${asString(variable.regex)} is not applied`] : []),
        ...(name !== label ? [`it is named after its label, ${label}`] : []),
        ...(variable.multi === false || variable.includeAll === false
          ? ['it takes several values and All, as every model variable does']
          : []),
      ];
      line(changes.length > 0 ? 'approximated' : 'imported', [`label variable ${label} from ${selector.metric}`, ...changes].join('; '));
      continue;
    }
    const value = currentValue(variable, type);
    if (value === undefined || type === 'adhoc') {
      line('not-imported', `${article(type)} variable without a single current value, which the model has no place for`);
      continue;
    }
    valueVariables.set(name, value);
    read.valueVariables.push({ name, kind: type, value });
  }
  return read;
}

/** The expressions of every panel's queries, rows old and new, collapsed or not. */
function targetExprs(json: Json): string[] {
  const panels = [...objectsOf(json.panels), ...objectsOf(json.rows).flatMap((row) => objectsOf(row.panels))];
  return [...panels, ...panels.flatMap((panel) => objectsOf(panel.panels))].flatMap((panel) =>
    objectsOf(panel.targets).flatMap((target) => asString(target.expr) ?? []),
  );
}

/** The one value a custom, constant, text box or interval variable has now; undefined for several or All. */
function currentValue(variable: Json, type: string): string | undefined {
  const current = asObject(variable.current)?.value;
  const value = Array.isArray(current) ? (current.length === 1 ? current[0] : undefined) : current;
  const text = asString(value) ?? (type === 'constant' || type === 'textbox' ? asString(variable.query) : undefined);
  return text === undefined || text === '$__all' ? undefined : text;
}

// ---------------------------------------------------------------------------------------------- data sources

/** What a data source reference reads from: a plugin id, or undefined for the dashboard's default. */
class Datasources {
  private readonly inputs = new Map<string, string>();
  constructor(
    json: Json,
    private readonly variables: ReadonlyMap<string, string>,
  ) {
    // An export's placeholders, ${DS_PROMETHEUS}, each with the plugin it stands for.
    for (const input of asArray(json.__inputs)) {
      const entry = asObject(input);
      const name = asString(entry?.name);
      const plugin = asString(entry?.pluginId);
      if (name && plugin && entry?.type === 'datasource') this.inputs.set(name, plugin);
    }
  }

  /** The plugin a reference names, 'prometheus' for the dashboard's default, or the name where only that is known. */
  typeOf(reference: unknown): { type: string; byName?: string } {
    const object = asObject(reference);
    if (object) return asString(object.type) ? { type: asString(object.type)! } : this.typeOf(object.uid);
    const name = asString(reference);
    if (!name || name === 'default') return { type: 'prometheus' };
    const placeholder = /^\$\{?(\w+)\}?$/.exec(name)?.[1];
    if (placeholder) return { type: this.inputs.get(placeholder) ?? this.variables.get(placeholder) ?? 'prometheus' };
    if (name === '-- Mixed --') return { type: 'mixed' };
    if (name === '-- Grafana --' || name === '-- Dashboard --') return { type: name.slice(3, -3).toLowerCase() };
    // A data source by name, as dashboards before Grafana 8 refer to one: its type is not in the file.
    return { type: 'prometheus', byName: name };
  }
}

// ---------------------------------------------------------------------------------------------- rows

interface GrafanaRow {
  where: string;
  title: string;
  panels: Json[];
}

/** The rows and their panels, in reading order, from either layout of the classic model. */
function rowsOf(json: Json, title: string, importer: DashboardImport): GrafanaRow[] {
  return Array.isArray(json.panels) ? gridRows(json.panels, title, importer) : legacyRows(asArray(json.rows), importer);
}

const gridPos = (panel: Json) => {
  const pos = asObject(panel.gridPos);
  return { x: asNumber(pos?.x) ?? 0, y: asNumber(pos?.y) ?? 0, w: asNumber(pos?.w), h: asNumber(pos?.h) };
};
const readingOrder = (a: Json, b: Json) => gridPos(a).y - gridPos(b).y || gridPos(a).x - gridPos(b).x;

/** schemaVersion ≥ 16: row panels head the panels under them; a collapsed row holds its own. */
function gridRows(panels: unknown[], title: string, importer: DashboardImport): GrafanaRow[] {
  const sorted = objectsOf(panels).sort(readingOrder);
  const rows: GrafanaRow[] = [];
  for (const panel of sorted) {
    if (panel.type === 'row') {
      const row = rowOf(panel, rows.length, importer);
      rows.push({ ...row, panels: objectsOf(panel.panels).sort(readingOrder) });
      continue;
    }
    if (rows.length === 0) {
      importer.line(
        `row "${title}"`,
        'approximated',
        'the panels above the first row (or in a dashboard without rows) go into a row titled after the dashboard',
      );
      rows.push({ where: `row "${title}"`, title, panels: [] });
    }
    rows.at(-1)!.panels.push(panel);
  }
  return rows;
}

function rowOf(row: Json, index: number, importer: DashboardImport): Omit<GrafanaRow, 'panels'> {
  const title = importer.text(asString(row.title)?.trim() || `Row ${index + 1}`);
  const where = `row "${title}"`;
  if (row.collapsed === true || row.collapse === true)
    importer.line(where, 'approximated', 'collapsed in Grafana; the model’s rows are always open');
  if (asString(row.repeat))
    importer.line(where, 'approximated', `repeated per value of $${asString(row.repeat)} in Grafana; imported once`);
  return { where, title };
}

/** Grafana's grid: a cell is 30 pixels high with 8 between cells, and a panel at least three cells. */
const pixelsPerGridRow = 38;
const pixels = (height: unknown) => asNumber(height) ?? (asString(height) ? Number.parseInt(asString(height)!, 10) : undefined);

/** schemaVersion < 16: `rows`, each with its panels, their width in twelfths (span) and the row's height in pixels. */
function legacyRows(rows: unknown[], importer: DashboardImport): GrafanaRow[] {
  return rows.flatMap((entry, index) => {
    const row = asObject(entry);
    if (!row) return [];
    const { where, title } = rowOf(row, index, importer);
    const rowHeight = pixels(row.height);
    const panels = asArray(row.panels).flatMap((p) => {
      const panel = asObject(p);
      if (!panel) return [];
      const span = asNumber(panel.span);
      const height = pixels(panel.height) ?? rowHeight;
      const h = height === undefined || Number.isNaN(height) ? undefined : Math.max(3, Math.ceil(height / pixelsPerGridRow));
      return [{ ...panel, gridPos: { w: span === undefined ? undefined : span * 2, h } }];
    });
    return [{ where, title, panels }];
  });
}

// ---------------------------------------------------------------------------------------------- panels

/** Panel types the model has, and what each becomes. */
const panelTypes: Record<string, { type: Panel['type']; was?: string }> = {
  timeseries: { type: 'timeseries' },
  graph: { type: 'timeseries', was: 'a graph panel (the time series panel before Grafana 7)' },
  stat: { type: 'stat' },
  singlestat: { type: 'stat', was: 'a singlestat panel (the stat panel before Grafana 7)' },
  table: { type: 'table' },
  'table-old': { type: 'table', was: 'a table-old panel' },
  text: { type: 'text' },
};

function panelDraft(panel: Json, importer: DashboardImport, datasources: Datasources): PanelDraft[] {
  const grafanaType = asString(panel.type) ?? 'graph';
  const rawTitle = asString(panel.title)?.trim() ?? '';
  const id = asNumber(panel.id);
  const where = `panel "${rawTitle}"${id === undefined ? '' : ` (id ${id})`}`;
  const mapped = panelTypes[grafanaType];
  if (!mapped) {
    importer.line(
      where,
      'not-imported',
      `${article(grafanaType)} panel, a type the model has no equal for (it has timeseries, stat, table and text)`,
    );
    return [];
  }
  const library = asObject(panel.libraryPanel);
  if (library && !Array.isArray(panel.targets) && mapped.type !== 'text') {
    importer.line(
      where,
      'not-imported',
      `the library panel ${JSON.stringify(asString(library.name) ?? asString(library.uid))}: its content is kept in Grafana, not in the file`,
    );
    return [];
  }
  if (mapped.was) importer.line(where, 'approximated', `${mapped.was} becomes a ${mapped.type} panel`);
  const title = rawTitle || `${mapped.type === 'text' ? 'Text' : 'Panel'} ${id ?? ''}`.trim();
  if (!rawTitle) importer.line(where, 'approximated', `untitled in Grafana; titled "${title}"`);
  panelExtras(panel, where, importer);
  if (mapped.type === 'timeseries') seriesStyle(panel, where, importer);
  if (mapped.type === 'stat') statValue(panel, where, importer);
  const { w, h } = gridPos(panel);
  const common = {
    where,
    type: mapped.type,
    title,
    description: asString(panel.description) ?? '',
    ...(w === undefined ? {} : { width: w }),
    ...(h === undefined ? {} : { height: h }),
  };
  if (mapped.type === 'text') return [{ ...common, queries: [], content: textContent(panel, where, importer) }];
  const unit = unitOf(panel, where, importer);
  const thresholds = thresholdsOf(panel, mapped.type, where, importer);
  return [
    {
      ...common,
      ...(unit ? { unit } : {}),
      ...(thresholds ? { thresholds } : {}),
      queries: queriesOf(panel, where, importer, datasources),
    },
  ];
}

/** What a panel has beyond the model's fields: each reported by name. */
function panelExtras(panel: Json, where: string, importer: DashboardImport): void {
  const transformations = asArray(panel.transformations).flatMap((t) => asString(asObject(t)?.id) ?? []);
  if (transformations.length > 0) {
    importer.line(
      where,
      'approximated',
      `transformation${transformations.length === 1 ? '' : 's'} ${transformations.join(', ')} left out: the model has no transformations; the panel shows its queries as they are`,
    );
  }
  for (const override of asArray(asObject(panel.fieldConfig)?.overrides)) {
    const matcher = asObject(asObject(override)?.matcher);
    const properties = asArray(asObject(override)?.properties).flatMap((p) => asString(asObject(p)?.id) ?? []);
    importer.line(
      where,
      'approximated',
      `the override of ${properties.join(', ') || 'nothing'} for ${asString(matcher?.id) ?? 'fields'} ${JSON.stringify(matcher?.options ?? '')} left out: the model has no per-series overrides`,
    );
  }
  if (asString(panel.repeat))
    importer.line(where, 'approximated', `repeated per value of $${asString(panel.repeat)} in Grafana; imported once`);
  if (asObject(panel.alert)) importer.line(where, 'not-imported', 'its legacy Grafana alert: alerts belong in the module’s alerts');
  for (const key of ['timeFrom', 'timeShift'] as const) {
    if (asString(panel[key]))
      importer.line(where, 'approximated', `its ${key} ${asString(panel[key])} left out: panels show the dashboard's time range`);
  }
  if (asArray(panel.links).length > 0)
    importer.line(where, 'not-imported', `its ${asArray(panel.links).length} link(s): the model's panels have none`);
}

/** How a time series draws: the model's always draws unstacked lines. */
function seriesStyle(panel: Json, where: string, importer: DashboardImport): void {
  const custom = asObject(asObject(asObject(panel.fieldConfig)?.defaults)?.custom);
  const draw =
    asString(custom?.drawStyle) ?? (panel.bars === true ? 'bars' : panel.points === true && panel.lines === false ? 'points' : 'line');
  if (draw !== 'line') importer.line(where, 'approximated', `drawn as lines, not ${draw}`);
  const stacking = asString(asObject(custom?.stacking)?.mode) ?? (panel.stack === true ? 'normal' : 'none');
  if (stacking !== 'none') importer.line(where, 'approximated', `its series are not stacked (${stacking} in Grafana)`);
}

/** The value a stat shows: the model's shows the last one. */
function statValue(panel: Json, where: string, importer: DashboardImport): void {
  // A singlestat without valueName shows the average, Grafana's default for it.
  const calculation =
    asString(asArray(asObject(asObject(panel.options)?.reduceOptions)?.calcs)[0]) ??
    (panel.type === 'singlestat' ? (asString(panel.valueName) ?? 'avg') : 'lastNotNull');
  if (!['lastNotNull', 'current'].includes(calculation))
    importer.line(where, 'approximated', `shows the last value, not the ${calculation}`);
}

function textContent(panel: Json, where: string, importer: DashboardImport): string {
  const options = asObject(panel.options);
  const mode = asString(options?.mode) ?? asString(panel.mode) ?? 'markdown';
  if (mode !== 'markdown') importer.line(where, 'approximated', `its ${mode} content is shown as Markdown`);
  return asString(options?.content) ?? asString(panel.content) ?? '';
}

function queriesOf(panel: Json, where: string, importer: DashboardImport, datasources: Datasources): QueryDraft[] {
  const panelSource = datasources.typeOf(panel.datasource);
  return asArray(panel.targets).flatMap((entry, index) => {
    const target = asObject(entry);
    if (!target) return [];
    const refId = asString(target.refId) ?? String.fromCharCode(65 + index);
    const at = `${where} query ${refId}`;
    // A target's own data source wins; one of a mixed panel without its own reads the default.
    const own = target.datasource == null ? panelSource : datasources.typeOf(target.datasource);
    if (own.type === 'mixed') own.type = 'prometheus';
    if (own.type !== 'prometheus') {
      importer.line(at, 'not-imported', `reads the ${own.type} data source, not Prometheus`);
      return [];
    }
    if (own.byName) importer.line(at, 'approximated', `reads the data source named ${JSON.stringify(own.byName)}, taken to be Prometheus`);
    if (target.hide === true) {
      importer.line(at, 'not-imported', 'hidden in Grafana (a query other queries or expressions use): the model shows every query');
      return [];
    }
    const expr = asString(target.expr);
    if (expr === undefined || expr.trim() === '') {
      importer.line(at, 'not-imported', 'has no PromQL expression');
      return [];
    }
    if (asString(target.interval)) importer.line(at, 'approximated', `its minimum interval ${asString(target.interval)} left out`);
    const legend = asString(target.legendFormat);
    return [{ where: at, expr, ...(legend && legend !== '__auto' ? { legend } : {}) }];
  });
}

// ---------------------------------------------------------------------------------------------- units

/** Grafana unit ids the renderer writes, each to its model unit. */
const exactUnits = new Map(Object.entries(grafanaUnits).map(([unit, id]) => [id, unit as Unit]));

/** Grafana units with no model equal, and the nearest model unit: each reported. */
const nearUnits: Record<string, Unit> = {
  us: 'microseconds',
  decbytes: 'bytes',
  dtdurations: 'seconds',
  dtdurationms: 'milliseconds',
  reqps: 'per-second',
  rps: 'per-second',
  wps: 'per-second',
  iops: 'per-second',
  cps: 'per-second',
  pps: 'per-second',
};

function unitOf(panel: Json, where: string, importer: DashboardImport): Unit | undefined {
  const grafanaUnit =
    asString(asObject(asObject(panel.fieldConfig)?.defaults)?.unit) ??
    asString(asObject(asArray(panel.yaxes)[0])?.format) ??
    asString(panel.format);
  if (grafanaUnit === undefined || grafanaUnit === '') return undefined;
  const exact = exactUnits.get(grafanaUnit);
  if (exact) return exact;
  const near = nearUnits[grafanaUnit];
  if (near) {
    importer.line(where, 'approximated', `unit ${grafanaUnit} becomes ${near} (Grafana ${grafanaUnits[near]})`);
    return near;
  }
  importer.line(where, 'approximated', `unit ${grafanaUnit} has no model unit: the values show as plain numbers`);
  return undefined;
}

// ---------------------------------------------------------------------------------------------- thresholds

/** The severity a colour reads as: green is fine, orange and yellow warn, red is critical (by hue for the rest). */
function severityOf(colour: string): Threshold['severity'] {
  const named = colour.toLowerCase();
  if (named.includes('green')) return 'ok';
  if (named.includes('red')) return 'critical';
  if (named.includes('orange') || named.includes('yellow')) return 'warning';
  const hue = hueOf(named);
  if (hue === undefined) return 'warning';
  if (hue >= 75 && hue <= 170) return 'ok';
  if (hue < 15 || hue > 340) return 'critical';
  return 'warning';
}

function hueOf(colour: string): number | undefined {
  const hex = /^#([0-9a-f]{6})$/.exec(colour)?.[1];
  const rgb = hex
    ? [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
    : /^rgba?\(([^)]*)\)$/
        .exec(colour)?.[1]
        ?.split(',')
        .slice(0, 3)
        .map((n) => Number(n.trim()));
  if (rgb?.length !== 3 || rgb.some((n) => Number.isNaN(n))) return undefined;
  const [r, g, b] = rgb.map((n) => n / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return undefined;
  const hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (hue * 60 + 360) % 360;
}

interface Step {
  value: number | undefined;
  colour: string;
}

function thresholdsOf(panel: Json, type: Panel['type'], where: string, importer: DashboardImport): Threshold[] | undefined {
  const defaults = asObject(asObject(panel.fieldConfig)?.defaults);
  const config = asObject(defaults?.thresholds);
  const steps: Step[] | undefined = config
    ? asArray(config.steps).flatMap((s) => {
        const step = asObject(s);
        return step ? [{ value: asNumber(step.value), colour: asString(step.color) ?? 'green' }] : [];
      })
    : legacySteps(panel, where, importer);
  if (!steps || steps.length <= 1) return undefined;
  const described = steps.map((s) => `${s.colour}${s.value === undefined ? '' : ` at ${s.value}`}`).join(', ');
  if (asString(config?.mode) === 'percentage') {
    importer.line(where, 'not-imported', `thresholds ${described} are percentages of the range, which the model has not`);
    return undefined;
  }
  // A time series draws its thresholds only when asked to; undrawn they only colour series, which the model does not.
  const style = asString(asObject(asObject(defaults?.custom)?.thresholdsStyle)?.mode) ?? (panel.type === 'graph' ? 'line' : 'off');
  if (type === 'timeseries' && style === 'off') {
    importer.line(where, 'not-imported', `thresholds ${described} left out: the time series does not draw them (thresholdsStyle off)`);
    return undefined;
  }
  const [base, ...rest] = steps;
  const thresholds = rest.filter((s) => s.value !== undefined).map((s) => ({ value: s.value!, severity: severityOf(s.colour) }));
  const changed = steps.filter((s, i) =>
    i === 0 ? s.colour !== grafanaThresholdColors.ok : grafanaThresholdColors[severityOf(s.colour)] !== s.colour,
  );
  const notes = [
    ...changed.map(
      (s) =>
        `${s.colour}${s.value === undefined ? ' (the base)' : ` at ${s.value}`} shows as ${s === base ? grafanaThresholdColors.ok : grafanaThresholdColors[severityOf(s.colour)]}`,
    ),
    ...(type === 'timeseries' && style !== 'line' ? [`drawn as lines, not ${style}`] : []),
  ];
  if (notes.length > 0) importer.line(where, 'approximated', `thresholds: ${notes.join('; ')}`);
  return thresholds;
}

/** A graph panel's thresholds (value, colorMode, op) or a singlestat's "50,80" with three colours, as steps. */
function legacySteps(panel: Json, where: string, importer: DashboardImport): Step[] | undefined {
  if (Array.isArray(panel.thresholds)) {
    const colours: Record<string, string> = {
      ok: grafanaThresholdColors.ok,
      warning: grafanaThresholdColors.warning,
      critical: grafanaThresholdColors.critical,
    };
    const list = objectsOf(panel.thresholds);
    if (list.some((t) => t.op === 'lt'))
      importer.line(where, 'approximated', 'thresholds: a "below" threshold is read as "from this value up"');
    return [
      { value: undefined, colour: grafanaThresholdColors.ok },
      ...list.map((t) => ({ value: asNumber(t.value), colour: colours[asString(t.colorMode) ?? ''] ?? asString(t.lineColor) ?? 'orange' })),
    ];
  }
  const values = asString(panel.thresholds)
    ?.split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => !Number.isNaN(v));
  const colours = asArray(panel.colors).flatMap((c) => asString(c) ?? []);
  if (!values?.length) return undefined;
  return [{ value: undefined, colour: colours[0] ?? 'green' }, ...values.map((value, i) => ({ value, colour: colours[i + 1] ?? 'red' }))];
}

// ---------------------------------------------------------------------------------------------- dashboard

/** The dashboard's own settings that intgen's renderer sets its own way. */
function dashboardSettings(json: Json, importer: DashboardImport): void {
  const uid = asString(json.uid);
  if (uid) importer.line('dashboard', 'approximated', `uid ${uid} is not kept: intgen derives the uid from the module and dashboard ids`);
  const time = asObject(json.time);
  const from = asString(time?.from);
  if (from && from !== 'now-1h')
    importer.line('dashboard', 'approximated', `default time range ${from} to ${asString(time?.to) ?? 'now'} becomes now-1h to now`);
  const refresh = asString(json.refresh);
  if (refresh && refresh !== '1m') importer.line('dashboard', 'approximated', `refresh every ${refresh} becomes 1m`);
  const links = asArray(json.links).length;
  if (links > 0) importer.line('dashboard', 'not-imported', `${links} dashboard link(s): the model's dashboards have none`);
  const annotations = objectsOf(asObject(json.annotations)?.list).filter((a) => a.builtIn !== 1);
  for (const annotation of annotations) {
    importer.line(
      'dashboard',
      'not-imported',
      `the annotation ${JSON.stringify(asString(annotation.name) ?? '')}: the model's dashboards have none`,
    );
  }
}
