// The semantic diff: items matched by key, fields compared one by one, lists entry by entry.
import { describe, expect, test } from 'vitest';
import { diffItems, diffOutputs, editScript, fieldChanges, listChanges } from '../../src/diff/compare.js';
import {
  emptySnapshot,
  type DashboardSnapshot,
  type Fields,
  type IntegrationSnapshot,
  type Items,
  type OutputSnapshot,
} from '../../src/diff/snapshot.js';

const items = (...entries: [string, Fields][]): Items => new Map(entries);

function integration(parts: Partial<IntegrationSnapshot> = {}): IntegrationSnapshot {
  return { ...emptySnapshot(), ...parts };
}

const outputs = (...entries: [string, IntegrationSnapshot][]): OutputSnapshot => ({ integrations: new Map(entries) });

describe('editScript and listChanges', () => {
  test('keep the common subsequence; a moved entry is removed at one place and added at another', () => {
    expect(editScript(['a', 'b', 'c'], ['b', 'c', 'a'])).toEqual([
      { op: 'remove', entry: 'a' },
      { op: 'keep', entry: 'b' },
      { op: 'keep', entry: 'c' },
      { op: 'add', entry: 'a' },
    ]);
    expect(listChanges(['x', 'y', 'z'], ['x', 'w', 'z'])).toEqual({ removed: ['y'], added: ['w'] });
    expect(listChanges([], ['a'])).toEqual({ removed: [], added: ['a'] });
    expect(listChanges(['a', 'a'], ['a'])).toEqual({ removed: ['a'], added: [] });
  });
});

describe('fieldChanges', () => {
  test('changed, added and removed scalars, in the head order then base-only fields', () => {
    expect(fieldChanges({ expr: 'a > 1', for: '5m', 'labels.team': 'web' }, { severity: 'critical', expr: 'a > 2', for: '5m' })).toEqual([
      { field: 'severity', before: null, after: 'critical' },
      { field: 'expr', before: 'a > 1', after: 'a > 2' },
      { field: 'labels.team', before: 'web', after: null },
    ]);
  });

  test('a number and the same digits as a string differ (the outputs wrote different data)', () => {
    expect(fieldChanges({ port: 9100 }, { port: '9100' })).toEqual([{ field: 'port', before: 9100, after: '9100' }]);
  });

  test('list fields report the entries each side lacks, and nothing when only equal', () => {
    expect(fieldChanges({ steps: ['keep a', 'drop b'] }, { steps: ['keep a', 'drop c'] })).toEqual([
      { field: 'steps', removed: ['drop b'], added: ['drop c'] },
    ]);
    expect(fieldChanges({ steps: ['keep a'] }, { steps: ['keep a'] })).toEqual([]);
    expect(fieldChanges({}, { steps: ['keep a'] })).toEqual([{ field: 'steps', removed: [], added: ['keep a'] }]);
  });
});

describe('diffItems', () => {
  test('added in head order, removed in base order, changed with their fields', () => {
    const base = items(['A', { expr: 'a' }], ['B', { expr: 'b' }], ['C', { expr: 'c' }]);
    const head = items(['D', { expr: 'd' }], ['B', { expr: 'b2' }], ['C', { expr: 'c' }], ['E', { expr: 'e' }]);
    expect(diffItems(base, head)).toEqual({
      added: [
        { key: 'D', fields: { expr: 'd' } },
        { key: 'E', fields: { expr: 'e' } },
      ],
      removed: [{ key: 'A', fields: { expr: 'a' } }],
      changed: [{ key: 'B', changes: [{ field: 'expr', before: 'b', after: 'b2' }] }],
    });
  });
});

describe('diffOutputs', () => {
  test('identical snapshots have no changes', () => {
    const snapshot = () => outputs(['demo', integration({ alerts: items(['A', { expr: 'a > 0' }]), ruleGroups: ['demo.a'] })]);
    expect(diffOutputs(snapshot(), snapshot())).toEqual({ integrations: [] });
  });

  test('a new integration lists everything as added; a removed one everything as removed', () => {
    const demo = integration({ alerts: items(['A', { expr: 'a > 0' }]), ruleGroups: ['demo.a'], metrics: items(['m', { job: 'j' }]) });
    const diff = diffOutputs(outputs(['old', demo]), outputs(['new', demo]));
    expect(diff.integrations.map((i) => [i.id, i.status])).toEqual([
      ['new', 'added'],
      ['old', 'removed'],
    ]);
    expect(diff.integrations[0]!.alerts.added).toEqual([{ key: 'A', fields: { expr: 'a > 0' } }]);
    expect(diff.integrations[0]!.ruleGroups).toEqual({ added: ['demo.a'], removed: [] });
    expect(diff.integrations[1]!.metrics.removed).toEqual([{ key: 'm', fields: { job: 'j' } }]);
  });

  test('rule groups by name: a reordered file changes nothing', () => {
    const diff = diffOutputs(
      outputs(['demo', integration({ ruleGroups: ['demo.a', 'demo.b'] })]),
      outputs(['demo', integration({ ruleGroups: ['demo.b', 'demo.a', 'demo.c'] })]),
    );
    expect(diff.integrations[0]!.ruleGroups).toEqual({ added: ['demo.c'], removed: [] });
  });

  test('the catalog entry is compared only when both sides have index.json', () => {
    const withCatalog = (versions: string) => integration({ catalog: { versions } });
    expect(diffOutputs(outputs(['demo', withCatalog('1.0')]), outputs(['demo', withCatalog('1.1')])).integrations[0]!.catalog).toEqual([
      { field: 'versions', before: '1.0', after: '1.1' },
    ]);
    expect(diffOutputs(outputs(['demo', withCatalog('1.0')]), outputs(['demo', integration()])).integrations).toEqual([]);
  });

  describe('dashboards', () => {
    const dashboard = (title: string, ...panels: [string, Fields][]): DashboardSnapshot => ({ title, panels: items(...panels) });
    const diffDashboards = (before: DashboardSnapshot, after: DashboardSnapshot) =>
      diffOutputs(
        outputs(['demo', integration({ dashboards: new Map([['main', before]]) })]),
        outputs(['demo', integration({ dashboards: new Map([['main', after]]) })]),
      ).integrations[0]?.dashboards;

    test('a panel renamed with the same query expressions is one changed panel; with others it is removed and added', () => {
      const errors = { title: 'Errors', 'queries[0].expr': 'rate(e[5m])', 'queries[0].legend': 'Errors' };
      const latency = { title: 'Latency', 'queries[0].expr': 'l' };
      const result = diffDashboards(
        dashboard('Demo', ['Errors', errors], ['Latency', latency]),
        dashboard(
          'Demo',
          ['Failures', { ...errors, title: 'Failures', 'queries[0].legend': 'Failures' }],
          ['Slowness', { title: 'Slowness', 'queries[0].expr': 'l2' }],
        ),
      );
      expect(result).toEqual([
        {
          id: 'main',
          status: 'changed',
          title: 'Demo',
          changes: [],
          panels: {
            added: [{ key: 'Slowness', fields: { title: 'Slowness', 'queries[0].expr': 'l2' } }],
            removed: [{ key: 'Latency', fields: latency }],
            changed: [
              {
                key: 'Failures',
                changes: [
                  { field: 'title', before: 'Errors', after: 'Failures' },
                  { field: 'queries[0].legend', before: 'Errors', after: 'Failures' },
                ],
              },
            ],
          },
        },
      ]);
    });

    test('a panel without queries is never paired by them', () => {
      const result = diffDashboards(dashboard('Demo', ['Notes', { title: 'Notes' }]), dashboard('Demo', ['Read me', { title: 'Read me' }]));
      expect(result?.[0]?.panels.changed).toEqual([]);
      expect(result?.[0]?.panels.removed.map((p) => p.key)).toEqual(['Notes']);
    });

    test('a retitled dashboard reports its title; an unchanged one is left out', () => {
      expect(diffDashboards(dashboard('Demo'), dashboard('Demo v2'))?.[0]?.changes).toEqual([
        { field: 'title', before: 'Demo', after: 'Demo v2' },
      ]);
      expect(diffDashboards(dashboard('Demo', ['A', { title: 'A' }]), dashboard('Demo', ['A', { title: 'A' }]))).toBeUndefined();
    });
  });
});
