// What the outputs of a build say, as data a diff can compare: read from out/ files, whether committed at some
// git ref or freshly rendered in memory. Only the outputs a reviewer acts on are read (rules, agent jobs,
// Grafana dashboards in either model, the catalog index with the parameters); unit tests and the docs
// are derived from those, so comparing them too would only repeat the same change louder.
import { parse as parseYaml } from 'yaml';
import { catalogMetricsKept } from '../analysis/relabel/engine.js';
import { catalogIndexFile, matchOutput, type OutputKind } from '../outputs/paths.js';

export type Scalar = string | number | boolean;

/** Fields of one compared item: scalars, or lists compared entry by entry (e.g. relabel steps). */
export type Fields = Record<string, Scalar | string[]>;

/** Items by a key that is stable across builds (alert name, panel title, job name), in output order. */
export type Items = Map<string, Fields>;

export interface DashboardSnapshot {
  title: string;
  /** Keyed by panel title; fields include the title, so a retitled panel can be paired by its queries. */
  panels: Items;
}

export interface IntegrationSnapshot {
  /** Parameter defaults, units and build values, from index.json. */
  params: Items;
  /**
   * The integration's entry in index.json (name, versions, catalog metric count, series per target); absent when
   * the tree has none (written by an intgen before --only kept it).
   */
  catalog?: Fields;
  ruleGroups: string[];
  alerts: Items;
  recordingRules: Items;
  dashboards: Map<string, DashboardSnapshot>;
  /** Catalog metrics the agent jobs' keep-lists keep, each with its job (and a histogram with its series). */
  metrics: Items;
  jobs: Items;
}

export interface OutputSnapshot {
  integrations: Map<string, IntegrationSnapshot>;
}

const inputKinds: readonly OutputKind[] = ['prometheusRules', 'agentJobs', 'grafanaDashboard', 'grafanaV2Dashboard'];

/** Whether a path under out/ is one the snapshot reads, so callers can skip fetching the others. */
export function isSnapshotInput(file: string): boolean {
  return file === catalogIndexFile || inputKinds.some((kind) => matchOutput(kind, file) !== undefined);
}

/** An integration with no outputs: what one side of a diff holds for an integration added or removed. */
export const emptySnapshot = (): IntegrationSnapshot => ({
  params: new Map(),
  ruleGroups: [],
  alerts: new Map(),
  recordingRules: new Map(),
  dashboards: new Map(),
  metrics: new Map(),
  jobs: new Map(),
});

/** Reads a tree of out/ files (POSIX paths relative to out/ → content). Files it does not read are ignored. */
export function snapshotOutputs(files: ReadonlyMap<string, string>): OutputSnapshot {
  const integrations = new Map<string, IntegrationSnapshot>();
  const integration = (id: string) => {
    let snapshot = integrations.get(id);
    if (!snapshot) {
      snapshot = emptySnapshot();
      integrations.set(id, snapshot);
    }
    return snapshot;
  };
  // Sorted, so a snapshot does not depend on the order the caller read the files in.
  for (const file of [...files.keys()].sort()) {
    const content = files.get(file)!;
    let match: ReturnType<typeof matchOutput>;
    if ((match = matchOutput('prometheusRules', file))) Object.assign(integration(match.id), readRules(content, file));
    else if ((match = matchOutput('agentJobs', file))) Object.assign(integration(match.id), readAgentJobs(content, file));
    else if ((match = matchOutput('grafanaDashboard', file)))
      integration(match.id).dashboards.set(match.dashboard!, readGrafanaDashboard(content, file));
    // Read only where the build writes no classic model of the same dashboard (grafanaFormats: ["v2"]).
    else if ((match = matchOutput('grafanaV2Dashboard', file)) && !files.has(file.replace('/grafana-v2/', '/grafana/')))
      integration(match.id).dashboards.set(match.dashboard!, readGrafanaV2Dashboard(content, file));
  }
  const index = files.get(catalogIndexFile);
  if (index !== undefined) {
    for (const [id, entry] of readCatalogIndex(index)) Object.assign(integration(id), entry);
  }
  return { integrations: new Map([...integrations].sort(([a], [b]) => compareStrings(a, b))) };
}

/** Code-unit order, so no locale reorders the output. */
export const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---- helpers ------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
/** A JSON value as written: a number stays a number, for `diff --format json`. */
const scalarOf = (value: unknown): Scalar | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;

function parseData(content: string, file: string, parse: (content: string) => unknown): unknown {
  try {
    return parse(content);
  } catch (error) {
    throw new Error(`${file}: cannot parse: ${(error as Error).message}`);
  }
}

/** Adds an item under `key`, or `key (2)`, `key (3)`… when an earlier item took it. */
function addUnique(items: Items, key: string, fields: Fields): void {
  let unique = key;
  for (let n = 2; items.has(unique); n += 1) unique = `${key} (${n})`;
  items.set(unique, fields);
}

/** `prefix.name` fields of a string map, such as an alert's labels. */
function prefixed(prefix: string, map: unknown, except: string[] = []): Fields {
  if (!isObject(map)) return {};
  const fields: Fields = {};
  for (const [name, value] of Object.entries(map)) {
    const s = text(value);
    if (s !== undefined && !except.includes(name)) fields[`${prefix}.${name}`] = s;
  }
  return fields;
}

// ---- rules.yaml ---------------------------------------------------------------------------------------------

function readRules(content: string, file: string): Pick<IntegrationSnapshot, 'ruleGroups' | 'alerts' | 'recordingRules'> {
  const data = parseData(content, file, parseYaml);
  const result = { ruleGroups: [] as string[], alerts: new Map() as Items, recordingRules: new Map() as Items };
  for (const group of objects(isObject(data) ? data.groups : undefined)) {
    const name = text(group.name) ?? '';
    result.ruleGroups.push(name);
    for (const rule of objects(group.rules)) {
      const { alert, record, expr, labels, annotations, ...rest } = rule;
      const common: Fields = { group: name, expr: text(expr) ?? '' };
      // Any other field (for, keep_firing_for) is compared as written.
      for (const [key, value] of Object.entries(rest)) {
        const s = text(value);
        if (s !== undefined) common[key] = s;
      }
      if (typeof alert === 'string') {
        const severity = isObject(labels) ? text(labels.severity) : undefined;
        const fields: Fields = {
          ...common,
          ...(severity === undefined ? {} : { severity }),
          ...prefixed('labels', labels, ['severity']),
          ...prefixed('annotations', annotations),
        };
        addUnique(result.alerts, alert, fields);
      } else if (typeof record === 'string') {
        addUnique(result.recordingRules, record, { ...common, ...prefixed('labels', labels) });
      }
    }
  }
  return result;
}

// ---- agent/jobs.yaml ----------------------------------------------------------------------------------------

/** One relabel step on one line, keys in the order written: `keep [__meta_kubernetes_pod_phase] regex=Running`. */
export function describeStep(step: Json): string {
  const parts = [text(step.action) ?? 'replace'];
  if (Array.isArray(step.source_labels)) parts.push(`[${step.source_labels.map((l) => text(l) ?? '').join(', ')}]`);
  for (const [key, value] of Object.entries(step)) {
    if (key === 'action' || key === 'source_labels') continue;
    parts.push(`${key}=${text(value) ?? JSON.stringify(value)}`);
  }
  return parts.join(' ');
}

const addressPort = /^(\$1|\[\$1\]):(\d+)$/;
const declaredPort = /^\((\d+)\)\?$/;
const metricNames = /^\(([a-zA-Z_:][a-zA-Z0-9_:]*(?:\|[a-zA-Z_:][a-zA-Z0-9_:]*)*)\)$/;

/**
 * A step that holds the job's port: one that points the target at it (`replacement=$1:<port>` or `[$1]:<port>`
 * into __address__), or keeps the targets of that container port (`regex=(<port>)?`). Described with `<port>` for
 * the number, so a port change reads as one field, not as changed steps.
 */
function portStep(step: Json): { port: number; described: string } | undefined {
  const replacement = text(step.replacement);
  const address = replacement === undefined || step.target_label !== '__address__' ? null : addressPort.exec(replacement);
  if (address) return { port: Number(address[2]), described: describeStep({ ...step, replacement: `${address[1]}:<port>` }) };
  const labels = step.source_labels;
  const regex = text(step.regex);
  const keep = regex === undefined ? null : declaredPort.exec(regex);
  const onPortNumber = Array.isArray(labels) && labels.length === 1 && labels[0] === '__meta_kubernetes_pod_container_port_number';
  if (step.action === 'keep' && onPortNumber && keep)
    return { port: Number(keep[1]), described: describeStep({ ...step, regex: '(<port>)?' }) };
  return undefined;
}

/** The keep-list: a `keep [__name__]` step whose regex is an alternation of metric names. */
function keepListOf(step: Json): string[] | undefined {
  const labels = step.source_labels;
  const regex = text(step.regex);
  const match = regex === undefined ? null : metricNames.exec(regex);
  if (step.action !== 'keep' || !Array.isArray(labels) || labels.length !== 1 || labels[0] !== '__name__' || !match) return undefined;
  return match[1]!.split('|');
}

function readAgentJobs(content: string, file: string): Pick<IntegrationSnapshot, 'jobs' | 'metrics'> {
  const data = parseData(content, file, parseYaml);
  const jobs: Items = new Map();
  const metrics: Items = new Map();
  for (const job of objects(data)) {
    const name = text(job.job_name) ?? '';
    const fields: Fields = {};
    for (const [key, value] of Object.entries(job)) {
      const s = text(value);
      if (s !== undefined && key !== 'job_name') fields[key] = s;
    }
    const relabel: string[] = [];
    for (const step of objects(job.relabel_configs)) {
      const found = portStep(step);
      // The port is its own field (the first step's, should steps disagree; the others then read as written).
      if (found && (fields.port === undefined || fields.port === found.port)) {
        fields.port = found.port;
        relabel.push(found.described);
      } else relabel.push(describeStep(step));
    }
    const metricRelabel: string[] = [];
    let keepList: string[] | undefined;
    for (const step of objects(job.metric_relabel_configs)) {
      const names = keepList ? undefined : keepListOf(step);
      if (names) keepList = names;
      else metricRelabel.push(describeStep(step));
    }
    fields.relabel_configs = relabel;
    if (metricRelabel.length) fields.metric_relabel_configs = metricRelabel;
    // The kept metrics themselves are compared as the integration's catalog metrics, once: a histogram is one.
    fields.keeps = keepList ? 'the catalog metrics' : 'all metrics';
    for (const { metric, series } of catalogMetricsKept(keepList ?? [])) {
      metrics.set(metric, series.length === 1 && series[0] === metric ? { job: name } : { job: name, series });
    }
    addUnique(jobs, name, fields);
  }
  return { jobs, metrics };
}

// ---- dashboards/grafana/<id>.json and dashboards/grafana-v2/<id>.json ------------------------------------------

/** What a panel shows, read from either Grafana model, so both give the same fields for the same panel. */
interface PanelParts {
  title: unknown;
  type: unknown;
  fieldConfig: unknown;
  queries: { expr: unknown; legend: unknown }[];
  options: unknown;
}

function thresholdSteps(fieldConfig: unknown): string | undefined {
  const thresholds = isObject(fieldConfig) && isObject(fieldConfig.defaults) ? fieldConfig.defaults.thresholds : undefined;
  const steps = objects(isObject(thresholds) ? thresholds.steps : undefined);
  return steps.length ? steps.map((s) => `${text(s.value) ?? 'base'} ${text(s.color) ?? ''}`.trim()).join(', ') : undefined;
}

function panelFields({ title, type, fieldConfig, queries, options }: PanelParts, row: string | undefined): Fields {
  const fields: Fields = { title: text(title) ?? '', type: text(type) ?? '' };
  if (row !== undefined) fields.row = row;
  const unit = isObject(fieldConfig) && isObject(fieldConfig.defaults) ? text(fieldConfig.defaults.unit) : undefined;
  if (unit !== undefined) fields.unit = unit;
  const thresholds = thresholdSteps(fieldConfig);
  if (thresholds !== undefined) fields.thresholds = thresholds;
  queries.forEach((query, i) => {
    const expr = text(query.expr);
    const legend = text(query.legend);
    if (expr !== undefined) fields[`queries[${i}].expr`] = expr;
    if (legend !== undefined) fields[`queries[${i}].legend`] = legend;
  });
  const content = isObject(options) ? text(options.content) : undefined;
  if (content !== undefined) fields.content = content;
  return fields;
}

function readGrafanaDashboard(content: string, file: string): DashboardSnapshot {
  const data = parseData(content, file, JSON.parse);
  const dashboard = isObject(data) ? data : {};
  const panels: Items = new Map();
  let row: string | undefined;
  const add = (panel: Json) =>
    addUnique(
      panels,
      text(panel.title) ?? '',
      panelFields(
        {
          title: panel.title,
          type: panel.type,
          fieldConfig: panel.fieldConfig,
          queries: objects(panel.targets).map((target) => ({ expr: target.expr, legend: target.legendFormat })),
          options: panel.options,
        },
        row,
      ),
    );
  for (const panel of objects(dashboard.panels)) {
    if (panel.type === 'row') {
      row = text(panel.title) ?? '';
      // A collapsed row holds its panels inside it.
      objects(panel.panels).forEach(add);
    } else add(panel);
  }
  return { title: text(dashboard.title) ?? '', panels };
}

/** The v2 resource's panels in layout order: its elements are a map, the layout (rows of grids, or one grid) orders them. */
function readGrafanaV2Dashboard(content: string, file: string): DashboardSnapshot {
  const data = parseData(content, file, JSON.parse);
  const spec = isObject(data) && isObject(data.spec) ? data.spec : {};
  const elements = isObject(spec.elements) ? spec.elements : {};
  const panels: Items = new Map();
  const addGrid = (grid: unknown, row: string | undefined) => {
    const items = isObject(grid) && isObject(grid.spec) ? objects(grid.spec.items) : [];
    for (const item of items) {
      const reference = isObject(item.spec) && isObject(item.spec.element) ? text(item.spec.element.name) : undefined;
      const element = reference === undefined ? undefined : elements[reference];
      const panel = isObject(element) && isObject(element.spec) ? element.spec : undefined;
      if (!panel) continue;
      const viz = isObject(panel.vizConfig) ? panel.vizConfig : {};
      const vizSpec = isObject(viz.spec) ? viz.spec : {};
      const group = isObject(panel.data) && isObject(panel.data.spec) ? panel.data.spec : {};
      const queries = objects(group.queries).map((query) => {
        const dataQuery =
          isObject(query.spec) && isObject(query.spec.query) && isObject(query.spec.query.spec) ? query.spec.query.spec : {};
        return { expr: dataQuery.expr, legend: dataQuery.legendFormat };
      });
      const parts = { title: panel.title, type: viz.group, fieldConfig: vizSpec.fieldConfig, queries, options: vizSpec.options };
      addUnique(panels, text(panel.title) ?? '', panelFields(parts, row));
    }
  };
  const layout = isObject(spec.layout) ? spec.layout : {};
  if (layout.kind === 'RowsLayout') {
    for (const row of objects(isObject(layout.spec) ? layout.spec.rows : undefined)) {
      const rowSpec = isObject(row.spec) ? row.spec : {};
      addGrid(rowSpec.layout, text(rowSpec.title) ?? '');
    }
  } else addGrid(layout, undefined);
  return { title: text(spec.title) ?? '', panels };
}

// ---- index.json ---------------------------------------------------------------------------------------------

function readCatalogIndex(content: string): Map<string, { catalog: Fields; params: Items }> {
  const data = parseData(content, catalogIndexFile, JSON.parse);
  const entries = new Map<string, { catalog: Fields; params: Items }>();
  for (const entry of objects(isObject(data) ? data.integrations : undefined)) {
    const id = text(entry.id);
    if (id === undefined) continue;
    const fields: Fields = {};
    const name = text(entry.name);
    if (name !== undefined) fields.name = name;
    if (Array.isArray(entry.versions)) fields.versions = entry.versions.map((v) => text(v) ?? '').join(', ');
    // Every catalog metric, also those of a job that keeps everything, which no keep-list names.
    const metrics = isObject(entry.counts) ? scalarOf(entry.counts.metrics) : undefined;
    if (metrics !== undefined) fields['counts.metrics'] = metrics;
    for (const estimate of objects(entry.seriesPerTarget)) {
      const series = scalarOf(estimate.seriesPerTarget);
      if (series !== undefined) fields[`seriesPerTarget.${text(estimate.job) ?? ''}`] = series;
    }
    // Descriptions are documentation, not behaviour, so they are not compared.
    const params: Items = new Map();
    for (const param of objects(entry.parameters)) {
      const name = text(param.name);
      const defaultValue = scalarOf(param.default);
      if (name === undefined || defaultValue === undefined) continue;
      const value = scalarOf(param.value);
      const unit = param.type === 'duration' ? 'duration' : text(param.unit);
      params.set(name, {
        default: defaultValue,
        ...(value !== undefined && value !== defaultValue ? { value } : {}),
        ...(unit ? { unit } : {}),
      });
    }
    entries.set(id, { catalog: fields, params });
  }
  return entries;
}
