// A Sysdig Monitor v3 dashboard (PromCat's shape: one root key `dashboard`, PromQL panels, a 24-column layout,
// scope variables) → the model's Dashboard. The inverse of outputs/sysdig: Sysdig has no rows, so a full-width
// text panel with a heading or no text heads the panels under it as a row, as the renderer writes one.
import type { Panel, Threshold, Unit, Variable } from '../../model/index.js';
import { sysdigFormats, sysdigSeverities } from '../../outputs/dashboards/products.js';
import {
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
  type RowDraft,
  readJson,
} from './common.js';
import { selectorsOf, type VariableScope } from './queries.js';

export function importSysdigDashboard(text: string, source: string): ImportedDashboard {
  const json = asObject(asObject(readJson(text, source))?.dashboard);
  if (json?.schema !== 3 || !Array.isArray(json.panels)) {
    throw new DashboardImportError(
      `${source}: not a Sysdig v3 dashboard: expected {"dashboard": {"schema": 3, "panels": […], "layout": […]}}`,
    );
  }
  const title = asString(json.name)?.trim() || 'Imported dashboard';
  const panels = placedPanels(json);
  const report = new FileReport(source);
  const { variables, scope } = scopeVariables(json, panels, report);
  const importer = new DashboardImport(report, scope);
  return importer.build({
    title,
    idSource: title,
    description: asString(json.description) ?? '',
    tags: [],
    variables,
    rows: sections(panels, title, importer),
  });
}

interface Placed {
  panel: Json;
  where: string;
  box: { x: number; y: number; w?: number; h?: number };
}

/** Panels in reading order of the layout; one the layout leaves out goes last. */
function placedPanels(json: Json): Placed[] {
  const boxes = new Map(objectsOf(json.layout).map((box) => [asNumber(box.panelId), box]));
  const unplaced = Number.MAX_SAFE_INTEGER;
  return objectsOf(json.panels)
    .map((panel) => {
      const box = boxes.get(asNumber(panel.id));
      const id = asNumber(panel.id);
      return {
        panel,
        where: `panel "${asString(panel.name)?.trim() ?? ''}"${id === undefined ? '' : ` (id ${id})`}`,
        box: { x: asNumber(box?.x) ?? 0, y: asNumber(box?.y) ?? unplaced, w: asNumber(box?.w), h: asNumber(box?.h) },
      };
    })
    .sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

// ---------------------------------------------------------------------------------------------- scope

/** Scope variables: each filters the label its queries match with `label=~$name`, from the first metric that has it. */
function scopeVariables(json: Json, panels: readonly Placed[], report: FileReport): { variables: Variable[]; scope: VariableScope } {
  const labelVariables = new Map<string, string>();
  const droppedVariables = new Set<string>();
  const scope: VariableScope = { dialect: 'sysdig', labelVariables, valueVariables: new Map(), droppedVariables };
  const queries = panels.flatMap(({ panel }) => objectsOf(panel.advancedQueries).flatMap((q) => asString(q.query) ?? []));
  const scopes = objectsOf(json.scopeExpressionList);
  for (const entry of scopes) {
    const name = asString(entry.displayName) || asString(entry.operand) || '';
    const where = `scope variable "${name}"`;
    // A variable the model leaves out takes the matchers on it out with it.
    const dropped = (message: string) => {
      droppedVariables.add(name);
      report.line(where, 'not-imported', message);
    };
    if (entry.isVariable !== true && entry.variable !== true) {
      dropped(
        `a fixed scope (${asString(entry.operand)} ${asString(entry.operator)} ${JSON.stringify(entry.value)}): write the filter into the queries`,
      );
      continue;
    }
    const label = labelFilteredBy(name, queries) ?? asString(asObject(entry.descriptor)?.publicId);
    if (!label) {
      dropped('no query filters a label by it, and its descriptor names no label');
      continue;
    }
    labelVariables.set(name, label);
  }
  const variables: Variable[] = [];
  for (const [name, label] of labelVariables) {
    const where = `scope variable "${name}"`;
    const metric = queries
      .flatMap((query) => selectorsOf(query, scope))
      .find((s) => s.metric && s.matchers.some((m) => m.label === label))?.metric;
    if (!metric || variables.some((v) => v.name === label)) {
      labelVariables.delete(name);
      droppedVariables.add(name);
      report.line(
        where,
        'not-imported',
        metric
          ? `a second variable for the label ${label}; the model has one per label`
          : `no query reads the label ${label} to take its values from`,
      );
      continue;
    }
    variables.push({ name: label, label: name, metric });
    const renamed = name === label ? '' : `; its queries refer to it as $${label}, the model's name for it`;
    report.line(where, name === label ? 'imported' : 'approximated', `label variable ${label}, its values from ${metric}${renamed}`);
  }
  return { variables, scope };
}

/** The label a scope variable filters in Sysdig's queries, written `label=~$name` (the value unquoted). */
function labelFilteredBy(name: string, queries: readonly string[]): string | undefined {
  const matcher = new RegExp(String.raw`([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|=)\s*\$${name}\b`);
  for (const query of queries) {
    const label = matcher.exec(query)?.[1];
    if (label) return label;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- rows

/** A full-width text panel without text or with only a heading: the renderer's row header, and PromCat's. */
function isSectionHeader({ panel, box }: Placed): boolean {
  const markdown = asString(panel.markdownSource)?.trim() ?? '';
  return panel.type === 'text' && box.w === 24 && (markdown === '' || /^#{1,6} [^\n]*$/.test(markdown));
}

function sections(panels: readonly Placed[], title: string, importer: DashboardImport): RowDraft[] {
  const rows: RowDraft[] = [];
  for (const placed of panels) {
    if (isSectionHeader(placed)) {
      const heading = asString(placed.panel.markdownSource)?.trim().replace(/^#+ /, '') ?? '';
      const rowTitle = asString(placed.panel.name)?.trim() || heading || `Row ${rows.length + 1}`;
      const description = asString(placed.panel.description) ?? '';
      rows.push({ where: `row "${rowTitle}"`, title: rowTitle, ...(description ? { description } : {}), panels: [] });
      continue;
    }
    if (rows.length === 0) {
      importer.line(`row "${title}"`, 'approximated', 'the panels above the first section header go into a row titled after the dashboard');
      rows.push({ where: `row "${title}"`, title, panels: [] });
    }
    rows.at(-1)!.panels.push(...panelDraft(placed, importer));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------- panels

const panelTypes: Record<string, Panel['type']> = {
  advancedTimechart: 'timeseries',
  advancedNumber: 'stat',
  advancedTable: 'table',
  text: 'text',
};

function panelDraft({ panel, where, box }: Placed, importer: DashboardImport): PanelDraft[] {
  const sysdigType = asString(panel.type) ?? '';
  const type = panelTypes[sysdigType];
  if (!type) {
    importer.line(
      where,
      'not-imported',
      `${article(sysdigType)} panel, a type the model has no equal for (it has timeseries, stat, table and text)`,
    );
    return [];
  }
  const id = asNumber(panel.id);
  const name = asString(panel.name)?.trim() ?? '';
  const title = name || `${type === 'text' ? 'Text' : 'Panel'} ${id ?? ''}`.trim();
  if (!name) importer.line(where, 'approximated', `untitled in Sysdig; titled "${title}"`);
  const common = {
    where,
    type,
    title,
    description: asString(panel.description) ?? '',
    ...(box.w === undefined ? {} : { width: box.w }),
    ...(box.h === undefined ? {} : { height: box.h }),
  };
  if (type === 'text') return [{ ...common, queries: [], content: asString(panel.markdownSource) ?? '' }];
  const queries = objectsOf(panel.advancedQueries);
  const unit = unitOf(queries, where, importer);
  const thresholds = type === 'stat' ? thresholdsOf(asObject(panel.numberThresholds), where, importer) : undefined;
  return [
    { ...common, ...(unit ? { unit } : {}), ...(thresholds?.length ? { thresholds } : {}), queries: queryDrafts(queries, where, importer) },
  ];
}

function queryDrafts(queries: readonly Json[], where: string, importer: DashboardImport): QueryDraft[] {
  return queries.flatMap((query, index) => {
    const at = `${where} query ${index + 1}`;
    if (query.enabled === false) {
      importer.line(at, 'not-imported', 'disabled in Sysdig: the model shows every query');
      return [];
    }
    const expr = asString(query.query);
    if (!expr?.trim()) {
      importer.line(at, 'not-imported', 'has no PromQL query');
      return [];
    }
    const display = asObject(query.displayInfo);
    const drawn = asString(display?.type);
    if (drawn && drawn !== 'lines') importer.line(at, 'approximated', `drawn as lines, not ${drawn}`);
    const displayName = asString(display?.displayName);
    if (displayName)
      importer.line(at, 'approximated', `its display name ${JSON.stringify(displayName)} is not kept: the legend names its series`);
    const legend = asString(display?.timeSeriesDisplayNameTemplate);
    return [{ where: at, expr, ...(legend ? { legend } : {}) }];
  });
}

/** The model unit whose Sysdig format is this one, the first the renderer's table lists. */
const unitOfFormat = (format: Json | undefined): Unit | undefined =>
  (Object.entries(sysdigFormats) as [Unit, (typeof sysdigFormats)[Unit]][]).find(
    ([, f]) => f.unit === asString(format?.unit) && f.inputFormat === asString(format?.inputFormat),
  )?.[0];

/** One unit per model panel: Sysdig formats each query; the first's is the panel's. */
function unitOf(queries: readonly Json[], where: string, importer: DashboardImport): Unit | undefined {
  const formats = queries.map((query) => asObject(query.format));
  const describe = (format: Json | undefined) => `${asString(format?.unit) ?? 'none'} from ${asString(format?.inputFormat) ?? 'none'}`;
  const first = formats[0];
  if (!first) return undefined;
  const unit = unitOfFormat(first);
  if (!unit) importer.line(where, 'approximated', `unit ${describe(first)} has no model unit: the values show as plain numbers`);
  const others = [
    ...new Set(
      formats
        .slice(1)
        .filter((f) => describe(f) !== describe(first))
        .map(describe),
    ),
  ];
  if (others.length > 0)
    importer.line(where, 'approximated', `unit: its queries' units ${others.join(', ')} become the first query's, ${describe(first)}`);
  return unit;
}

/** Sysdig severities the renderer writes, each to its model severity. */
const severities = new Map(Object.entries(sysdigSeverities).map(([severity, sysdig]) => [sysdig, severity as Threshold['severity']]));
/** The rest of Sysdig's scale, to the nearest model severity. */
const nearSeverities: Record<string, Threshold['severity']> = { info: 'ok', low: 'warning', none: 'ok' };

function thresholdsOf(numberThresholds: Json | undefined, where: string, importer: DashboardImport): Threshold[] {
  if (!numberThresholds) return [];
  const notes: string[] = [];
  const thresholds = objectsOf(numberThresholds.values).flatMap((entry) => {
    const value = asNumber(entry.value);
    const sysdig = asString(entry.severity) ?? 'none';
    if (value === undefined) return [];
    const severity = severities.get(sysdig) ?? nearSeverities[sysdig] ?? 'warning';
    if (!severities.has(sysdig)) notes.push(`${sysdig} at ${value} becomes ${severity} (${sysdigSeverities[severity]})`);
    if (asString(entry.displayText)) notes.push(`the text ${JSON.stringify(entry.displayText)} at ${value} is not kept`);
    return [{ value, severity }];
  });
  const base = asObject(numberThresholds.base);
  const baseSeverity = asString(base?.severity) ?? 'none';
  const renderedBase = thresholds.length > 0 ? sysdigSeverities.ok : 'none';
  if (baseSeverity !== renderedBase) notes.push(`the base severity ${baseSeverity} becomes ${renderedBase}`);
  if (asString(base?.displayText)) notes.push(`the base text ${JSON.stringify(base?.displayText)} is not kept`);
  if (notes.length > 0) importer.line(where, 'approximated', `thresholds: ${notes.join('; ')}`);
  return thresholds;
}
