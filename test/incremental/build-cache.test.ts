// The build cache as users meet it (src/incremental/build-cache.ts): the compiled CLI, real out/ folders. An
// integration is skipped only when nothing it is made from changed and out/ holds exactly what it rendered.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTree } from '../../src/write/tree.js';
import { calicoSource as calicoSourceIn } from '../helpers/calico-source.js';
import { intgen } from '../helpers/cli.js';

const reusedCalico = /1 of 1 integration\(s\) unchanged since an earlier build, not rendered again/;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-cache-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A catalog folder of this test run holding Calico, its definition (and parameters) changed by `change`. */
const calicoSource = (name: string, change = '') => calicoSourceIn(path.join(work, name), change);

/** Source and out/ of one test, built once. */
async function built(name: string) {
  const calico = await calicoSource(name);
  const out = path.join(work, `${name}-out`);
  const args = ['--source', calico.source, '--out', out];
  const first = await intgen(['build', ...args]);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout).not.toMatch(/unchanged since/);
  return { ...calico, out, args };
}

describe('an unchanged integration is not rendered again', () => {
  test('a second build and a check reuse it; --no-cache renders it and agrees', async () => {
    const { out, args } = await built('reuse');
    const tree = await readTree(out);

    const rebuild = await intgen(['build', ...args]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stdout).toMatch(new RegExp(`wrote ${tree.size} files for 1 integration\\(s\\) to .*: 0 changed, 0 removed; `));
    expect(rebuild.stdout).toMatch(reusedCalico);
    expect(await readTree(out)).toEqual(tree);

    const check = await intgen(['check', ...args]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(reusedCalico);

    const uncached = await intgen(['check', '--no-cache', ...args]);
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(uncached.stdout).toContain(`is up to date (${tree.size} files)`);
  });

  test('lint reports what the build found, warnings included', async () => {
    const { source, setChange } = await calicoSource('lint');
    await setChange(`i.lintExclusions = [{ rule: 'metric/unused', item: 'no_such_metric', reason: 'kept on purpose' }]`);
    const args = ['--source', source, '--out', path.join(work, 'lint-out')];
    expect((await intgen(['build', ...args])).code).toBe(0);
    const cached = await intgen(['lint', ...args]);
    const uncached = await intgen(['lint', '--no-cache', ...args]);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toMatch(/lint\/unused-exclusion/);
    expect(cached.stdout).toBe(uncached.stdout);
  });
});

describe('anything that changed is rendered and compared afresh', () => {
  test('a hand edit under out/ is found, and the next build puts it right', async () => {
    const { out, args } = await built('edited');
    await writeFile(path.join(out, 'calico/prometheus/rules.yaml'), 'groups: []\n');

    const check = await intgen(['check', ...args]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/stale\s+\S+\/calico\/prometheus\/rules\.yaml/);

    const rebuild = await intgen(['build', ...args]);
    expect(rebuild.stdout).toMatch(/: 1 changed, 0 removed\n/);
    expect((await intgen(['check', ...args])).code).toBe(0);
  });

  test('a changed definition or parameter', async () => {
    const { args, setChange } = await built('changed');

    const overridden = await intgen(['check', ...args, '--set', 'calico.errorWindow=7m']);
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toMatch(/stale\s+\S+\/calico\/prometheus\/rules\.yaml/);

    await setChange(`i.description = 'Calico, described anew.'`);
    const redefined = await intgen(['check', ...args]);
    expect(redefined.code).toBe(1);
    expect(redefined.stderr).toMatch(/stale\s+\S+\/calico\/README\.md/);
  });

  test('a changed override: the overrides of an integration are its inputs', async () => {
    const { args } = await built('overridden');
    const configFile = async (name: string, config: object) => {
      const file = path.join(work, `${name}.json`);
      await writeFile(file, JSON.stringify(config));
      return ['--config', file];
    };
    const team = await configFile('team', { overrides: { calico: { alerts: { labels: { team: 'network' } } } } });
    expect((await intgen(['build', ...args, ...team])).code).toBe(0);
    expect((await intgen(['check', ...args, ...team])).stdout).toMatch(reusedCalico);

    const otherTeam = await configFile('other-team', { overrides: { calico: { alerts: { labels: { team: 'platform' } } } } });
    const changed = await intgen(['check', ...args, ...otherTeam]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/stale\s+\S+\/calico\/prometheus\/rules\.yaml/);

    const disabled = await configFile('disabled', { overrides: { calico: { disable: { dashboards: ['calico'] } } } });
    const rebuilt = await intgen(['build', ...args, ...disabled]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).not.toMatch(/unchanged since/);
    expect(rebuilt.stdout).toMatch(/[1-9]\d* removed/);
  });

  test('a definition JSON would spell like the valid one still fails its schema', async () => {
    const { args, setChange } = await built('invalid');
    // JSON.stringify drops the function, so only a digest that keeps it apart stops a cached pass.
    await setChange('i.extra = () => 1');
    const check = await intgen(['check', ...args]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/schema\/invalid\s+unknown property "extra"/);
  });

  test('a parameter spec the schema rejects', async () => {
    const { source, args } = await built('bad-spec');
    const module = path.join(source, 'calico/index.js');
    await writeFile(
      module,
      (await readFile(module, 'utf8')).replace(
        'const params = { ...calico.params };',
        'const params = { ...calico.params, errorWindow: { ...calico.params.errorWindow, bogus: true } };',
      ),
    );
    const check = await intgen(['check', ...args]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/schema\/invalid\s+params\.errorWindow/);
  });

  test('define() is called once per run, reused or not', async () => {
    const { source, setChange } = await calicoSource('define-once');
    await setChange(`if (globalThis.defined) throw new Error('define() called twice'); globalThis.defined = true`);
    const out = path.join(work, 'define-once-out');
    const args = ['--source', source, '--out', out];
    expect((await intgen(['build', ...args])).code).toBe(0);
    expect((await intgen(['check', ...args])).stdout).toMatch(reusedCalico);
    // Looked up in the cache, then found stale on disk: evaluated from the same definition.
    await writeFile(path.join(out, 'calico/README.md'), 'edited\n');
    const stale = await intgen(['check', ...args]);
    expect(stale.stderr).not.toMatch(/called twice/);
    expect(stale.stderr).toMatch(/stale\s+\S+\/calico\/README\.md/);
  });
});
