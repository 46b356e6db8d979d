// intgen as a user gets it: packed, installed from the tarball into fresh projects outside this repository (their
// dependencies from the npm cache), used through npx. One project is a catalog repository made by `intgen init`;
// another renders an integration package with its own overrides. Nothing in either leads back here.
import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { repo } from '../helpers/cli.js';

interface Run {
  code: number;
  output: string;
}

/**
 * The environment of a user's shell: none of the npm_* variables `npm test` sets (they name this repository's
 * package and prefix) and no INTGEN_* settings, so the projects use their own cache folder.
 */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_|INTGEN_)/i.test(name) && name !== 'INIT_CWD'),
) as NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...userEnv, NO_COLOR: '1' }, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Runs and expects success, failing with the command's output. */
async function ok(command: string, args: string[], cwd: string): Promise<string> {
  const result = await run(command, args, cwd);
  expect(result.code, `${command} ${args.join(' ')}:\n${result.output}`).toBe(0);
  return result.output;
}

const install = ['install', '--prefer-offline', '--no-audit', '--no-fund'];
const typescript = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).devDependencies.typescript as string;

let work: string;
let tarball: string;
let catalog: string;
let promtoolMissing: string | undefined;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-adoption-'));
  promtoolMissing = await promtoolSkipReason();
  // The tree is compiled before the tests run; prepare would compile it again.
  const packed = await ok('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], repo);
  tarball = path.join(work, (JSON.parse(packed.slice(packed.indexOf('['))) as [{ filename: string }])[0].filename);
  catalog = path.join(work, 'catalog');
  await mkdir(catalog);
  await ok('npm', [...install, tarball, `typescript@${typescript}`], catalog);
}, 300_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** What a check says is stale, missing or extra; exit 1. */
async function staleFiles(): Promise<string> {
  const result = await run('npx', ['intgen', 'check'], catalog);
  expect(result.code, result.output).toBe(1);
  return result.output;
}

// Each step runs several npm and intgen processes.
describe('a catalog repository made with the packed tarball', { timeout: 180_000 }, () => {
  test('is installed from the tarball, with no path back into this repository', async () => {
    expect((await lstat(path.join(catalog, 'node_modules/intgen'))).isSymbolicLink()).toBe(false);
    for (const file of ['package.json', 'package-lock.json']) expect(await readFile(path.join(catalog, file), 'utf8')).not.toContain(repo);
  });

  test('init, a new module, then build, check, lint and test pass', async (ctx) => {
    await ok('npx', ['intgen', 'init'], catalog);
    await ok('npx', ['intgen', 'new', 'web-app'], catalog);
    expect(await ok('npm', ['run', '-s', 'build'], catalog)).toMatch(/for 2 integration\(s\) to out\//);
    expect(await ok('npm', ['run', '-s', 'check'], catalog)).toMatch(/out\/ is up to date/);
    expect(await ok('npx', ['intgen', 'lint'], catalog)).toMatch(/0 errors, 0 warnings in 2 integrations/);
    expect(await ok('npm', ['run', '-s', 'typecheck'], catalog)).toBe('');
    ctx.skip(promtoolMissing !== undefined, promtoolMissing);
    expect(await ok('npm', ['test', '--silent'], catalog)).toMatch(/web-app: 3 alerts/);
  });

  test('a type error in a module fails npm run typecheck, naming the file and line', async () => {
    const params = path.join(catalog, 'integrations/web-app/params.ts');
    const source = await readFile(params, 'utf8');
    await writeFile(params, source.replace(/param\.duration\('5m'/, 'param.duration(5'));
    try {
      const result = await run('npm', ['run', '-s', 'typecheck'], catalog);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/integrations\/web-app\/params\.ts\(\d+,\d+\): error TS2345/);
    } finally {
      await writeFile(params, source);
    }
  });

  test('an edit, a rename and a deletion of the module count at the next check, with no compile step', async () => {
    const moduleDir = path.join(catalog, 'integrations/web-app');
    const params = path.join(moduleDir, 'params.ts');
    await writeFile(params, (await readFile(params, 'utf8')).replace(/param\.duration\('5m'/, "param.duration('7m'"));
    expect(await staleFiles()).toMatch(/web-app\/prometheus\/rules\.yaml/);
    await ok('npx', ['intgen', 'build'], catalog);
    expect(await readFile(path.join(catalog, 'out/web-app/prometheus/rules.yaml'), 'utf8')).toContain('[7m]');

    // A rename: the folder and the id it must equal.
    const renamed = path.join(catalog, 'integrations/shop-app');
    await rename(moduleDir, renamed);
    const index = path.join(renamed, 'index.ts');
    await writeFile(index, (await readFile(index, 'utf8')).replace("id: 'web-app'", "id: 'shop-app'"));
    const afterRename = await staleFiles();
    expect(afterRename).toMatch(/shop-app\/prometheus\/rules\.yaml/);
    expect(afterRename).toMatch(/web-app\/prometheus\/rules\.yaml/);
    await ok('npx', ['intgen', 'build'], catalog);

    await rm(renamed, { recursive: true });
    expect(await staleFiles()).toMatch(/shop-app\/prometheus\/rules\.yaml/);
    await ok('npx', ['intgen', 'build'], catalog);
    expect(await ok('npx', ['intgen', 'list'], catalog)).not.toMatch(/shop-app|web-app/);
    await expect(lstat(path.join(catalog, 'out/shop-app'))).rejects.toThrow(/ENOENT/);
  });
});

describe('a project consuming a packed integration package', { timeout: 180_000 }, () => {
  let consumer: string;

  beforeAll(async () => {
    // The package: one module made by the installed intgen, declared in its package.json, packed as npm publishes it.
    const pack = path.join(work, 'redis-pack');
    await mkdir(pack);
    await ok('npx', ['intgen', 'new', 'redis', '--source', path.join(pack, 'integrations')], catalog);
    await writeFile(
      path.join(pack, 'package.json'),
      JSON.stringify({
        name: '@acme/intgen-redis',
        version: '1.4.0',
        files: ['integrations/'],
        intgen: { integrations: './integrations' },
        peerDependencies: { intgen: '*' },
      }),
    );
    const packed = await ok('npm', ['pack', '--pack-destination', work, '--json'], pack);
    const packageTarball = path.join(work, (JSON.parse(packed.slice(packed.indexOf('['))) as [{ filename: string }])[0].filename);
    consumer = path.join(work, 'consumer');
    await mkdir(consumer);
    await ok('npm', [...install, tarball, packageTarball], consumer);
    const overrides = {
      $schema: './node_modules/intgen/schemas/config.schema.json',
      integrations: ['@acme/intgen-redis'],
      params: { redis: { errorWindow: '12m' } },
      overrides: {
        redis: {
          disable: { alerts: ['RedisLatencyHigh'] },
          alerts: { severities: { critical: 'page' }, runbookUrl: 'https://runbooks.example/{{integration}}/{{alert}}' },
        },
      },
    };
    await writeFile(path.join(consumer, 'intgen.config.json'), JSON.stringify(overrides));
    const typo = { ...overrides, overrides: { redis: { disable: { alerts: ['RedisLatencyHihg'] } } } };
    await writeFile(path.join(consumer, 'typo.config.json'), JSON.stringify(typo));
  }, 300_000);

  test('renders it with the overrides, the header naming the package and version; promtool check and test pass', async (ctx) => {
    await ok('npx', ['intgen', 'build'], consumer);
    const rules = await readFile(path.join(consumer, 'out/redis/prometheus/rules.yaml'), 'utf8');
    expect(rules).toMatch(/^# Generated by intgen from @acme\/intgen-redis@1\.4\.0 integrations\/redis\/index\.ts\./);
    expect(rules).not.toContain('RedisLatencyHigh');
    expect(rules).toContain('[12m]');
    expect(rules).toMatch(/severity: page/);
    expect(rules).not.toMatch(/severity: critical/);
    expect(rules).toContain('runbook_url: https://runbooks.example/redis/RedisTargetDown');
    expect(await ok('npx', ['intgen', 'check'], consumer)).toMatch(/up to date/);
    ctx.skip(promtoolMissing !== undefined, promtoolMissing);
    await ok(process.env.PROMTOOL || 'promtool', ['check', 'rules', 'out/redis/prometheus/rules.yaml'], consumer);
    expect(await ok('npx', ['intgen', 'test'], consumer)).toMatch(/redis: 2 alerts/);
  });

  test('a typo in an override id exits 1, naming the known ids', async () => {
    const result = await run('npx', ['intgen', 'build', '--config', 'typo.config.json'], consumer);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/RedisLatencyHihg/);
    expect(result.output).toMatch(/RedisLatencyHigh/);
  });
});
