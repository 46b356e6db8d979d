// What the Grafana and Sysdig dashboard importers share: reading the file, stable ids, and turning the panels a
// product reader found into the model's rows and panels, with a report line for everything it changed or left out.
import { IntgenError } from '../../core/errors.js';
import type { Dashboard, DataPanel, Panel, Query, Row, TextPanel, Threshold, Unit, Variable } from '../../model/index.js';
import type { ImportOutcome, ImportReportLine } from '../report.js';
import { importQuery, renameReferences, type VariableScope } from './queries.js';

export interface ImportedDashboard {
  dashboard: Dashboard;
  /** One line per thing read: imported, approximated (and how) or not imported (and why). */
  report: ImportReportLine[];
  /** Series names the imported queries read (a summary's _sum as written), sorted: what the catalog must provide. */
  queriedMetrics: string[];
}

/** Input that is no dashboard the importer reads; the message names the file and where in it. */
export class DashboardImportError extends IntgenError {}

/** The file's JSON; broken JSON fails with the line and column. */
export function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message)?.[1];
    const at = offset === undefined ? '' : ` at ${lineColumn(text, Number(offset))}`;
    throw new DashboardImportError(`${source}: not valid JSON${at}: ${message}`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/* Loose readers of parsed JSON: a product's files are read field by field, nothing assumed. */
export type Json = Record<string, unknown>;
export const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** The objects of an array, skipping anything else in it. */
export const objectsOf = (value: unknown): Json[] => asArray(value).flatMap((item) => asObject(item) ?? []) as Json[];
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The model's id limits (common.schema.json Id). */
const idMaxLength = 40;

/** A lowercase id from a title: `99%ile update time` → `p-99-ile-update-time`; `fallback` when nothing is left. */
export function idFrom(text: string, fallback: string): string {
  const slug = text
    // Accents off (é → e), then anything else that is no letter or digit becomes a dash.
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const id = slug === '' ? fallback : /^[a-z]/.test(slug) ? slug : `${fallback[0]}-${slug}`;
  return trimId(id);
}

const trimId = (id: string) => id.slice(0, idMaxLength).replace(/-+$/, '');

/** Ids unique in one dashboard: a repeated one gets -2, -3… */
export class UniqueIds {
  private readonly taken = new Set<string>();
  take(text: string, fallback: string): string {
    const base = idFrom(text, fallback);
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${trimId(base.slice(0, idMaxLength - String(n).length - 1))}-${n}`;
    this.taken.add(id);
    return id;
  }
}

/** A query as the product wrote it. */
export interface QueryDraft {
  where: string;
  expr: string;
  legend?: string;
}

/** One panel as a product reader found it, its fields already in the model's terms but its queries not. */
export interface PanelDraft {
  where: string;
  type: Panel['type'];
  title: string;
  description: string;
  width?: number;
  height?: number;
  unit?: Unit;
  thresholds?: Threshold[];
  queries: QueryDraft[];
  /** Markdown of a text panel. */
  content?: string;
}

export interface RowDraft {
  where: string;
  title: string;
  description?: string;
  panels: PanelDraft[];
}

export interface DashboardDraft {
  title: string;
  /** Where the id comes from: the title, else the product's uid. */
  idSource: string;
  description: string;
  tags: string[];
  variables: Variable[];
  rows: RowDraft[];
}

/** A variable that stands in as its current value, for the report: what kind it is in the product. */
export interface ValueVariable {
  name: string;
  kind: string;
  value: string;
}

/** The lines about one place together, places in the order they were first read. */
function groupedByPlace(lines: readonly ImportReportLine[]): ImportReportLine[] {
  const places = [...new Set(lines.map((line) => line.where))];
  return places.flatMap((where) => lines.filter((line) => line.where === where));
}

/** `a custom`, `an interval`: the article before a product's name for something. */
export const article = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

const gridLimits = { width: 24, height: 40 };

/** The report lines of one file, collected while its importer reads it. */
export class FileReport {
  readonly lines: ImportReportLine[] = [];
  constructor(readonly source: string) {}

  line(where: string, outcome: ImportOutcome, message: string): void {
    this.lines.push({ source: this.source, where, outcome, message });
  }
}

/**
 * Builds the model dashboard from the drafts a product reader made, reporting on the way. The dashboard is built
 * whole or not at all: a file nothing can be imported from is an error.
 */
export class DashboardImport {
  private readonly metrics = new Set<string>();
  private readonly substitutions = new Map<string, number>();
  private readonly panelIds = new UniqueIds();

  constructor(
    private readonly report: FileReport,
    readonly scope: VariableScope,
    private readonly valueVariables: readonly ValueVariable[] = [],
  ) {}

  line(where: string, outcome: ImportOutcome, message: string): void {
    this.report.line(where, outcome, message);
  }

  fail(where: string, message: string): never {
    throw new DashboardImportError(`${this.report.source}: ${where}: ${message}`);
  }

  /** Text a product expands variables in (a title, a legend) with the model's references. */
  text(text: string): string {
    const renamed = renameReferences(text, this.scope);
    this.count(renamed.substituted);
    return renamed.text;
  }

  build(draft: DashboardDraft): ImportedDashboard {
    const rows = draft.rows.flatMap((row) => this.row(row));
    if (rows.length === 0) this.fail('dashboard', 'no panel could be imported; the report lines say why for each');
    for (const variable of this.valueVariables) {
      const uses = this.substitutions.get(variable.name);
      if (uses === undefined) continue;
      this.line(
        `variable "${variable.name}"`,
        'approximated',
        `${article(variable.kind)} variable, which the model has no place for: its current value ${JSON.stringify(variable.value)} is written in its ${uses} place${uses === 1 ? '' : 's'}`,
      );
    }
    const tags = [...new Set(draft.tags.map((tag) => idFrom(tag, 'tag')))];
    const dashboard: Dashboard = {
      id: idFrom(draft.idSource, 'dashboard'),
      title: draft.title,
      description: draft.description.trim() || draft.title,
      ...(tags.length > 0 ? { tags } : {}),
      variables: draft.variables,
      rows: rows as [Row, ...Row[]],
    };
    return { dashboard, report: groupedByPlace(this.report.lines), queriedMetrics: [...this.metrics].sort() };
  }

  private row(draft: RowDraft): Row[] {
    const panels = draft.panels.flatMap((panel) => this.panel(panel));
    if (panels.length === 0) {
      this.line(draft.where, 'not-imported', 'the row has no panel the model can show');
      return [];
    }
    return [
      { title: draft.title, ...(draft.description ? { description: draft.description } : {}), panels: panels as [Panel, ...Panel[]] },
    ];
  }

  private panel(draft: PanelDraft): Panel[] {
    const size = this.size(draft);
    const title = this.text(draft.title);
    if (draft.type === 'text') {
      const panel: TextPanel = {
        id: this.panelIds.take(title, 'text'),
        type: 'text',
        title,
        description: draft.description,
        ...size,
        content: draft.content ?? '',
      };
      this.line(draft.where, 'imported', `text panel "${panel.id}"`);
      return [panel];
    }
    const queries = draft.queries.flatMap((query) => this.query(query));
    if (queries.length === 0) {
      this.line(draft.where, 'not-imported', 'it has no query the model can show (the lines about its queries say why)');
      return [];
    }
    const shared = {
      description: draft.description,
      ...(draft.unit ? { unit: draft.unit } : {}),
      ...size,
      ...(draft.thresholds?.length ? { thresholds: draft.thresholds } : {}),
    };
    // The model's stat panel shows one number (lint's dashboard/stat-single-query): one per query.
    const split = draft.type === 'stat' && queries.length > 1;
    if (split)
      this.line(
        draft.where,
        'approximated',
        `a stat panel of ${queries.length} queries becomes ${queries.length} stat panels, one per query`,
      );
    const groups = split ? queries.map((query) => [query]) : [queries];
    return groups.map((group, index) => {
      const panelTitle = split ? `${title} (${group[0]!.legend ?? index + 1})` : title;
      const panel = {
        id: this.panelIds.take(panelTitle, 'panel'),
        type: draft.type,
        title: panelTitle,
        ...shared,
        queries: group,
      } as DataPanel;
      this.line(draft.where, 'imported', `${draft.type} panel "${panel.id}" with ${group.length} quer${group.length === 1 ? 'y' : 'ies'}`);
      return panel as Panel;
    });
  }

  private size(draft: PanelDraft): { width?: number; height?: number } {
    const size: { width?: number; height?: number } = {};
    for (const key of ['width', 'height'] as const) {
      const value = draft[key];
      if (value === undefined) continue;
      const limited = Math.min(Math.max(Math.round(value), 1), gridLimits[key]);
      if (limited !== value)
        this.line(
          draft.where,
          'approximated',
          `${key} ${value} becomes ${limited}, the nearest the model allows (1 to ${gridLimits[key]})`,
        );
      size[key] = limited;
    }
    return size;
  }

  private query(draft: QueryDraft): Query[] {
    const imported = importQuery(draft.expr, draft.legend, this.scope);
    if (!imported.ok) {
      this.line(draft.where, 'not-imported', `the query ${JSON.stringify(draft.expr.trim())} ${imported.reason}`);
      return [];
    }
    for (const message of imported.approximations) this.line(draft.where, 'approximated', `query: ${message}`);
    this.count(imported.substituted);
    for (const metric of imported.metrics) this.metrics.add(metric);
    return [imported.query];
  }

  private count(names: readonly string[]): void {
    for (const name of names) this.substitutions.set(name, (this.substitutions.get(name) ?? 0) + 1);
  }
}
