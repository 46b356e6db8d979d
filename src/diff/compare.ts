// The semantic diff of two output snapshots: what a change does to alerts, panels, metrics, jobs and
// parameters, item by item and field by field. Pure data in, pure data out; formatting is markdown.ts's.
import {
  compareStrings,
  emptySnapshot,
  type DashboardSnapshot,
  type Fields,
  type IntegrationSnapshot,
  type Items,
  type OutputSnapshot,
  type Scalar,
} from './snapshot.js';

/** A scalar field that changed (null: absent on that side), or a list field with the entries each side lacks. */
export type FieldChange =
  | { field: string; before: Scalar | null; after: Scalar | null }
  | { field: string; removed: string[]; added: string[] };

export interface Item {
  key: string;
  fields: Fields;
}

export interface ItemChange {
  key: string;
  changes: FieldChange[];
}

export interface ItemsDiff {
  added: Item[];
  removed: Item[];
  changed: ItemChange[];
}

export type Status = 'added' | 'removed' | 'changed';

export interface DashboardDiff {
  id: string;
  status: Status;
  /** The dashboard's title at head (at base when removed). */
  title: string;
  changes: FieldChange[];
  panels: ItemsDiff;
}

export interface IntegrationDiff {
  id: string;
  status: Status;
  params: ItemsDiff;
  /** Fields of the integration's index.json entry: name, versions, catalog metric count, series per target. */
  catalog: FieldChange[];
  ruleGroups: { added: string[]; removed: string[] };
  alerts: ItemsDiff;
  recordingRules: ItemsDiff;
  dashboards: DashboardDiff[];
  metrics: ItemsDiff;
  jobs: ItemsDiff;
}

export interface OutputDiff {
  /** Integrations with at least one change, by id. */
  integrations: IntegrationDiff[];
}

export interface Edit {
  op: 'keep' | 'remove' | 'add';
  entry: string;
}

/**
 * The shortest edit script from `before` to `after` along a longest common subsequence: an entry moved within
 * a list reads as removed at one place and added at another.
 */
export function editScript(before: readonly string[], after: readonly string[]): Edit[] {
  const lengths = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      lengths[i]![j] = before[i] === after[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      edits.push({ op: 'keep', entry: before[i]! });
      i += 1;
      j += 1;
    } else if (j >= after.length || (i < before.length && lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      edits.push({ op: 'remove', entry: before[i++]! });
    } else edits.push({ op: 'add', entry: after[j++]! });
  }
  return edits;
}

/** Entries of `before` that `after` lacks, and the reverse. */
export function listChanges(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  const edits = editScript(before, after);
  const entries = (op: Edit['op']) => edits.filter((e) => e.op === op).map((e) => e.entry);
  return { removed: entries('remove'), added: entries('add') };
}

/** Field by field, in the head's field order, then fields only the base has. */
export function fieldChanges(before: Fields, after: Fields): FieldChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields.flatMap((field): FieldChange[] => {
    const a = before[field];
    const b = after[field];
    if (Array.isArray(a) || Array.isArray(b)) {
      const { removed, added } = listChanges(
        Array.isArray(a) ? a : a === undefined ? [] : [String(a)],
        Array.isArray(b) ? b : b === undefined ? [] : [String(b)],
      );
      return removed.length || added.length ? [{ field, removed, added }] : [];
    }
    return a === b ? [] : [{ field, before: a ?? null, after: b ?? null }];
  });
}

type Pairing = (removed: Item, added: readonly Item[]) => Item | undefined;

/**
 * Items matched by key. `pair` may match an item only the base has with one only the head has (a renamed
 * panel), which then reads as changed instead of removed and added.
 */
export function diffItems(base: Items, head: Items, pair?: Pairing): ItemsDiff {
  const added: Item[] = [...head].filter(([key]) => !base.has(key)).map(([key, fields]) => ({ key, fields }));
  const removed: Item[] = [];
  const changed: ItemChange[] = [];
  for (const [key, fields] of head) {
    const before = base.get(key);
    const changes = before ? fieldChanges(before, fields) : [];
    if (changes.length) changed.push({ key, changes });
  }
  for (const [key, fields] of base) {
    if (head.has(key)) continue;
    const match = pair?.({ key, fields }, added);
    if (match) {
      added.splice(added.indexOf(match), 1);
      changed.push({ key: match.key, changes: fieldChanges(fields, match.fields) });
    } else removed.push({ key, fields });
  }
  return { added, removed, changed };
}

const queryExpressions = (fields: Fields) =>
  JSON.stringify(Object.entries(fields).filter(([field]) => /^queries\[\d+\]\.expr$/.test(field)));

/** A panel renamed without touching its query expressions is the same panel (its legends may follow the title). */
const sameQueries: Pairing = (removed, added) => {
  const queries = queryExpressions(removed.fields);
  if (queries === '[]') return undefined;
  return added.find((candidate) => queryExpressions(candidate.fields) === queries);
};

const emptyItems = (diff: ItemsDiff) => diff.added.length + diff.removed.length + diff.changed.length === 0;

function diffDashboards(base: Map<string, DashboardSnapshot>, head: Map<string, DashboardSnapshot>): DashboardDiff[] {
  const none: DashboardSnapshot = { title: '', panels: new Map() };
  const ids = [...new Set([...head.keys(), ...base.keys()])];
  return ids.flatMap((id): DashboardDiff[] => {
    const before = base.get(id);
    const after = head.get(id);
    const status: Status = !before ? 'added' : !after ? 'removed' : 'changed';
    const changes = before && after ? fieldChanges({ title: before.title }, { title: after.title }) : [];
    const panels = diffItems((before ?? none).panels, (after ?? none).panels, sameQueries);
    if (status === 'changed' && !changes.length && emptyItems(panels)) return [];
    return [{ id, status, title: (after ?? before ?? none).title, changes, panels }];
  });
}

function diffIntegration(id: string, before: IntegrationSnapshot | undefined, after: IntegrationSnapshot | undefined): IntegrationDiff {
  const base = before ?? emptySnapshot();
  const head = after ?? emptySnapshot();
  return {
    id,
    status: !before ? 'added' : !after ? 'removed' : 'changed',
    params: diffItems(base.params, head.params),
    // A tree without index.json (one written before --only builds kept it) says nothing about the catalog entry.
    catalog: base.catalog && head.catalog ? fieldChanges(base.catalog, head.catalog) : [],
    // Groups by name: a group moved within the file changes nothing Prometheus does.
    ruleGroups: {
      added: head.ruleGroups.filter((g) => !base.ruleGroups.includes(g)),
      removed: base.ruleGroups.filter((g) => !head.ruleGroups.includes(g)),
    },
    alerts: diffItems(base.alerts, head.alerts),
    recordingRules: diffItems(base.recordingRules, head.recordingRules),
    dashboards: diffDashboards(base.dashboards, head.dashboards),
    metrics: diffItems(base.metrics, head.metrics),
    jobs: diffItems(base.jobs, head.jobs),
  };
}

export function isEmptyIntegrationDiff(diff: IntegrationDiff): boolean {
  return (
    diff.status === 'changed' &&
    [diff.params, diff.alerts, diff.recordingRules, diff.metrics, diff.jobs].every(emptyItems) &&
    diff.catalog.length === 0 &&
    diff.ruleGroups.added.length + diff.ruleGroups.removed.length === 0 &&
    diff.dashboards.length === 0
  );
}

export function diffOutputs(base: OutputSnapshot, head: OutputSnapshot): OutputDiff {
  const ids = [...new Set([...base.integrations.keys(), ...head.integrations.keys()])].sort(compareStrings);
  return {
    integrations: ids
      .map((id) => diffIntegration(id, base.integrations.get(id), head.integrations.get(id)))
      .filter((d) => !isEmptyIntegrationDiff(d)),
  };
}
