// Loading integration modules: the catalog is exactly the source folders (whatever dist/ still holds), a
// compiled module is never run stale, and whatever goes wrong in a module is one line naming its source file.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
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

describe('the built-in catalog is its source folders, whatever dist/ holds', () => {
  // A copy of the package (sources, compiled dist/ with its tsc state, node_modules linked), so modules can be
  // added and deleted under src/integrations/ as a developer does, with the real npm scripts.
  let pkg: string;
  const cli = (args: string[]) => run(process.execPath, ['bin/intgen.js', ...args], pkg);
  const npm = (script: string) => run('npm', ['run', '-s', script], pkg);

  beforeAll(async () => {
    pkg = path.join(work, 'package');
    for (const entry of ['src', 'schemas', 'templates', 'bin', 'scripts', 'dist', 'package.json', 'tsconfig.json']) {
      await cp(path.join(repo, entry), path.join(pkg, entry), { recursive: true, preserveTimestamps: true, force: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
    await symlink(path.join(repo, 'node_modules'), path.join(pkg, 'node_modules'));
  });

  test('a deleted module: check reports its outputs, compile removes its dist/ files, build removes its outputs', async () => {
    expect((await cli(['new', 'etcd'])).code).toBe(0);
    const generated = await npm('generate');
    expect(generated.code, generated.stderr).toBe(0);
    expect((await stat(path.join(pkg, 'out/etcd/prometheus/rules.yaml'))).isFile()).toBe(true);

    await rm(path.join(pkg, 'src/integrations/etcd'), { recursive: true });
    // dist/integrations/etcd/ is still there: it serves no source folder, so it is no integration.
    expect((await stat(path.join(pkg, 'dist/integrations/etcd/index.js'))).isFile()).toBe(true);
    const stale = await cli(['check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('extra   out/etcd/prometheus/rules.yaml');
    expect(stale.stderr).toContain('stale   out/index.json');

    expect((await npm('compile')).code).toBe(0);
    await expect(stat(path.join(pkg, 'dist/integrations/etcd'))).rejects.toThrow(/ENOENT/);

    const rebuilt = await cli(['build']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    await expect(stat(path.join(pkg, 'out/etcd'))).rejects.toThrow(/ENOENT/);
    expect(JSON.parse(await readFile(path.join(pkg, 'out/index.json'), 'utf8'))).not.toContain('etcd');
    expect((await cli(['check'])).code).toBe(0);
  }, 120_000);

  test('a compiled module older than its source, or missing, is refused until `npm run compile`, which always fixes it', async () => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    const calico = (file: string) => path.join(pkg, 'src/integrations/calico', file);
    const compiled = (file: string) => path.join(pkg, 'dist/integrations/calico', file);
    const refused = async (message: string) => {
      const result = await cli(['build']);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`intgen: ${message}: run \`npm run compile\` (npm run generate, check and lint do it first)\n`);
    };
    // A deleted output, which tsc's incremental state believes is still there.
    await rm(compiled('metrics.js'));
    await refused('src/integrations/calico/metrics.ts is not compiled');
    // A source touched without a change (a git checkout does that): tsc alone would not write its output again.
    await utimes(compiled('jobs.js'), ago(120), ago(120));
    await utimes(calico('jobs.ts'), ago(60), ago(60));
    await refused('src/integrations/calico/jobs.ts changed since it was compiled (and 1 more file)');
    // An edited source.
    await writeFile(calico('docs.ts'), `${await readFile(calico('docs.ts'), 'utf8')}// edited\n`);
    await utimes(compiled('docs.js'), ago(60), ago(60));
    await refused('src/integrations/calico/docs.ts changed since it was compiled (and 2 more files)');

    expect((await npm('compile')).code).toBe(0);
    const fixed = await cli(['build']);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
  }, 120_000);

  test('what a built-in module throws is told at its TypeScript source line, through the source map', async () => {
    // Type declarations are erased by tsc, so the compiled lines differ from these.
    const atImport = `import { defineIntegration } from '../../model/index.js';
interface Setting {
  name: string;
}
const settings: Setting[] = [];
export const first = settings[0]!.name;
export default defineIntegration({ params: {}, define: () => { throw new Error('unreachable'); } });
`;
    const inDefine = `import { defineIntegration } from '../../model/index.js';
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
    expect((await npm('compile')).code).toBe(0);
    const compiled = await readFile(path.join(pkg, 'dist/integrations/broken-import/index.js'), 'utf8');
    expect(lineOf(compiled, 'settings[0]')).not.toBe(lineOf(atImport, 'settings[0]'));

    const loading = await cli(['check']);
    expect(loading.code).toBe(1);
    expect(loading.stderr).toBe(
      `intgen: cannot load src/integrations/broken-import/index.ts: TypeError: Cannot read properties of undefined (reading 'name') ` +
        `(at src/integrations/broken-import/index.ts:${lineOf(atImport, 'settings[0]')}:${columnOf(atImport, '.name') + 1})\n`,
    );

    // Its compiled files stay in dist/ until the next compile, and are no integration.
    await rm(path.join(pkg, 'src/integrations/broken-import'), { recursive: true });
    const defining = await cli(['check']);
    expect(defining.code).toBe(1);
    expect(reportedDiagnostics(defining.stderr)).toContain(
      `error define/threw broken-define: define() threw Error: not written yet (at src/integrations/broken-define/index.ts:${lineOf(inDefine, 'throw')}:${columnOf(inDefine, 'new Error')})`,
    );
    expect(defining.stderr).not.toMatch(trace);
    expect(defining.stderr).not.toContain('dist/');
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

  test('a module compiled with a source map is told at its TypeScript line', async () => {
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
    const { outputText, sourceMapText } = ts.transpileModule(source, {
      fileName: 'index.ts',
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, sourceMap: true },
    });
    expect(lineOf(outputText, 'tweak.job')).not.toBe(lineOf(source, 'tweak.job'));
    await catalog('mapped', { 'calico/index.ts': source });
    await catalog('mapped', { 'calico/index.js': outputText, 'calico/index.js.map': sourceMapText! });
    const result = await intgen(['build', '--source', 'mapped', '--out', 'mapped-out'], work);
    expect(result.code).toBe(1);
    expect(reportedDiagnostics(result.stderr).join('\n')).toMatch(
      new RegExp(
        `^error define/threw calico: define\\(\\) threw TypeError: Cannot read properties of undefined \\(reading 'id'\\) \\(at mapped/calico/index\\.ts:${lineOf(source, 'tweak.job')}:\\d+\\)$`,
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
