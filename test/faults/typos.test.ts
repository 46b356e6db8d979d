// A parameter override that names nothing is a typo: a usage error (exit 2) listing the names there are, from
// --set and from the config file alike. A value that does not fit its parameter is an invalid definition
// (exit 1); numbers are read as JSON reads them, so 0x10, Infinity and NaN are refused.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import calico from '../../src/integrations/calico/index.js';
import { resolveParams } from '../../src/pipeline/define.js';
import { intgen } from '../helpers/cli.js';
import { reportedDiagnostics } from '../helpers/report.js';

const paramNames = Object.keys(calico.params).join(', ');
const numberParam = Object.entries(calico.params).find(([, spec]) => spec.type === 'number')![0];

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-typos-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function config(name: string, params: object, rest: object = {}): Promise<string> {
  const file = path.join(work, `${name}.json`);
  await writeFile(file, JSON.stringify({ params, ...rest }));
  return file;
}

describe('a name that matches nothing is a usage error listing the names there are', () => {
  test.each([
    ['an unknown integration', 'nope.x=1', '--set nope.x=1: no integration "nope" (known: calico)'],
    [
      "the issue's typo of an integration",
      'cordns.latencyP99Seconds=1',
      '--set cordns.latencyP99Seconds=1: no integration "cordns" (known: calico)',
    ],
    [
      'a misspelled integration',
      'calcio.errorWindow=10m',
      '--set calcio.errorWindow=10m: no integration "calcio" (known: calico); did you mean "calico"?',
    ],
    [
      'a misspelled parameter',
      'calico.errorWindw=10m',
      `--set calico.errorWindw=10m: calico has no parameter "errorWindw" (known: ${paramNames}); did you mean "errorWindow"?`,
    ],
  ])('--set naming %s', async (_, set, message) => {
    const run = await intgen(['build', '--set', set, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`intgen: ${message}\n`);
  });

  test.each(['check', 'lint', 'list', 'test'])('%s refuses a typo the same way', async (command) => {
    const run = await intgen([command, '--set', 'calico.errorWindw=10m']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^intgen: --set calico\.errorWindw=10m: calico has no parameter "errorWindw"/);
  });

  test.each([
    ['an unknown integration', { nope: { x: 1 } }, 'params.nope: no integration "nope" (known: calico)'],
    ["the issue's typo of an integration", { cordns: { latencyP99Seconds: 1 } }, 'params.cordns: no integration "cordns" (known: calico)'],
    [
      'a misspelled parameter',
      { calico: { errorWindw: '10m' } },
      `params.calico.errorWindw: calico has no parameter "errorWindw" (known: ${paramNames}); did you mean "errorWindow"?`,
    ],
  ])('the config file naming %s', async (name, params, message) => {
    const file = await config(name.replace(/\W+/g, '-'), params);
    const run = await intgen(['build', '--config', file, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`intgen: ${file}: ${message}\n`);
  });

  test('every typo is listed at once, each where it was given', async () => {
    const file = await config('several', { nope: { x: 1 }, calico: { errorWindw: '10m' } });
    const run = await intgen(['check', '--config', file, '--set', 'calico.errorFr=1m']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      `intgen: ${file}: params.nope: no integration "nope" (known: calico)`,
      `${file}: params.calico.errorWindw: calico has no parameter "errorWindw" (known: ${paramNames}); did you mean "errorWindow"?`,
      `--set calico.errorFr=1m: calico has no parameter "errorFr" (known: ${paramNames}); did you mean "errorFor"?`,
      '',
    ]);
  });
});

describe('an override naming nothing is an error listing the names there are', () => {
  test('an unknown integration is a usage error, like --only nope', async () => {
    const file = await config('overrides-integration', {}, { overrides: { calcio: { disable: { alerts: ['X'] } } } });
    const run = await intgen(['build', '--config', file, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`intgen: ${file}: overrides.calcio: no integration "calcio" (known: calico); did you mean "calico"?\n`);
    const only = await intgen(['check', '--only', 'calcio']);
    expect(only.code).toBe(2);
    expect(only.stderr).toBe('intgen: --only: no integration "calcio" (known: calico); did you mean "calico"?\n');
  });

  test.each(['build', 'check', 'lint'])('%s reports an unknown alert, dashboard or job of the integration (exit 1)', async (command) => {
    const file = await config(
      'overrides-ids',
      {},
      {
        overrides: {
          calico: { disable: { alerts: ['CalicoLogingErrors'], dashboards: ['nope'] }, jobs: { 'calico-node-defualt': { port: 9092 } } },
        },
      },
    );
    const run = await intgen([command, '--config', file, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toMatch(
      /calico has no alert "CalicoLogingErrors" \(known: [^)]*\); did you mean "CalicoLoggingErrors"\?/,
    );
    expect(run.stderr + run.stdout).toMatch(/calico has no dashboard "nope" \(known: calico\)/);
    expect(run.stderr + run.stdout).toMatch(
      /calico has no job "calico-node-defualt" \(known: [^)]*\); did you mean "calico-node-default"\?/,
    );
  });

  test('list marks the integration invalid, with the first of them', async () => {
    const file = await config('overrides-list', {}, { overrides: { calico: { disable: { dashboards: ['calicoo'] } } } });
    const run = await intgen(['list', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'calico\tINVALID: calico: overrides.calico.disable.dashboards[0]: calico has no dashboard "calicoo" (known: calico); did you mean "calico"?\n',
    );
  });

  test('a value the schema refuses names its path', async () => {
    const file = await config('overrides-schema', {}, { alerts: { labels: { team: '{{ $labels.team }}' } } });
    const run = await intgen(['build', '--config', file, '--out', path.join(work, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error ${file}: alerts.labels.team: must be a static text (got "{{ $labels.team }}")\n`);
  });
});

describe('a number parameter takes decimal numbers only', () => {
  const number = (value: string) => {
    const { params, problems } = resolveParams(calico.params, { [numberParam]: value });
    return problems.length ? problems.map((p) => `${p.path}: ${p.message}`) : params.find((p) => p.name === numberParam)!.value;
  };

  test.each(['0x10', '0b1', '0o7', '010', 'Infinity', '-Infinity', 'NaN', '1e400', ' 7', '7 ', '', '.5', '5.', '+5', '1_000'])(
    '%j is refused',
    (value) => {
      expect(number(value)).toEqual([`params.${numberParam}: must be a decimal number like 0.5 or 1e3 (got ${JSON.stringify(value)})`]);
    },
  );

  test.each([
    ['0.25', 0.25],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['-1.5', -1.5],
    ['7', 7],
  ])('%j is taken as %d', (value, expected) => {
    expect(number(value)).toBe(expected);
  });

  test('on the command line and in the config file alike', async () => {
    const hex = await intgen(['build', '--set', `calico.${numberParam}=0x10`, '--out', path.join(work, 'refused')]);
    expect(hex.code).toBe(1);
    expect(reportedDiagnostics(hex.stderr)).toContain(
      `error params/invalid calico: params.${numberParam}: must be a decimal number like 0.5 or 1e3 (got "0x10")`,
    );
    const inConfig = await intgen([
      'build',
      '--config',
      await config('hex', { calico: { [numberParam]: '0x10' } }),
      '--out',
      path.join(work, 'refused'),
    ]);
    expect(inConfig.code).toBe(1);
    expect(reportedDiagnostics(inConfig.stderr)).toContain(
      `error params/invalid calico: params.${numberParam}: must be a decimal number like 0.5 or 1e3 (got "0x10")`,
    );

    const out = path.join(work, 'taken');
    const taken = await intgen(['build', '--set', `calico.${numberParam}=1e3`, '--out', out]);
    expect(taken.code, taken.stderr).toBe(0);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as {
      integrations: { parameters: { name: string; value: unknown }[] }[];
    };
    expect(index.integrations[0]!.parameters.find((p) => p.name === numberParam)!.value).toBe(1000);
  });
});
