// The round-trip oracle: what a dashboard file shows (panels, their types, queries, legends, units, thresholds),
// read the same way from the input and from intgen's rendering of the import, compared, and every difference
// required to be in the import report. It reads both files on its own, sharing nothing with the importer.
import { canonicalPromQL } from '../../../src/analysis/promql/canonical.js';
import { parsePromQL } from '../../../src/analysis/promql/parse.js';
import { applyEdits } from '../../../src/analysis/promql/rewrite.js';
import type { ImportReportLine } from '../../../src/import/report.js';
import type { Dashboard } from '../../../src/model/index.js';
import { validateIntegration } from '../../../src/validate/schema.js';

/** What the model's JSON Schema finds wrong with an imported dashboard, in an integration of its own. */
export function dashboardSchemaProblems(dashboard: Dashboard): string[] {
  const integration = { id: 'imported', dashboards: [dashboard] };
  return validateIntegration
    .problems(integration)
    .filter((problem) => problem.path.startsWith('dashboards'))
    .map((problem) => `${problem.path}: ${problem.message}`);
}

/**
 * Canonical PromQL with each selector's matchers in label order (the renderer appends the variables' matchers;
 * their order means nothing); what is no PromQL (another data source's query, a broken one) compares as its text.
 */
function canonical(expr: string): string {
  const parsed = parsePromQL(expr);
  if (parsed.problems.length > 0) return `unparsable:${expr}`;
  const edits = parsed.selectors.flatMap((s) => {
    if (!s.braces || s.matchers.length < 2) return [];
    const sorted = s.matchers.map((m) => expr.slice(m.from, m.to)).sort();
    return [{ from: s.braces.from, to: s.braces.to, text: `{${sorted.join(', ')}}` }];
  });
  return canonicalPromQL(applyEdits(expr, edits));
}

export interface PanelView {
  /** Where the importer's report names the panel: `panel "Title" (id 4)`. */
  where: string;
  row: string;
  title: string;
  type: string;
  unit: string;
  /** Columns × grid rows. */
  size: string;
  thresholds: string[];
  queries: { expr: string; legend: string }[];
}

// Loose on purpose: the oracle reads whatever the files hold, and a missing field fails the comparison.
// biome-ignore lint/suspicious/noExplicitAny: JSON of two products, read field by field.
type Json = Record<string, any>;

/** Each window variable as a distinct concrete window, so a query parses and a changed variable shows. */
const windowSentinels: Record<string, string> = { __rate_interval: '1001s', __interval: '1002s', __range: '1003s' };

function restoreWindows(expr: string): string {
  return expr.replace(/\[\s*\$(?:\{(\w+)\}|(\w+))\s*(\]|:)/g, (whole, a: string | undefined, b: string | undefined, end: string) => {
    const sentinel = windowSentinels[(a ?? b)!];
    return sentinel ? `[${sentinel}${end}` : whole;
  });
}

const substitute = (text: string, values: ReadonlyMap<string, string>) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => values.get((a ?? b)!) ?? whole);

/** Panel types as the model maps them: Grafana's older panels read as their successors. */
const grafanaSuccessors: Record<string, string> = { graph: 'timeseries', singlestat: 'stat', 'table-old': 'table' };

/** What a Grafana dashboard (classic model, gridPos rows) shows, panel by panel in reading order. */
export function grafanaView(json: Json): PanelView[] {
  const values = new Map<string, string>();
  for (const variable of json.templating?.list ?? []) {
    const current = variable.current?.value;
    const value = Array.isArray(current) ? current[0] : current;
    if (['custom', 'constant', 'interval', 'textbox'].includes(variable.type) && typeof value === 'string')
      values.set(variable.name, value);
  }
  const byPosition = (a: Json, b: Json) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0);
  const views: PanelView[] = [];
  let row = json.title as string;
  for (const panel of [...(json.panels ?? [])].sort(byPosition)) {
    if (panel.type === 'row') {
      row = substitute(panel.title, values);
      for (const nested of [...(panel.panels ?? [])].sort(byPosition)) views.push(grafanaPanelView(nested, row, values));
    } else {
      views.push(grafanaPanelView(panel, row, values));
    }
  }
  return views;
}

function grafanaPanelView(panel: Json, row: string, values: ReadonlyMap<string, string>): PanelView {
  const type = grafanaSuccessors[panel.type] ?? panel.type;
  const defaults = panel.fieldConfig?.defaults ?? {};
  const drawn = type !== 'timeseries' || (defaults.custom?.thresholdsStyle?.mode ?? 'off') !== 'off';
  const steps: Json[] = drawn ? (defaults.thresholds?.steps ?? []) : [];
  return {
    where: `panel "${panel.title ?? ''}" (id ${panel.id})`,
    row,
    title: substitute(panel.title ?? '', values),
    type,
    unit: defaults.unit || 'none',
    size: `${panel.gridPos?.w}x${panel.gridPos?.h}`,
    thresholds: steps.length > 1 ? steps.map((s) => `${s.value ?? 'base'}:${s.color}`) : [],
    queries: (panel.targets ?? [])
      .filter((t: Json) => t.hide !== true && typeof t.expr === 'string')
      .map((t: Json) => ({
        expr: canonical(restoreWindows(substitute(t.expr, values))),
        legend: t.legendFormat === '__auto' ? '' : substitute(t.legendFormat ?? '', values),
      })),
  };
}

/** What a Sysdig v3 dashboard shows; `renames` maps a scope variable's display name to the label it filters. */
export function sysdigView(file: Json, renames: ReadonlyMap<string, string> = new Map()): PanelView[] {
  const dashboard = file.dashboard;
  const boxes = new Map<number, Json>(dashboard.layout.map((box: Json) => [box.panelId, box]));
  const placed = [...dashboard.panels].sort(
    (a: Json, b: Json) => (boxes.get(a.id)?.y ?? 0) - (boxes.get(b.id)?.y ?? 0) || (boxes.get(a.id)?.x ?? 0) - (boxes.get(b.id)?.x ?? 0),
  );
  const views: PanelView[] = [];
  let row = dashboard.name as string;
  for (const panel of placed) {
    const box = boxes.get(panel.id);
    if (panel.type === 'text' && box?.w === 24 && box?.h === 1) {
      row = panel.name.trim();
      continue;
    }
    const queries: Json[] = (panel.advancedQueries ?? []).filter((q: Json) => q.enabled !== false);
    const severities = (panel.numberThresholds?.values ?? []).map((v: Json) => `${v.value}:${v.severity}`);
    views.push({
      where: `panel "${panel.name.trim()}" (id ${panel.id})`,
      row,
      title: panel.name.trim(),
      type: panel.type,
      unit: queries[0] ? `${queries[0].format?.unit}:${queries[0].format?.inputFormat}` : 'none',
      size: `${box?.w}x${box?.h}`,
      thresholds: severities.length > 0 ? [`base:${panel.numberThresholds.base.severity}`, ...severities] : [],
      queries: queries.map((q) => ({
        // Sysdig writes a variable bare in a matcher; quoted, the query parses.
        expr: canonical(
          restoreWindows(q.query.trim()).replace(
            /(=~|!~|!=|=)\s*\$(\w+)/g,
            (_: string, op: string, name: string) => `${op}"$${renames.get(name) ?? name}"`,
          ),
        ),
        legend: q.displayInfo?.timeSeriesDisplayNameTemplate ?? '',
      })),
    });
  }
  return views;
}

/** How a report line about each aspect begins. */
const reportPrefixes: Record<keyof RoundTrip['equal'], RegExp> = {
  type: /^an? /,
  queries: /^query: /,
  legends: /^legend/,
  unit: /^unit/,
  size: /^(width|height)/,
  thresholds: /^thresholds/,
};

export interface RoundTrip {
  /** Input panels found again, and how many of them equal in each aspect. */
  matched: number;
  missing: string[];
  equal: Record<'type' | 'queries' | 'legends' | 'unit' | 'size' | 'thresholds', number>;
  /** Differences no report line accounts for: must be empty. */
  unreported: string[];
}

/**
 * Pairs input and output panels by row and title, in order, and checks each aspect. A difference is accounted for
 * when the report has a line that is not "imported" about that panel (or one of its queries) and that aspect.
 */
export function compareViews(input: readonly PanelView[], output: readonly PanelView[], report: readonly ImportReportLine[]): RoundTrip {
  const remaining = [...output];
  const result: RoundTrip = {
    matched: 0,
    missing: [],
    equal: { type: 0, queries: 0, legends: 0, unit: 0, size: 0, thresholds: 0 },
    unreported: [],
  };
  // A query left out accounts for its query and legend being gone; any other change needs its own line.
  const reported = (panel: PanelView, aspect: keyof RoundTrip['equal']) =>
    report.some(
      (line) =>
        line.where.startsWith(panel.where) &&
        (reportPrefixes[aspect].test(line.message)
          ? line.outcome !== 'imported'
          : (aspect === 'queries' || aspect === 'legends') && line.where.includes(' query ') && line.outcome === 'not-imported'),
    );
  const anyLine = (panel: PanelView) => report.some((line) => line.outcome !== 'imported' && line.where.startsWith(panel.where));
  for (const panel of input) {
    const index = remaining.findIndex((candidate) => candidate.row === panel.row && candidate.title === panel.title);
    if (index < 0) {
      result.missing.push(panel.where);
      if (!anyLine(panel)) result.unreported.push(`${panel.where} in row "${panel.row}" is missing from the output`);
      continue;
    }
    const [rendered] = remaining.splice(index, 1);
    result.matched++;
    const aspects = {
      type: [panel.type, rendered!.type],
      queries: [panel.queries.map((q) => q.expr), rendered!.queries.map((q) => q.expr)],
      legends: [panel.queries.map((q) => q.legend), rendered!.queries.map((q) => q.legend)],
      unit: [panel.unit, rendered!.unit],
      size: [panel.size, rendered!.size],
      thresholds: [panel.thresholds, rendered!.thresholds],
    } as const;
    for (const [aspect, [was, is]] of Object.entries(aspects) as [keyof RoundTrip['equal'], readonly [unknown, unknown]][]) {
      if (JSON.stringify(was) === JSON.stringify(is)) result.equal[aspect]++;
      else if (!reported(panel, aspect)) {
        result.unreported.push(`${panel.where}: ${aspect} ${JSON.stringify(was)} became ${JSON.stringify(is)}`);
      }
    }
  }
  return result;
}
