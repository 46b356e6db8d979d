// The diff for people and machines: Markdown for a pull-request comment (a heading per integration, bullet
// lists per kind of output, every expression and name in a code span, long or multi-line text as a ```diff
// block), or JSON with the same content.
import { plural } from '../core/counts.js';
import { toJson } from '../serialize/json.js';
import { codeBlock, inlineCode } from '../serialize/markdown.js';
import {
  editScript,
  type DashboardDiff,
  type FieldChange,
  type IntegrationDiff,
  type Item,
  type ItemsDiff,
  type OutputDiff,
} from './compare.js';
import type { Fields, Scalar } from './snapshot.js';

export interface DiffHeader {
  /** The git ref the outputs are compared with. */
  base: string;
  /** False when the base has no outputs committed, so everything reads as new. */
  baseHasOutputs: boolean;
}

const code = (value: Scalar) => inlineCode(String(value));

/** Values longer than this, or on several lines, are shown as a diff block instead of inline. */
const inlineLimit = 100;
const fitsInline = (value: Scalar | null) => value === null || (String(value).length <= inlineLimit && !String(value).includes('\n'));

const linesOf = (value: Scalar | null) => (value === null ? [] : String(value).split('\n'));
const diffPrefix = { keep: '  ', remove: '- ', add: '+ ' } as const;

/** A ```diff block of the text's lines: unchanged lines as context, the others marked - and +. */
function diffBlock(before: Scalar | null, after: Scalar | null): string[] {
  const lines = editScript(linesOf(before), linesOf(after)).map((edit) => `${diffPrefix[edit.op]}${edit.entry}`);
  const { fence, code: body } = codeBlock(lines.join('\n'), 'diff');
  return [`${fence}diff`, ...body.split('\n'), fence];
}

/** Lines of one field's change: a head line, then lines the caller nests under it. */
function fieldChangeLines(change: FieldChange): string[] {
  if ('added' in change) {
    return [
      `${change.field}:`,
      ...change.removed.map((entry) => `- removed ${code(entry)}`),
      ...change.added.map((entry) => `- added ${code(entry)}`),
    ];
  }
  const { field, before, after } = change;
  if (!fitsInline(before) || !fitsInline(after)) return [`${field}:`, ...diffBlock(before, after)];
  if (before === null) return [`${field}: added ${code(after!)}`];
  if (after === null) return [`${field}: removed (was ${code(before)})`];
  return [`${field}: ${code(before)} → ${code(after)}`];
}

const indent = (lines: string[], by = '  ') => lines.map((line) => (line ? `${by}${line}` : line));

/** One bullet per field, with its nested lines. */
function fieldBullets(changes: FieldChange[]): string[] {
  return changes.flatMap((change) => {
    const [head = '', ...rest] = fieldChangeLines(change);
    return [`- ${head}`, ...indent(rest)];
  });
}

/** `- <label> <field>: <before> → <after>` when one short change says it all, otherwise a nested list. */
function changedItem(label: string, changes: FieldChange[]): string[] {
  const only = changes.length === 1 ? fieldChangeLines(changes[0]!) : [];
  if (only.length === 1) return [`- ${label} ${only[0]}`];
  return [`- ${label}:`, ...indent(fieldBullets(changes))];
}

const scalar = (fields: Fields, field: string): Scalar | undefined => {
  const value = fields[field];
  return Array.isArray(value) ? undefined : value;
};

/** Added and removed items, each described by `describe`; changed items field by field. */
function itemLines(diff: ItemsDiff, noun: string, describe: (item: Item) => string): string[] {
  return [
    ...diff.added.map((item) => `- Added ${noun}${code(item.key)}${describe(item)}`),
    ...diff.removed.map((item) => `- Removed ${noun}${code(item.key)}${describe(item)}`),
    ...diff.changed.flatMap((item) => changedItem(`Changed ${noun}${code(item.key)}`, item.changes)),
  ];
}

const describeParam = ({ fields }: Item) => {
  const value = scalar(fields, 'default');
  const unit = scalar(fields, 'unit');
  return value === undefined ? '' : `: default ${code(value)}${unit === undefined ? '' : ` (${unit})`}`;
};

const describeAlert = ({ fields }: Item) => {
  const severity = scalar(fields, 'severity');
  const group = scalar(fields, 'group');
  const expr = scalar(fields, 'expr');
  const about = [severity, group === undefined ? undefined : `group ${code(group)}`].filter((part) => part !== undefined).join(', ');
  return `${about ? ` (${about})` : ''}${expr === undefined ? '' : `: ${code(expr)}`}`;
};

const describeRecordingRule = ({ fields }: Item) => {
  const expr = scalar(fields, 'expr');
  return expr === undefined ? '' : `: ${code(expr)}`;
};

const describeJob = ({ fields }: Item) => {
  const port = scalar(fields, 'port');
  const keeps = scalar(fields, 'keeps');
  const about = [port === undefined ? undefined : `port ${port}`, keeps === undefined ? undefined : `keeps ${keeps}`]
    .filter(Boolean)
    .join(', ');
  return about ? ` (${about})` : '';
};

const describePanel = ({ fields }: Item) => {
  const row = scalar(fields, 'row');
  const exprs = Object.keys(fields)
    .filter((field) => /^queries\[\d+\]\.expr$/.test(field))
    .map((field) => code(scalar(fields, field) ?? ''));
  return `${row === undefined ? '' : ` (row ${code(row)})`}${exprs.length ? `: ${exprs.join(', ')}` : ''}`;
};

/**
 * Metrics listed per job, so a long keep-list change stays one line per job. They are counted as the catalog (and
 * `intgen list`) counts them: a histogram is one metric, though its job keeps three series.
 */
function metricLines(diff: ItemsDiff): string[] {
  const byJob = (items: Item[], verb: string, preposition: string) => {
    const jobs = new Map<string, string[]>();
    for (const item of items) {
      const job = String(scalar(item.fields, 'job') ?? '');
      jobs.set(job, [...(jobs.get(job) ?? []), item.key]);
    }
    return [...jobs].map(
      ([job, names]) =>
        `- ${verb} ${plural(names.length, 'catalog metric')} ${preposition} the keep-list of job ${code(job)}: ${names.map(code).join(', ')}`,
    );
  };
  return [
    ...byJob(diff.added, 'Added', 'to'),
    ...byJob(diff.removed, 'Removed', 'from'),
    ...diff.changed.flatMap((item) => changedItem(`Changed ${code(item.key)}`, item.changes)),
  ];
}

function dashboardLines(dashboard: DashboardDiff): string[] {
  const label = `dashboard ${code(dashboard.id)} (${code(dashboard.title)})`;
  if (dashboard.status !== 'changed') {
    const panels = dashboard.status === 'added' ? dashboard.panels.added : dashboard.panels.removed;
    const verb = dashboard.status === 'added' ? 'Added' : 'Removed';
    const titles = panels.length ? `: ${panels.map((panel) => code(panel.key)).join(', ')}` : '';
    return [`- ${verb} ${label}, ${plural(panels.length, 'panel')}${titles}`];
  }
  return [`- Changed ${label}:`, ...indent([...fieldBullets(dashboard.changes), ...itemLines(dashboard.panels, 'panel ', describePanel)])];
}

function section(title: string, lines: string[]): string[] {
  return lines.length ? [`#### ${title}`, '', ...lines, ''] : [];
}

function integrationLines(diff: IntegrationDiff): string[] {
  const status = diff.status === 'added' ? ' (new)' : diff.status === 'removed' ? ' (removed)' : '';
  return [
    `### ${diff.id}${status}`,
    '',
    ...section('Parameters', itemLines(diff.params, '', describeParam)),
    ...section('Catalog entry', fieldBullets(diff.catalog)),
    ...section('Rule groups', [
      ...diff.ruleGroups.added.map((g) => `- Added ${code(g)}`),
      ...diff.ruleGroups.removed.map((g) => `- Removed ${code(g)}`),
    ]),
    ...section('Alerts', itemLines(diff.alerts, '', describeAlert)),
    ...section('Recording rules', itemLines(diff.recordingRules, '', describeRecordingRule)),
    ...section('Dashboards', diff.dashboards.flatMap(dashboardLines)),
    ...section('Metrics', metricLines(diff.metrics)),
    ...section('Scrape jobs', itemLines(diff.jobs, '', describeJob)),
  ];
}

export function formatDiffMarkdown(diff: OutputDiff, header: DiffHeader): string {
  const lines = [
    '## Changes to the generated outputs',
    '',
    header.baseHasOutputs
      ? `Compared with the outputs committed at ${code(header.base)}.`
      : `${code(header.base)} has no outputs committed, so every output is new.`,
    '',
  ];
  if (!diff.integrations.length) lines.push('No changes to the outputs.');
  for (const integration of diff.integrations) lines.push(...integrationLines(integration));
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The diff as stable JSON: the header's fields, then `integrations` as diffOutputs returns them. */
export function formatDiffJson(diff: OutputDiff, header: DiffHeader): string {
  return toJson({ ...header, ...diff });
}
