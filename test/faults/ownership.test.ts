// intgen replaces only what it owns (src/write/ownership.ts): a folder that is absent, empty or holds its
// index.json, and in it only the files that index lists. Everything here runs the compiled CLI on temporary
// folders; the cases whose failure would mean deleting something outside them (the file system's root) call the
// check itself.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { locateOutDir } from '../../src/write/ownership.js';
import { readTree } from '../../src/write/tree.js';
import { catalogIndexFormat } from '../../src/outputs/catalog-index/render.js';
import { intgen, repo } from '../helpers/cli.js';
import { calicoSource, hasStackTrace, isMountPoint, snapshot, syntheticSource } from '../helpers/faults.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-ownership-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A project checkout: .git, its own files, and the integration sources under src/integrations. */
async function project(name: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(path.join(dir, '.git'), { recursive: true });
  await writeFile(path.join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
  await writeFile(path.join(dir, 'README.md'), '# mine\n');
  await calicoSource(path.join(dir, 'src/integrations'));
  return dir;
}

const refused = (run: { code: number; stderr: string }, why: RegExp) => {
  expect(run.stderr).toMatch(why);
  expect(run.stderr).toMatch(/nothing was changed/);
  expect(hasStackTrace(run.stderr)).toBe(false);
  expect(run.code).toBe(2);
};

describe('a folder no build may replace is refused, and nothing in it changes', () => {
  test.each([
    ['the project root (--out .)', '.', /--out \.: is the current folder/],
    ['the folder of the sources (--out src)', 'src', /--out src: contains the integration sources/],
    ['a folder inside the sources', 'src/integrations/calico', /lies inside the integration sources/],
    ['a parent of the current folder', '..', /contains the current folder/],
  ])('%s', async (name, out, why) => {
    const dir = await project(name.replace(/\W+/g, '-'));
    const before = snapshot(path.dirname(dir));
    refused(await intgen(['build', '--source', 'src/integrations', '--out', out], dir), why);
    expect(snapshot(path.dirname(dir))).toEqual(before);
  });

  test("a stranger's folder: files intgen did not write and no index.json of intgen's", async () => {
    const dir = path.join(work, 'stranger');
    await mkdir(path.join(dir, 'notes'), { recursive: true });
    await writeFile(path.join(dir, 'notes/todo.txt'), 'buy milk\n');
    await writeFile(path.join(dir, 'index.json'), '{"integrations": "mine"}\n');
    const before = snapshot(dir);
    refused(await intgen(['build', '--out', dir]), /not a folder intgen wrote: its index\.json is not intgen's catalog index/);
    expect(snapshot(dir)).toEqual(before);
  });

  test("a git checkout, even one that holds an index.json of intgen's", async () => {
    const dir = path.join(work, 'checkout');
    await cp(path.join(repo, 'out'), dir, { recursive: true });
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
    const before = snapshot(dir);
    refused(await intgen(['build', '--out', dir]), /not a folder intgen wrote: it holds \.git/);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a regular file', async () => {
    const file = path.join(work, 'a-file');
    await writeFile(file, 'data\n');
    refused(await intgen(['build', '--out', file]), /is a file, not a folder/);
    expect(await readFile(file, 'utf8')).toBe('data\n');
  });

  test("intgen's own folders: its templates, its running code", async () => {
    refused(await intgen(['build', '--out', 'templates']), /--out templates: is intgen's templates/);
    refused(
      await intgen(['build', '--out', 'dist']),
      /--out dist: (contains the integration sources|contains intgen's running code|is intgen's running code)/,
    );
  });

  test('the root of the file system and a mount point', () => {
    // Called directly: a CLI that failed this would be replacing /.
    expect(() => locateOutDir('/')).toThrow(/--out \/: is the root of the file system; nothing was changed/);
    expect(() => locateOutDir('/proc')).toThrow(/--out \/proc: is a mount point/);
  });

  test.skipIf(!isMountPoint('/dev/shm'))('a mount point, from the command line', async () => {
    refused(await intgen(['build', '--out', '/dev/shm']), /--out \/dev\/shm: is a mount point/);
  });
});

describe('in a folder intgen wrote', () => {
  test('a file the previous build did not write is neither deleted nor overwritten: the build names it and stops', async () => {
    const out = path.join(work, 'stray');
    expect((await intgen(['build', '--out', out])).code).toBe(0);
    await writeFile(path.join(out, 'notes.txt'), 'my notes\n');
    await writeFile(path.join(out, 'calico/stray.txt'), 'mine too\n');
    const before = snapshot(out);
    const run = await intgen(['build', '--out', out]);
    refused(run, new RegExp(`not listed in ${out}/index\\.json\\): ${out}/calico/stray\\.txt, ${out}/notes\\.txt`));
    expect(snapshot(out)).toEqual(before);
    // check says so too, and which files are whose.
    const check = await intgen(['check', '--out', out]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`extra   ${out}/notes.txt (not written by intgen`);
    await rm(path.join(out, 'notes.txt'));
    await rm(path.join(out, 'calico/stray.txt'));
    expect((await intgen(['build', '--out', out])).code).toBe(0);
  });

  test("the files of a deleted definition are intgen's, and removed", async () => {
    const source = await syntheticSource(path.join(work, 'deleted-src'), 1, 2);
    const out = path.join(work, 'deleted-out');
    expect((await intgen(['build', '--source', source, '--out', out])).code).toBe(0);
    await rm(path.join(source, 'synth-0002'), { recursive: true });
    const run = await intgen(['build', '--source', source, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect([...(await readTree(out)).keys()].filter((f) => f.startsWith('synth-0002/'))).toEqual([]);
  });

  test('every tree intgen writes carries the mark, --only builds too, and their index lists what they wrote', async () => {
    const source = await syntheticSource(path.join(work, 'only-src'), 1, 2);
    const out = path.join(work, 'only-out');
    expect((await intgen(['build', '--source', source, '--only', 'synth-0001', '--out', out])).code).toBe(0);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as {
      format: string;
      integrations: { id: string; files: string[] }[];
    };
    expect(index.format).toBe(catalogIndexFormat);
    expect(index.integrations.map((i) => i.id)).toEqual(['synth-0001']);
    expect(new Set(index.integrations.flatMap((i) => i.files))).toEqual(
      new Set([...(await readTree(out)).keys()].filter((f) => f !== 'index.json')),
    );
    // A second --only build adds its entry and keeps the first; the full build that follows matches both.
    expect((await intgen(['build', '--source', source, '--only', 'synth-0002', '--out', out])).code).toBe(0);
    expect((await intgen(['check', '--source', source, '--out', out])).code).toBe(0);
  });

  test("an index.json from before the format tag is still known as intgen's", async () => {
    const out = path.join(work, 'untagged');
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const { format, ...untagged } = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as Record<string, unknown>;
    expect(format).toBe(catalogIndexFormat);
    await writeFile(path.join(out, 'index.json'), JSON.stringify(untagged));
    const run = await intgen(['build', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await readTree(out)).toEqual(await readTree(path.join(repo, 'out')));
  });

  test('an empty folder is taken', async () => {
    const out = path.join(work, 'empty');
    await mkdir(path.join(out, 'sub'), { recursive: true });
    expect((await intgen(['build', '--out', out])).code).toBe(0);
    expect(await readTree(out)).toEqual(await readTree(path.join(repo, 'out')));
  });
});
