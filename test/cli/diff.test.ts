// `intgen diff` against a real git repository: the committed out/ of the built-in integrations, and modules
// that change one Calico threshold.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diffWorkingTree } from '../../src/diff/working-tree.js';
import { formatDiffJson, formatDiffMarkdown } from '../../src/diff/format.js';
import { UsageError } from '../../src/core/errors.js';
import { buildCatalog } from '../../src/pipeline/build.js';
import { localSource } from '../../src/pipeline/sources.js';
import { succeeded } from '../helpers/build.js';
import { builtinIntegrationsDir } from '../../src/support/own-files.js';
import { defineCalico } from '../helpers/calico.js';

function git(cwd: string, ...args: string[]): Promise<void> {
  const identity = [
    '-c',
    'user.name=intgen test',
    '-c',
    'user.email=test@example.com',
    '-c',
    'commit.gpgsign=false',
    '-c',
    'init.defaultBranch=main',
  ];
  return new Promise((resolve, reject) => {
    execFile('git', [...identity, ...args], { cwd }, (error, _stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve(),
    );
  });
}

/** The diff of modules that build (a test of ones that do not reads `build`). */
async function diffed(...args: Parameters<typeof diffWorkingTree>) {
  const result = await diffWorkingTree(...args);
  if (!('diff' in result)) throw new Error('the definitions do not build');
  return result;
}

let work: string;
let checkout: string;
/** The built-in modules with one Calico threshold's default raised from 0.1 to 0.2, as an edit of its params.ts would. */
let changedModules: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-diff-'));
  checkout = path.join(work, 'checkout');
  await mkdir(checkout);
  await git(checkout, 'init', '-q');
  await writeFile(path.join(checkout, 'README.md'), 'before any output\n');
  await git(checkout, 'add', '-A');
  await git(checkout, 'commit', '-q', '-m', 'no outputs yet');
  const build = succeeded(await buildCatalog());
  for (const [file, content] of build.files) {
    await mkdir(path.dirname(path.join(checkout, 'out', file)), { recursive: true });
    await writeFile(path.join(checkout, 'out', file), content);
  }
  await git(checkout, 'add', '-A');
  await git(checkout, 'commit', '-q', '-m', 'generated outputs');

  // Every built-in integration as it is, but Calico with one threshold's default raised.
  changedModules = path.join(work, 'modules');
  const folders = (await readdir(builtinIntegrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const folder of folders) {
    await mkdir(path.join(changedModules, folder), { recursive: true });
    const original = JSON.stringify(path.join(builtinIntegrationsDir, folder, 'index.js'));
    await writeFile(
      path.join(changedModules, folder, 'index.ts'),
      folder === 'calico'
        ? `import calico from ${original};
const threshold = calico.params.calcGraphUpdateP99Seconds;
export default { params: { ...calico.params, calcGraphUpdateP99Seconds: { ...threshold, default: 0.2 } }, define: calico.define };
`
        : `export { default } from ${original};\n`,
    );
  }
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const none = { added: [], removed: [], changed: [] };

describe('diff against the committed out/', () => {
  test('one changed threshold shows exactly its default and the alert it feeds', async () => {
    const { header, diff } = await diffed('HEAD', 'out', checkout, { sources: [localSource(changedModules)] });
    expect(header).toEqual({ base: 'HEAD', baseHasOutputs: true });
    expect(diff).toEqual({
      integrations: [
        {
          id: 'calico',
          status: 'changed',
          params: { ...none, changed: [{ key: 'calcGraphUpdateP99Seconds', changes: [{ field: 'default', before: 0.1, after: 0.2 }] }] },
          catalog: [],
          ruleGroups: { added: [], removed: [] },
          alerts: {
            ...none,
            changed: [
              {
                key: 'CalicoDatastoreOnUpdateLatencyHigh',
                changes: [
                  {
                    field: 'expr',
                    before: 'felix_calc_graph_update_time_seconds{quantile="0.99"} > 0.1',
                    after: 'felix_calc_graph_update_time_seconds{quantile="0.99"} > 0.2',
                  },
                  {
                    field: 'annotations.description',
                    before: expect.stringContaining('above the 100ms threshold'),
                    after: expect.stringContaining('above the 200ms threshold'),
                  },
                ],
              },
            ],
          },
          recordingRules: none,
          dashboards: [],
          metrics: none,
          jobs: none,
        },
      ],
    });
    const markdown = formatDiffMarkdown(diff, header);
    expect(markdown).toContain('### calico\n');
    expect(markdown).toContain('- Changed `calcGraphUpdateP99Seconds` default: `0.1` → `0.2`');
    // For machines, a number is a number.
    expect(JSON.parse(formatDiffJson(diff!, header)).integrations[0].params.changed[0].changes[0]).toEqual({
      field: 'default',
      before: 0.1,
      after: 0.2,
    });
    expect(markdown).toContain(
      '  - expr: `felix_calc_graph_update_time_seconds{quantile="0.99"} > 0.1` → `felix_calc_graph_update_time_seconds{quantile="0.99"} > 0.2`',
    );
  });

  test('the same modules as committed: no changes', async () => {
    const { header, diff } = await diffed('HEAD', 'out', checkout, { sources: [localSource(builtinIntegrationsDir)] });
    expect(diff).toEqual({ integrations: [] });
    expect(formatDiffMarkdown(diff, header)).toContain('No changes to the outputs.');
  });

  test('--only compares the selected integrations’ folders, the same way', async () => {
    const all = await diffed('HEAD', 'out', checkout, { sources: [localSource(changedModules)] });
    const only = await diffed('HEAD', 'out', checkout, { sources: [localSource(changedModules)], only: ['calico'] });
    expect(only.diff).toEqual(all.diff);
  });

  test('the JSON is the same for the same inputs, byte for byte', async () => {
    const first = await diffed('HEAD', 'out', checkout, { sources: [localSource(changedModules)] });
    const second = await diffed('HEAD', 'out', checkout, { sources: [localSource(changedModules)] });
    expect(formatDiffJson(second.diff, second.header)).toBe(formatDiffJson(first.diff, first.header));
  });

  test('a base without out/ reads every output as new', async () => {
    const { header, diff } = await diffed('HEAD~1', 'out', checkout, { sources: [localSource(builtinIntegrationsDir)] });
    expect(header).toEqual({ base: 'HEAD~1', baseHasOutputs: false });
    expect(diff.integrations.every((i) => i.status === 'added')).toBe(true);
    expect(diff.integrations.find((i) => i.id === 'calico')?.alerts.added).toHaveLength(Object.values(defineCalico().alerts).flat().length);
  });

  test('counts catalog metrics, as list does: the metrics of each keep-list, by job', async () => {
    const { header, diff } = await diffed('HEAD~1', 'out', checkout, { sources: [localSource(builtinIntegrationsDir)] });
    const calico = diff.integrations.find((i) => i.id === 'calico')!;
    const integration = defineCalico();
    const catalogJobs = new Set(integration.jobs.filter((job) => job.keepMetrics === 'catalog').map((job) => job.id));
    const kept = integration.metrics.filter((metric) => catalogJobs.has(metric.job));
    expect(calico.metrics.added.map((item) => item.key).sort()).toEqual(kept.map((metric) => metric.name).sort());
    const markdown = formatDiffMarkdown(diff, header);
    for (const job of catalogJobs) {
      const count = kept.filter((metric) => metric.job === job).length;
      expect(markdown).toContain(`- Added ${count} catalog metric${count === 1 ? '' : 's'} to the keep-list of job \`${job}\`: `);
    }
  });
});

describe('refusals (exit code 2)', () => {
  test.each(['no-such-branch', '-p', 'HEAD~5'])('--base %s is not a commit', async (ref) => {
    await expect(diffWorkingTree(ref, 'out', checkout, { sources: [localSource(builtinIntegrationsDir)] })).rejects.toThrow(UsageError);
  });

  test('an out folder outside the repository', async () => {
    await expect(diffWorkingTree('HEAD', '../elsewhere', checkout, { sources: [localSource(builtinIntegrationsDir)] })).rejects.toThrow(
      /--out \.\.\/elsewhere: must be a folder inside the repository/,
    );
  });

  test('outside a git repository', async () => {
    const outside = path.join(work, 'not-a-repo');
    await mkdir(outside);
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    // Whatever encloses the temp folder, git must not find a repository above it.
    process.env.GIT_CEILING_DIRECTORIES = work;
    try {
      await expect(diffWorkingTree('HEAD', 'out', outside, { sources: [localSource(builtinIntegrationsDir)] })).rejects.toThrow(
        /not inside a git repository/,
      );
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
  });
});
