// The caches under fault: a cache file or a compiled-validators file that is damaged, edited by hand or
// replaced must never make intgen pass a stale out/, delete a file or crash. Whatever looks odd is a cold miss:
// the integration is evaluated and rendered as without a cache. Each test has its own cache folder.
import { readFileSync } from 'node:fs';
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTree } from '../../src/write/tree.js';
import { calicoSource } from '../helpers/calico-source.js';
import { intgen, repo } from '../helpers/cli.js';
import { installWithoutCompiledAhead } from '../helpers/install.js';

const reused = /unchanged since an earlier build/;

let work: string;
/** This repository's CLI installed without the validators `npm run compile` ships, so it compiles and caches them. */
let withoutShippedValidators: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-faults-'));
  withoutShippedValidators = await installWithoutCompiledAhead(path.join(work, 'install'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The cache file's data as the tests edit it. */
interface CacheData {
  version?: unknown;
  entries: Record<string, Record<string, unknown> & { files: Record<string, unknown>; catalogEntry: { files: unknown } }>;
}

/** Calico built once into its own out/, with its own cache folder; `run` runs a command (of `bin`) against both. */
async function built(name: string, bin?: string) {
  const dir = path.join(work, name);
  const cache = path.join(dir, 'cache');
  const out = path.join(dir, 'out');
  const { source, setChange } = await calicoSource(path.join(dir, 'src'));
  const run = (command: string, ...args: string[]) =>
    intgen([command, '--source', source, '--out', out, ...args], repo, { INTGEN_CACHE_DIR: cache }, bin);
  const first = await run('build');
  expect(first.code, first.stderr).toBe(0);
  const cacheFile = async () => {
    const files = (await readdir(cache)).filter((f) => /^builds-.*\.json$/.test(f));
    expect(files).toHaveLength(1);
    return path.join(cache, files[0]!);
  };
  const editCache = async (edit: (data: CacheData) => void) => {
    const file = await cacheFile();
    const data = JSON.parse(await readFile(file, 'utf8')) as CacheData;
    edit(data);
    await writeFile(file, JSON.stringify(data));
  };
  /** An edit made consistently, as a writer with a bug would make it: the entry's seal is made anew. */
  const editSealed = async (edit: (entry: CacheData['entries'][string], out: string) => void) => {
    const { sealEntry } = await import('../../src/incremental/entry.js');
    await editCache((data) => {
      const entry = data.entries.calico!;
      edit(entry, out);
      entry.seal = sealEntry('calico', entry as never).seal;
    });
  };
  const validatorFiles = async () => (await readdir(cache)).filter((f) => /^validators-.*\.cjs$/.test(f)).map((f) => path.join(cache, f));
  return { dir, out, cache, run, setChange, cacheFile, editCache, editSealed, validatorFiles };
}

/** A build that evaluated and rendered Calico afresh, found out/ as it should be and removed nothing. */
async function expectColdBuildChangingNothing(b: Awaited<ReturnType<typeof built>>) {
  const before = await readTree(b.out);
  const build = await b.run('build');
  expect(build.stderr).not.toMatch(/TypeError|at .*\.js:\d+/);
  expect(build.code, build.stderr).toBe(0);
  expect(build.stdout).toMatch(/: 0 changed, 0 removed\n/);
  expect(build.stdout).not.toMatch(reused);
  expect(await readTree(b.out)).toEqual(before);
  // The build recorded Calico again, so the cache is usable once more.
  const check = await b.run('check');
  expect(check.code, check.stderr).toBe(0);
  expect(check.stdout).toMatch(reused);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

describe('a cache entry is no reason to delete a file', () => {
  test('an emptied file list: build removes nothing', async () => {
    const b = await built('emptied');
    await b.editCache((data) => {
      data.entries.calico!.files = {};
    });
    await expectColdBuildChangingNothing(b);
  });

  test('an emptied file list, sealed anew: out/ still holds the files, so the entry is not reused', async () => {
    const b = await built('emptied-sealed');
    await b.editSealed((entry) => {
      entry.files = {};
      entry.catalogEntry.files = [];
    });
    await expectColdBuildChangingNothing(b);
  });
});

describe('an edited output is found however the cache was edited', () => {
  test('its digest rewritten to match', async () => {
    const b = await built('edited-digest');
    const readme = path.join(b.out, 'calico/README.md');
    const edited = `${await readFile(readme, 'utf8')}edited by hand\n`;
    await writeFile(readme, edited);
    await b.editCache((data) => {
      data.entries.calico!.files['calico/README.md'] = sha256(edited);
    });
    const check = await b.run('check');
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/stale\s+\S+\/calico\/README\.md/);
    const build = await b.run('build');
    expect(build.stdout).toMatch(/: 1 changed, 0 removed\n/);
    expect((await b.run('check')).code).toBe(0);
  });
});

describe('a symlink in out/ is never vouched for', () => {
  // Each replaced by a link to an identical copy, so every byte read through the link matches the cache.
  test.each(['calico/README.md', 'calico/dashboards', 'calico'])('%s', async (linked) => {
    const b = await built(`symlink-${linked.replaceAll('/', '-')}`);
    const copy = path.join(b.dir, 'copy');
    await cp(path.join(b.out, linked), copy, { recursive: true });
    await rm(path.join(b.out, linked), { recursive: true });
    await symlink(copy, path.join(b.out, linked));

    const check = await b.run('check');
    expect(check.stdout).not.toMatch(reused);
    expect(check.code).toBe(1);
    // A linked file is reported as the link it is; under a linked folder the outputs are not there as files.
    expect(check.stderr).toMatch(new RegExp(`(notfile|missing)\\s+\\S+/${linked.replace('.', '\\.')}`));

    const build = await b.run('build');
    expect(build.code, build.stderr).toBe(0);
    expect((await b.run('check')).code).toBe(0);
    // The build replaced the link; what it pointed to is left as it was.
    const target = await stat(copy);
    expect(target.isDirectory() || target.isFile()).toBe(true);
    if (target.isFile()) expect(await readFile(copy, 'utf8')).toBe(await readFile(path.join(b.out, linked), 'utf8'));
  });
});

describe('a malformed cache is a cold miss, never a crash', () => {
  const files: [string, (text: string) => string][] = [
    ['a truncated file', (text) => text.slice(0, text.length / 2)],
    ['null', () => 'null'],
    ['an array', () => '[]'],
    ['entries of the wrong type', () => JSON.stringify({ version: 1, entries: 'calico' })],
  ];
  test.each(files)('the whole file: %s', async (_, damage) => {
    const b = await built(`file-${_.replaceAll(' ', '-')}`);
    const file = await b.cacheFile();
    await writeFile(file, damage(await readFile(file, 'utf8')));
    await expectColdBuildChangingNothing(b);
  });

  test('an unknown version', async () => {
    const b = await built('version');
    await b.editCache((data) => {
      data.version = 999;
    });
    await expectColdBuildChangingNothing(b);
  });

  test('an entry that is not an object', async () => {
    const b = await built('entry-null');
    await b.editCache((data) => {
      (data.entries as Record<string, unknown>).calico = null;
    });
    await expectColdBuildChangingNothing(b);
  });

  test('an entry without its seal', async () => {
    const b = await built('no-seal');
    await b.editCache((data) => {
      delete data.entries.calico!.seal;
    });
    await expectColdBuildChangingNothing(b);
  });

  test('an entry sealed anew, unchanged, is reused: the sealed edits below are judged by their content', async () => {
    const b = await built('resealed');
    await b.editSealed(() => {});
    const check = await b.run('check');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(reused);
  });

  // Sealed anew, so only the shape check stands between each of these and the build.
  const entries: [string, (entry: CacheData['entries'][string], out: string) => void][] = [
    ['files not an object', (e) => void (e.files = null as never)],
    ['a digest not a string', (e) => void (e.files['calico/README.md'] = 5)],
    ['inputs not a string', (e) => void (e.inputs = 42)],
    ['lint not an object', (e) => void (e.lint = 'clean')],
    ['a lint finding of the wrong shape', (e) => void (e.lint = { findings: [{ severity: 'warning' }], excluded: [] })],
    [
      'a lint error, which no recorded build has',
      (e) =>
        void (e.lint = {
          findings: [{ rule: 'r', severity: 'error', integration: 'calico', item: 'i', path: 'p', message: 'm' }],
          excluded: [],
        }),
    ],
    ['a catalog entry not an object', (e) => void (e.catalogEntry = 7 as never)],
    ['a catalog entry listing other files', (e) => void (e.catalogEntry.files = ['calico/README.md'])],
    [
      "a file outside the integration's folder",
      (e, out) => {
        e.files['calico/../index.json'] = sha256(readFileSync(path.join(out, 'index.json'), 'utf8'));
        e.catalogEntry.files = Object.keys(e.files).sort();
      },
    ],
  ];
  test.each(entries)('an entry with %s', async (name, edit) => {
    const b = await built(`entry-${name.replace(/\W+/g, '-')}`);
    await b.editSealed(edit);
    await expectColdBuildChangingNothing(b);
  });
});

describe('a cache file others may write is not read', () => {
  test('the builds file', async () => {
    const b = await built('others-builds');
    await chmod(await b.cacheFile(), 0o666);
    await expectColdBuildChangingNothing(b);
  });

  test('the validators file', async () => {
    const b = await built('others-validators', withoutShippedValidators);
    const [file] = await b.validatorFiles();
    await chmod(file!, 0o666);
    const before = await stat(file!);
    expect((await b.run('check', '--no-cache')).code).toBe(0);
    // Compiled again and written anew, as this user's own.
    const after = await stat(file!);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o022).toBe(0);
  });
});

describe('the validators npm run compile ships', () => {
  test('are used with an empty cache folder: nothing is compiled or cached, and they validate', async () => {
    const b = await built('validators-shipped');
    expect(await b.validatorFiles()).toEqual([]);
    await b.setChange(`i.alerts[Object.keys(i.alerts)[0]][0].severity = 'sev-bogus'`);
    const build = await b.run('build');
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/alerts\.\S+\.severity\s+must be one of .*\(got "sev-bogus"\)/);
    expect(await b.validatorFiles()).toEqual([]);
  });
});

describe('compiled validators are run only as they were written', () => {
  const acceptAll = 'exports.integration = exports.params = exports.config = () => true;\n';
  const forgeries: [string, (code: string) => string][] = [
    ['replaced by code accepting everything', () => acceptAll],
    ['with code accepting everything appended', (code) => `${code}\n${acceptAll}`],
  ];
  test.each(forgeries)('a validators file %s', async (_, forge) => {
    const b = await built(`validators-${_.replace(/\W+/g, '-')}`, withoutShippedValidators);
    const files = await b.validatorFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await writeFile(file, forge(await readFile(file, 'utf8')));
    await b.setChange(`i.alerts[Object.keys(i.alerts)[0]][0].severity = 'sev-bogus'`);

    const build = await b.run('build');
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/alerts\.\S+\.severity\s+must be one of .*\(got "sev-bogus"\)/);
    // Compiled and written again, in place of the forgery.
    for (const file of await b.validatorFiles()) expect(await readFile(file, 'utf8')).not.toContain(acceptAll);
  });

  test('a sound validators file is used as it is, wherever the cache folder is', async () => {
    const b = await built('validators-reused', withoutShippedValidators);
    const [file] = await b.validatorFiles();
    const written = await stat(file!);
    const check = await b.run('check', '--no-cache');
    expect(check.code, check.stderr).toBe(0);
    const after = await stat(file!);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });
});
