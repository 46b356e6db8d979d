// The diff as a PR comment (Markdown) and for machines (JSON).
import { describe, expect, test } from 'vitest';
import type { IntegrationDiff, OutputDiff } from '../../src/diff/compare.js';
import { formatDiffJson, formatDiffMarkdown } from '../../src/diff/format.js';

const header = { base: 'HEAD', baseHasOutputs: true };
const none = { added: [], removed: [], changed: [] };

function integration(parts: Partial<IntegrationDiff>): IntegrationDiff {
  return {
    id: 'demo',
    status: 'changed',
    params: none,
    catalog: [],
    ruleGroups: { added: [], removed: [] },
    alerts: none,
    recordingRules: none,
    dashboards: [],
    metrics: none,
    jobs: none,
    ...parts,
  };
}

const markdown = (...integrations: IntegrationDiff[]) => formatDiffMarkdown({ integrations }, header);

describe('formatDiffMarkdown', () => {
  test('says so when nothing changed', () => {
    expect(markdown()).toBe(
      '## Changes to the generated outputs\n\nCompared with the outputs committed at `HEAD`.\n\nNo changes to the outputs.\n',
    );
  });

  test('a base without outputs is named as such', () => {
    expect(formatDiffMarkdown({ integrations: [] }, { base: 'v1', baseHasOutputs: false })).toContain(
      '`v1` has no outputs committed, so every output is new.',
    );
  });

  test('one short change per item fits on one line; several nest; long or multi-line text becomes a diff block', () => {
    const text = markdown(
      integration({
        params: { ...none, changed: [{ key: 'threshold', changes: [{ field: 'default', before: '0.1', after: '0.2' }] }] },
        alerts: {
          ...none,
          changed: [
            {
              key: 'DemoSlow',
              changes: [
                { field: 'expr', before: 'x > 0.1', after: 'x > 0.2' },
                {
                  field: 'annotations.description',
                  before: 'Slow on {{ $labels.instance }}.\nCheck it.',
                  after: 'Very slow on {{ $labels.instance }}.\nCheck it.',
                },
              ],
            },
          ],
        },
      }),
    );
    expect(text).toBe(
      [
        '## Changes to the generated outputs',
        '',
        'Compared with the outputs committed at `HEAD`.',
        '',
        '### demo',
        '',
        '#### Parameters',
        '',
        '- Changed `threshold` default: `0.1` → `0.2`',
        '',
        '#### Alerts',
        '',
        '- Changed `DemoSlow`:',
        '  - expr: `x > 0.1` → `x > 0.2`',
        '  - annotations.description:',
        '    ```diff',
        '    - Slow on {{ $labels.instance }}.',
        '    + Very slow on {{ $labels.instance }}.',
        '      Check it.',
        '    ```',
        '',
      ].join('\n'),
    );
  });

  test('added and removed items say what they are; values with backticks keep their code spans intact', () => {
    const text = markdown(
      integration({
        status: 'added',
        alerts: { ...none, added: [{ key: 'DemoDown', fields: { group: 'demo.up', expr: 'up == 0', severity: 'critical' } }] },
        params: { ...none, removed: [{ key: 'window', fields: { default: '5m', unit: 'duration' } }] },
        jobs: { ...none, changed: [{ key: 'demo', changes: [{ field: 'relabel_configs', removed: ['keep [a] regex=`x`'], added: [] }] }] },
      }),
    );
    expect(text).toContain('### demo (new)\n');
    expect(text).toContain('- Added `DemoDown` (critical, group `demo.up`): `up == 0`');
    expect(text).toContain('- Removed `window`: default `5m` (duration)');
    expect(text).toContain('- Changed `demo`:\n  - relabel_configs:\n    - removed `` keep [a] regex=`x` ``');
  });

  test('metrics are listed per job', () => {
    const text = markdown(
      integration({
        metrics: {
          added: [
            { key: 'a_total', fields: { job: 'one' } },
            { key: 'b_total', fields: { job: 'two' } },
            { key: 'c_total', fields: { job: 'one' } },
          ],
          removed: [{ key: 'd_total', fields: { job: 'one' } }],
          changed: [],
        },
      }),
    );
    expect(text).toContain(
      '#### Metrics\n\n- Added 2 catalog metrics to the keep-list of job `one`: `a_total`, `c_total`\n' +
        '- Added 1 catalog metric to the keep-list of job `two`: `b_total`\n' +
        '- Removed 1 catalog metric from the keep-list of job `one`: `d_total`\n',
    );
  });

  test('dashboards: added with their panels, changed with each panel change', () => {
    const text = markdown(
      integration({
        dashboards: [
          {
            id: 'new',
            status: 'added',
            title: 'New',
            changes: [],
            panels: {
              ...none,
              added: [
                { key: 'A', fields: {} },
                { key: 'B', fields: {} },
              ],
            },
          },
          {
            id: 'main',
            status: 'changed',
            title: 'Main',
            changes: [],
            panels: {
              added: [{ key: 'Errors', fields: { row: 'Errors', 'queries[0].expr': 'rate(e[5m])' } }],
              removed: [],
              changed: [{ key: 'Latency', changes: [{ field: 'unit', before: 's', after: 'ms' }] }],
            },
          },
        ],
      }),
    );
    expect(text).toContain(
      [
        '- Added dashboard `new` (`New`), 2 panels: `A`, `B`',
        '- Changed dashboard `main` (`Main`):',
        '  - Added panel `Errors` (row `Errors`): `rate(e[5m])`',
        '  - Changed panel `Latency` unit: `s` → `ms`',
      ].join('\n'),
    );
  });
});

describe('formatDiffJson', () => {
  test('the header, then the integrations, as indented JSON with a trailing newline', () => {
    const diff: OutputDiff = { integrations: [integration({ catalog: [{ field: 'versions', before: '1.0', after: null }] })] };
    const text = formatDiffJson(diff, header);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['base', 'baseHasOutputs', 'integrations']);
    expect(parsed.integrations).toEqual(diff.integrations);
  });
});
