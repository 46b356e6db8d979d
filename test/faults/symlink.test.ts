// Outputs are regular files: a link inside out/ is reported by check and replaced by build, never written
// through; a symlinked out/ stays a link, and the build replaces the folder it points to.
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readTree } from '../../src/write/tree.js';
import { intgen, repo } from '../helpers/cli.js';
import { syntheticSource } from '../helpers/faults.js';

let work: string;
let committed: Map<string, string>;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-symlink-'));
  committed = await readTree(path.join(repo, 'out'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

let dir: string;
let out: string;
let cacheDir: string;
beforeEach(async (context) => {
  dir = path.join(work, context.task.name.replace(/\W+/g, '-'));
  out = path.join(dir, 'out');
  cacheDir = `${dir}.cache`;
  await mkdir(dir, { recursive: true });
});
const run = (args: string[]) => intgen(args, repo, { INTGEN_CACHE_DIR: cacheDir });

/** out/ as built, then its README.md swapped for a link to `outside` holding `content`. */
async function linkedReadme(content: string): Promise<string> {
  expect((await run(['build', '--out', out])).code).toBe(0);
  const outside = path.join(dir, 'outside.md');
  await writeFile(outside, content);
  await rm(path.join(out, 'calico/README.md'));
  await symlink(outside, path.join(out, 'calico/README.md'));
  return outside;
}

describe('a link inside out/', () => {
  test.each([
    ['with the build cache', []],
    ['--no-cache', ['--no-cache']],
  ])('check fails on a link to an identical file, naming it (%s)', async (_, flags) => {
    await linkedReadme(committed.get('calico/README.md')!);
    const check = await run(['check', '--out', out, ...flags]);
    expect(check.stderr).toContain(`notfile ${out}/calico/README.md (a symbolic link, not a regular file)`);
    expect(check.code).toBe(1);
  });

  test('build replaces it with the regular file, without writing through it', async () => {
    const outside = await linkedReadme('what the link points to\n');
    const before = await stat(outside);
    const build = await run(['build', '--out', out]);
    expect(build.code).toBe(0);
    expect((await lstat(path.join(out, 'calico/README.md'))).isFile()).toBe(true);
    expect(await readTree(out)).toEqual(committed);
    expect(await readFile(outside, 'utf8')).toBe('what the link points to\n');
    expect((await stat(outside)).mtimeMs).toBe(before.mtimeMs);
    expect((await run(['check', '--out', out])).code).toBe(0);
  });

  test('build replaces a link to an identical file that the cache vouches for', async () => {
    await linkedReadme(committed.get('calico/README.md')!);
    expect((await run(['build', '--out', out])).code).toBe(0);
    expect((await lstat(path.join(out, 'calico/README.md'))).isFile()).toBe(true);
    expect((await run(['check', '--out', out])).code).toBe(0);
  });

  test("outside a --only build's scope, a link is kept as it is", async () => {
    const source = await syntheticSource(path.join(dir, 'src'), 1, 2);
    expect((await run(['build', '--source', source, '--out', out])).code).toBe(0);
    const readme = path.join(out, 'synth-0002/README.md');
    await cp(readme, path.join(dir, 'readme.md'));
    await rm(readme);
    await symlink('../../readme.md', readme);
    expect((await run(['build', '--source', source, '--only', 'synth-0001', '--out', out, '--no-cache'])).code).toBe(0);
    expect(await readlink(readme)).toBe('../../readme.md');
  });
});

describe('a symlinked out/', () => {
  test('stays a link: the build replaces the folder it points to, and leaves nothing beside either', async () => {
    const real = path.join(dir, 'elsewhere/out');
    await mkdir(path.dirname(real), { recursive: true });
    await cp(path.join(repo, 'out'), real, { recursive: true });
    await writeFile(path.join(real, 'calico/prometheus/rules.yaml'), 'groups: []\n');
    await symlink('elsewhere/out', out);
    const build = await run(['build', '--out', out]);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(await readlink(out)).toBe('elsewhere/out');
    expect(await readTree(real)).toEqual(committed);
    expect((await readdir(dir)).sort()).toEqual(['elsewhere', 'out']);
    expect(await readdir(path.dirname(real))).toEqual(['out']);
  });

  test('that points to nothing yet: the build creates its target', async () => {
    await mkdir(path.join(dir, 'elsewhere'));
    await symlink('elsewhere/out', out);
    expect((await run(['build', '--out', out])).code).toBe(0);
    expect((await lstat(out)).isSymbolicLink()).toBe(true);
    expect(await readTree(path.join(dir, 'elsewhere/out'))).toEqual(committed);
  });

  test('a stray link intgen did not write is not deleted', async () => {
    expect((await run(['build', '--out', out])).code).toBe(0);
    await symlink('/etc/hostname', path.join(out, 'calico/hostname'));
    const build = await run(['build', '--out', out]);
    expect(build.code).toBe(2);
    expect(build.stderr).toContain(`${out}/calico/hostname`);
    expect(await readlink(path.join(out, 'calico/hostname'))).toBe('/etc/hostname');
  });
});
