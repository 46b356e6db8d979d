// A large catalog is built on worker threads (src/pipeline/parallel.ts): what build and check say and write must
// not depend on how many threads did the work.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeSyntheticCatalog } from '../../bench/catalog.mjs';
import { intgen } from '../helpers/cli.js';

let work: string;
/** Enough integrations for two threads (parallel.ts starts one per eight). */
const count = 18;
const catalog = () => path.join(work, 'catalog');

const build = (out: string, threads: number, args: string[] = []) =>
  intgen(['build', '--no-cache', '--source', catalog(), '--out', out, ...args], work, {
    INTGEN_WORKERS: String(threads),
    INTGEN_DEBUG: '1',
  });
const check = (out: string, threads: number) =>
  intgen(['check', '--no-cache', '--source', catalog(), '--out', out], work, { INTGEN_WORKERS: String(threads), INTGEN_DEBUG: '1' });

async function tree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  return new Map(
    await Promise.all(files.sort().map(async (f): Promise<[string, string]> => [f, await readFile(path.join(dir, f), 'utf8')])),
  );
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-parallel-'));
  // The modules import the public entry by name, as a user's do.
  await writeSyntheticCatalog(catalog(), count, 'intgen');
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('worker threads', () => {
  test('build writes the same bytes on two threads as on one, and check agrees either way', async () => {
    const [one, two] = await Promise.all([build('one', 1), build('two', 2)]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toContain("evaluated on the CLI's own thread");
    expect(two.stderr).toContain('evaluated on 2 threads');
    expect(two.stdout).toBe(one.stdout.replace(' one/', ' two/'));
    const written = await tree(path.join(work, 'two'));
    expect(written.size).toBeGreaterThan(count * 10);
    expect(written).toEqual(await tree(path.join(work, 'one')));

    const clean = await check('one', 2);
    expect(clean.code, clean.stderr).toBe(0);
    // A file edited by hand, one removed and one added: each is told, as in one thread.
    await writeFile(path.join(work, 'one', 'synth-0003', 'README.md'), 'edited by hand\n');
    await rm(path.join(work, 'one', 'synth-0011', 'prometheus', 'rules.yaml'));
    const onTwo = await check('one', 2);
    const onOne = await check('one', 1);
    expect(onTwo.code).toBe(1);
    expect(onTwo.stderr).toContain('stale   one/synth-0003/README.md');
    expect(onTwo.stderr).toContain('missing one/synth-0011/prometheus/rules.yaml');
    expect(onTwo.stderr.replace(/^intgen: debug: .*\n/m, '')).toBe(onOne.stderr.replace(/^intgen: debug: .*\n/m, ''));
  });

  test('a module with a lint error fails the build alike on two threads, and nothing is written', async () => {
    const module = path.join(catalog(), 'synth-0007', 'index.js');
    const source = await readFile(module, 'utf8');
    try {
      // An alert reading a metric the catalog does not have.
      await writeFile(module, source.replace('"expr":"', '"expr":"no_such_metric_total > 0 or '));
      const [one, two] = await Promise.all([build('broken-one', 1), build('broken-two', 2)]);
      expect(two.code).toBe(1);
      expect(two.stderr).toContain('synth-0007');
      expect(two.stderr).toContain('evaluated on 2 threads');
      expect(two.stderr.replace(/^intgen: debug: .*\n/m, '').replaceAll('broken-two', 'broken-one')).toBe(
        one.stderr.replace(/^intgen: debug: .*\n/m, ''),
      );
      await expect(readdir(path.join(work, 'broken-two'))).rejects.toThrow(/ENOENT/);
    } finally {
      await writeFile(module, source);
    }
  });

  test('lint reports alike on two threads as on one', async () => {
    const module = path.join(catalog(), 'synth-0013', 'index.js');
    const source = await readFile(module, 'utf8');
    const lint = (threads: number) =>
      intgen(['lint', '--no-cache', '--format', 'json', '--source', catalog()], work, {
        INTGEN_WORKERS: String(threads),
        INTGEN_DEBUG: '1',
      });
    try {
      await writeFile(module, source.replace('"expr":"', '"expr":"no_such_metric_total > 0 or '));
      const [one, two] = await Promise.all([lint(1), lint(2)]);
      expect(one.stderr).toContain("evaluated on the CLI's own thread");
      expect(two.stderr).toContain('evaluated on 2 threads');
      expect(two.code).toBe(1);
      expect(one.code).toBe(1);
      expect(JSON.stringify(JSON.parse(two.stdout))).toContain('synth-0013');
      expect(two.stdout).toBe(one.stdout);
    } finally {
      await writeFile(module, source);
    }
  });

  test('each module is imported once, by the thread that builds it', async () => {
    const log = path.join(work, 'imports.log');
    const sources = await Promise.all(
      Array.from({ length: count }, async (_, k) => {
        const module = path.join(catalog(), `synth-${String(k + 1).padStart(4, '0')}`, 'index.js');
        return { module, source: await readFile(module, 'utf8') };
      }),
    );
    try {
      for (const { module, source } of sources) {
        const folder = path.basename(path.dirname(module));
        const logged = `import { appendFileSync } from 'node:fs';\nimport { threadId } from 'node:worker_threads';\nappendFileSync(${JSON.stringify(log)}, \`${folder} \${threadId}\\n\`);\n`;
        await writeFile(module, logged + source);
      }
      const two = await build('logged', 2);
      expect(two.code, two.stderr).toBe(0);
      const lines = (await readFile(log, 'utf8')).trim().split('\n');
      const folders = lines.map((line) => line.split(' ')[0]);
      expect(folders.sort()).toEqual(sources.map(({ module }) => path.basename(path.dirname(module))).sort());
      expect(new Set(lines.map((line) => line.split(' ')[1])).size).toBe(2);
    } finally {
      await Promise.all(sources.map(({ module, source }) => writeFile(module, source)));
    }
  });

  test('modules that cannot be imported are told alike on two threads, and nothing is written', async () => {
    // One in the first batch (the CLI's thread), one in the second (the worker's).
    const throwing = path.join(catalog(), 'synth-0002', 'index.js');
    const exportless = path.join(catalog(), 'synth-0012', 'index.js');
    const [throwingSource, exportlessSource] = await Promise.all([readFile(throwing, 'utf8'), readFile(exportless, 'utf8')]);
    try {
      await writeFile(throwing, `throw new Error('no such cluster');\n${throwingSource}`);
      await writeFile(exportless, exportlessSource.replace('export default ', 'const unused = '));
      const [one, two] = await Promise.all([build('unloadable-one', 1), build('unloadable-two', 2)]);
      expect(one.code).toBe(1);
      expect(two.code).toBe(one.code);
      expect(one.stderr).toContain('2 integration modules cannot be loaded');
      expect(one.stderr).toMatch(/cannot load \S*synth-0002\/index\.js: Error: no such cluster/);
      expect(one.stderr).toMatch(/synth-0012\/index\.js: has no default export/);
      // Without the stack INTGEN_DEBUG prints, whose frames differ.
      const told = (result: { stderr: string }) =>
        result.stderr
          .replace(/^intgen: debug: .*\n/gm, '')
          .replace(/^\s+at .*\n/gm, '')
          .replace(/unloadable-(one|two)/g, 'out');
      expect(told(two)).toBe(told(one));
      await expect(readdir(path.join(work, 'unloadable-two'))).rejects.toThrow(/ENOENT/);
    } finally {
      await Promise.all([writeFile(throwing, throwingSource), writeFile(exportless, exportlessSource)]);
    }
  });

  test('INTGEN_WORKERS that is not a whole number from 1 is a usage error', async () => {
    const result = await intgen(['check', '--source', catalog(), '--out', 'one'], work, { INTGEN_WORKERS: 'many' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('INTGEN_WORKERS must be a whole number from 1 (got "many")');
  });
});
