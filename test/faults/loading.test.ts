// Loading integration modules: the catalog is exactly the source folders as they are now, run from their source,
// and whatever goes wrong in a module is one line naming its source file.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { calicoModule, repo, type Run } from '../helpers/cli.js';
import { reportedDiagnostics } from '../helpers/report.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-loading-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The repository's CLI, run in `cwd` (where relative paths in messages start). */
const intgen = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [path.join(repo, 'bin/intgen.js'), ...args], cwd, env);

/** A stack trace in the output: expected failures never print one. */
const trace = /^\s+at /m;

/** Source lines, for the line a message must point at. */
const lineOf = (source: string, text: string) => source.split('\n').findIndex((line) => line.includes(text)) + 1;
const columnOf = (source: string, text: string) => source.split('\n')[lineOf(source, text) - 1]!.indexOf(text) + 1;

describe('modules run from their source: every change counts at once, with no compile step', () => {
  // A copy of the package (sources, the compiled CLI, node_modules linked), so modules can be added, edited,
  // renamed and deleted under src/integrations/ as a developer does.
  let pkg: string;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, ['bin/intgen.js', ...args], pkg, env);
  const etcd = (file: string) => path.join(pkg, 'src/integrations/etcd', file);

  beforeAll(async () => {
    pkg = path.join(work, 'package');
    for (const entry of ['src', 'schemas', 'templates', 'bin', 'dist', 'package.json', 'tsconfig.json'])
      await cp(path.join(repo, entry), path.join(pkg, entry), { recursive: true });
    await symlink(path.join(repo, 'node_modules'), path.join(pkg, 'node_modules'));
    expect((await cli(['new', 'etcd'])).code).toBe(0);
    const built = await cli(['build']);
    expect(built.code, built.stderr).toBe(0);
  });

  test('an edit is seen by check, build, list and lint', async () => {
    const params = await readFile(etcd('params.ts'), 'utf8');
    expect(params).toContain("'5m'");
    await writeFile(etcd('params.ts'), params.replace("'5m'", "'7m'"));
    const stale = await cli(['check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('stale   out/etcd/prometheus/rules.yaml');
    expect((await cli(['build'])).code).toBe(0);
    expect(await readFile(path.join(pkg, 'out/etcd/prometheus/rules.yaml'), 'utf8')).toContain('[7m]');

    // A metric the module adds shows in list's count and, used by nothing, in lint's findings.
    const metrics = await readFile(etcd('metrics.ts'), 'utf8');
    const counted = async () =>
      (JSON.parse((await cli(['list', '--format', 'json'])).stdout) as { id: string; metrics: number }[]).find((i) => i.id === 'etcd')!
        .metrics;
    const before = await counted();
    await writeFile(etcd('metrics.ts'), metrics.replace('counter(', "counter('etcd_added_total', 'Added.'), metric.counter("));
    expect(await counted()).toBe(before + 1);
    expect((await cli(['lint'])).stdout).toMatch(/^ {2}etcd_added_total\n {4}warning metric\/unused /m);
    await writeFile(etcd('metrics.ts'), metrics);
    await writeFile(etcd('params.ts'), params);
    expect((await cli(['build'])).code).toBe(0);
  }, 120_000);

  test('a renamed module: check reports the old outputs extra and the new ones missing; build moves them', async () => {
    await rename(path.join(pkg, 'src/integrations/etcd'), path.join(pkg, 'src/integrations/etcd-main'));
    const renamed = path.join(pkg, 'src/integrations/etcd-main/index.ts');
    await writeFile(renamed, (await readFile(renamed, 'utf8')).replace("id: 'etcd'", "id: 'etcd-main'"));
    const stale = await cli(['check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('extra   out/etcd/prometheus/rules.yaml');
    expect(stale.stderr).toContain('missing out/etcd-main/prometheus/rules.yaml');
    expect((await cli(['build'])).code).toBe(0);
    await expect(stat(path.join(pkg, 'out/etcd'))).rejects.toThrow(/ENOENT/);
    await rename(path.join(pkg, 'src/integrations/etcd-main'), path.join(pkg, 'src/integrations/etcd'));
    await writeFile(etcd('index.ts'), (await readFile(etcd('index.ts'), 'utf8')).replace("id: 'etcd-main'", "id: 'etcd'"));
    expect((await cli(['build'])).code).toBe(0);
  }, 120_000);

  test('a deleted module: list drops it, check reports its outputs, build removes them', async () => {
    await rm(path.join(pkg, 'src/integrations/etcd'), { recursive: true });
    expect((await cli(['list'])).stdout).not.toContain('etcd');
    const stale = await cli(['check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('extra   out/etcd/prometheus/rules.yaml');
    expect(stale.stderr).toContain('stale   out/index.json');
    const rebuilt = await cli(['build']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    await expect(stat(path.join(pkg, 'out/etcd'))).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(path.join(pkg, 'out/index.json'), 'utf8'))).not.toContain('etcd');
    expect((await cli(['check'])).code).toBe(0);
  }, 120_000);

  test('the transformed modules are cached by content: an unchanged catalog reuses them, any change makes new ones', async () => {
    const cache = path.join(work, 'module-cache');
    const snapshots = async () => (await readdir(cache)).filter((name) => name.startsWith('modules-')).sort();
    const check = async () => expect((await cli(['check'], { INTGEN_CACHE_DIR: cache })).code).toBe(0);
    await check();
    const [first] = await snapshots();
    expect(first).toBeDefined();
    await check();
    expect(await snapshots()).toEqual([first]);
    // A file that changes nothing it defines is still a new source: what counts is content, not meaning.
    const docs = path.join(pkg, 'src/integrations/calico/docs.ts');
    const text = await readFile(docs, 'utf8');
    await writeFile(docs, `${text}// edited\n`);
    await check();
    expect(await snapshots()).toHaveLength(2);
    await writeFile(docs, text);
    await check();
    expect(await snapshots()).toHaveLength(2);
  }, 120_000);

  test('what a built-in module throws is told at its TypeScript source line, through the source map', async () => {
    // Type declarations are erased, so the lines that run differ from these.
    const atImport = `import { defineIntegration } from 'intgen';
interface Setting {
  name: string;
}
const settings: Setting[] = [];
export const first = settings[0]!.name;
export default defineIntegration({ params: {}, define: () => { throw new Error('unreachable'); } });
`;
    const inDefine = `import { defineIntegration } from 'intgen';
interface Reason {
  text: string;
}
const reason: Reason = { text: 'not written yet' };
export default defineIntegration({
  params: {},
  define: () => {
    throw new Error(reason.text);
  },
});
`;
    await catalogFiles(path.join(pkg, 'src/integrations'), { 'broken-import/index.ts': atImport, 'broken-define/index.ts': inDefine });
    const loading = await cli(['check']);
    expect(loading.code).toBe(1);
    expect(loading.stderr).toBe(
      `intgen: cannot load src/integrations/broken-import/index.ts: TypeError: Cannot read properties of undefined (reading 'name') ` +
        `(at src/integrations/broken-import/index.ts:${lineOf(atImport, 'settings[0]')}:${columnOf(atImport, '.name') + 1})\n`,
    );

    await rm(path.join(pkg, 'src/integrations/broken-import'), { recursive: true });
    const defining = await cli(['check']);
    expect(defining.code).toBe(1);
    expect(reportedDiagnostics(defining.stderr)).toContain(
      `error define/threw broken-define: define() threw Error: not written yet (at src/integrations/broken-define/index.ts:${lineOf(inDefine, 'throw')}:${columnOf(inDefine, 'new Error')})`,
    );
    expect(defining.stderr).not.toMatch(trace);
    expect(defining.stderr).not.toContain('modules-');
    await rm(path.join(pkg, 'src/integrations/broken-define'), { recursive: true });
  }, 120_000);

  test('a file that does not parse is one line naming where, and nothing is built', async () => {
    const broken = path.join(pkg, 'src/integrations/calico/jobs.ts');
    const text = await readFile(broken, 'utf8');
    await writeFile(broken, text.replace('export const', 'export const const'));
    const result = await cli(['build']);
    await writeFile(broken, text);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^intgen: cannot load src\/integrations: src\/integrations\/calico\/jobs\.ts:\d+:\d+: .+\n$/);
    expect(result.stderr).not.toMatch(trace);
  }, 120_000);
});

/** Writes `files` (path → content) under `dir`. */
async function catalogFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

/** Writes `files` (path → content) under the folder `name` of the work dir; returns `name`. */
async function catalog(name: string, files: Record<string, string>): Promise<string> {
  await catalogFiles(path.join(work, name), files);
  return name;
}

/** A Calico module whose define() does `body` with the definition `i` and parameters `p`. */
const calicoWith = (body: string, { async = false } = {}) => `import calico from ${JSON.stringify(calicoModule)};
export default {
  params: calico.params,
  ${async ? 'async ' : ''}define(p) {
    const i = structuredClone(calico.define(p));
    ${body}
    return i;
  },
};
`;

describe('a broken module is one message naming its source, never a stack trace', () => {
  test.each([
    [
      'throws when imported',
      'throws',
      {
        'a/index.js': 'const settings = [];\nexport const first = settings[0].name;\nexport default { params: {}, define: () => ({}) };\n',
      },
      /^intgen: cannot load throws\/a\/index\.js: TypeError: Cannot read properties of undefined \(reading 'name'\) \(at throws\/a\/index\.js:2:34\)$/,
    ],
    [
      // JavaScript runs as written (no esbuild); Node's SyntaxError says not where, so intgen does.
      'is JavaScript that does not parse',
      'unparsed',
      {
        'a/index.js': "import { x } from './helper.js';\nexport default { params: {}, define: () => x };\n",
        'a/helper.js': 'export const x = {;\n',
      },
      /^intgen: cannot load unparsed: unparsed\/a\/helper\.js:1:19: Expected identifier but found ";"$/,
    ],
    [
      'has no default export',
      'no-default',
      { 'a/index.js': 'export const params = {};\n' },
      /^intgen: no-default\/a\/index\.js: has no default export: end it with `export default defineIntegration\(\{ params, define \}\)`$/,
    ],
    [
      'exports no define()',
      'no-define',
      { 'a/index.js': 'export default { params: {} };\n' },
      /^intgen: no-define\/a\/index\.js: its default export has no define\(\) function: export `defineIntegration\(\{ params, define \}\)`$/,
    ],
    [
      'imports a module that imports it back',
      'cycle',
      {
        'a/index.js':
          "import { bJobs } from '../b/jobs.js';\nexport const aMetrics = [];\nexport default { params: {}, define: () => ({ jobs: bJobs }) };\n",
        'b/jobs.js': "import { aMetrics } from '../a/index.js';\nexport const bJobs = aMetrics.map((m) => m);\n",
        'b/index.js': 'export default { params: {}, define: () => ({}) };\n',
      },
      /^intgen: cannot load cycle\/a\/index\.js: ReferenceError: Cannot access 'aMetrics' before initialization \(at cycle\/b\/jobs\.js:2:22\): .*circular import.*move what both modules need into a third module that imports neither$/,
    ],
  ])('a module that %s', async (_, folder, files, message) => {
    await catalog(folder, files);
    const result = await intgen(['build', '--source', folder, '--out', `${folder}-out`], work);
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd()).toMatch(message);
    expect(result.stderr).not.toMatch(trace);
    await expect(stat(path.join(work, `${folder}-out`))).rejects.toThrow(/ENOENT/);
  });

  test('--only imports only what it builds: a broken module outside the selection fails only the runs that build it', async () => {
    const folder = await catalog('only', {
      'calico/index.js': calicoWith(''),
      'broken/index.js': "throw new Error('not ready');\n",
    });
    const only = await intgen(['build', '--source', folder, '--out', 'only-out', '--only', 'calico'], work);
    expect(only.code, only.stderr).toBe(0);
    const all = await intgen(['check', '--source', folder, '--out', 'only-out'], work);
    expect(all.code).toBe(1);
    expect(all.stderr.trimEnd()).toBe('intgen: cannot load only/broken/index.js: Error: not ready (at only/broken/index.js:1:7)');
  });

  test.each([
    [
      'define() throws',
      'define-throws',
      calicoWith('i.jobs[0].relabel.push(1);'),
      /^error define\/threw calico: define\(\) threw TypeError: Cannot read properties of undefined \(reading 'push'\) \(at define-throws\/calico\/index\.js:6:\d+\)$/m,
    ],
    [
      'a property getter throws',
      'getter',
      calicoWith("Object.defineProperty(i.jobs[0], 'description', { enumerable: true, get() { throw new RangeError('not today'); } });"),
      /^error define\/not-data calico: jobs\[0\]\.description: reading it threw RangeError: not today \(at getter\/calico\/index\.js:6:\d+\)$/m,
    ],
    [
      'the definition contains itself',
      'cyclic',
      calicoWith('i.jobs[0].owner = i; i.docs.again = i.docs;'),
      /^error define\/not-data calico: jobs\[0\]\.owner: contains itself: it is the same object as the whole definition \(a cycle; a definition must be a tree of data\)\nerror define\/not-data calico: docs\.again: contains itself: it is the same object as docs/m,
    ],
    [
      'define() is async',
      'async',
      calicoWith('', { async: true }),
      /^error define\/not-data calico: define\(\) must return the definition synchronously, not a Promise$/m,
    ],
    [
      'an async define() rejects',
      'async-rejects',
      calicoWith("throw new Error('later');", { async: true }),
      /^error define\/not-data calico: define\(\) must return the definition synchronously, not a Promise$/m,
    ],
    [
      'a value is a Promise',
      'promise-value',
      calicoWith('i.description = Promise.resolve(i.description);'),
      /^error define\/not-data calico: description: is a Promise: a definition holds values, computed synchronously by define\(\)$/m,
    ],
  ])('%s: a problem of that integration, at its path', async (_, folder, source, message) => {
    await catalog(folder, { 'calico/index.js': source });
    const result = await intgen(['build', '--source', folder, '--out', `${folder}-out`], work);
    expect(result.code).toBe(1);
    expect(reportedDiagnostics(result.stderr).join('\n')).toMatch(message);
    expect(result.stderr).toContain(`not written: ${folder}-out/ is unchanged`);
    expect(result.stderr).not.toMatch(trace);
    expect(result.stderr).not.toMatch(/Unhandled|circular structure/i);
  });

  test('a TypeScript module outside the package is told at its TypeScript line', async () => {
    const source = `import calico from ${JSON.stringify(calicoModule)};
interface Tweak {
  job: number;
}
const tweak: Tweak = { job: 3 };
export default {
  params: calico.params,
  define(p: Record<string, string | number>) {
    const i = calico.define(p as never);
    return { ...i, jobs: [...i.jobs, i.jobs[tweak.job]!.id.toString()] };
  },
};
`;
    // A compiled copy beside it is not what runs: the source is.
    await catalog('typescript', { 'calico/index.ts': source, 'calico/index.js': 'export default {};\n' });
    const result = await intgen(['build', '--source', 'typescript', '--out', 'typescript-out'], work);
    expect(result.code).toBe(1);
    expect(reportedDiagnostics(result.stderr).join('\n')).toMatch(
      new RegExp(
        `^error define/threw calico: define\\(\\) threw TypeError: Cannot read properties of undefined \\(reading 'id'\\) \\(at typescript/calico/index\\.ts:${lineOf(source, 'tweak.job')}:\\d+\\)$`,
        'm',
      ),
    );
  });

  test.each([
    ['a missing folder', 'nowhere', /^intgen: --source nowhere: no such folder$/],
    ['a file', 'a-file.txt', /^intgen: --source a-file\.txt: is a file, not a folder holding one folder per integration$/],
    [
      'one integration’s folder',
      'single/calico',
      /^intgen: --source single\/calico: holds index\.js itself, so it is one integration, not a folder of them: pass the folder it is in \(single\)$/,
    ],
  ])('--source naming %s is a usage error', async (_, source, message) => {
    await catalog('.', { 'a-file.txt': 'not a catalog\n' });
    await catalog('single', { 'calico/index.js': calicoWith('') });
    const result = await intgen(['build', '--source', source, '--out', 'source-out'], work);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd()).toMatch(message);
  });

  test('intgen test without promtool says how to install it', async () => {
    const result = await intgen(['test'], repo, { PATH: path.join(work, 'no-such-bin'), PROMTOOL: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^intgen: promtool not found: could not run "promtool" on the PATH\. .*`apt-get install prometheus`.*set PROMTOOL to its path\.\n$/,
    );
    expect(result.stderr).not.toMatch(trace);
  });

  test('a parameter default that is NaN or Infinity is reported as such, not as null', async () => {
    await catalog('nan', {
      'calico/index.js': `import calico from ${JSON.stringify(calicoModule)};
const spec = calico.params.dataplaneApplyP99Seconds;
export default { params: { ...calico.params, dataplaneApplyP99Seconds: { ...spec, default: NaN }, forkExecP99Seconds: { ...spec, default: -Infinity } }, define: calico.define };
`,
    });
    const result = await intgen(['build', '--source', 'nan', '--out', 'nan-out'], work);
    expect(result.code).toBe(1);
    expect(reportedDiagnostics(result.stderr)).toContain(
      'error schema/invalid calico: params.dataplaneApplyP99Seconds.default: must be a number (got NaN)',
    );
    expect(reportedDiagnostics(result.stderr)).toContain(
      'error schema/invalid calico: params.forkExecP99Seconds.default: must be a number (got -Infinity)',
    );
  });

  test('outputs of a module outside the package name it relative to the working folder, with /', async () => {
    await catalog('outside', { 'calico/index.js': calicoWith('') });
    // Given as an absolute path, it is still named from the working folder: the same on every machine.
    const result = await intgen(['build', '--source', path.join(work, 'outside'), '--out', 'outside-out'], work);
    expect(result.code, result.stderr).toBe(0);
    const rules = await readFile(path.join(work, 'outside-out/calico/prometheus/rules.yaml'), 'utf8');
    expect(rules.split('\n')[0]).toBe(
      '# Generated by intgen from outside/calico/index.js. DO NOT EDIT: change the module and run `npm run generate`.',
    );
  });
});
