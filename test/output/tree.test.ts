import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { listTree } from '../../src/write/listing.js';
import { diffTree, isClean, readTree } from '../../src/write/tree.js';
import { marked, replaceOut } from '../helpers/out-dir.js';

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'intgen-tree-'));
  out = path.join(root, 'out');
});
afterEach(async () => {
  await chmod(root, 0o755).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));

test('replaceTree writes the rendered tree and removes files of deleted definitions', async () => {
  await replaceOut(out, marked({ 'a/x.yaml': '1\n', 'b/y.json': '{}\n' }));
  await replaceOut(out, marked({ 'a/x.yaml': '2\n' }));
  expect(await readTree(out)).toEqual(marked({ 'a/x.yaml': '2\n' }));
  expect((await readdir(root)).sort()).toEqual(['out']); // no staging folders left behind
});

test('a scoped replace keeps what lies outside the scope', async () => {
  const first = marked({ 'a/x.yaml': '1\n', 'b/y.json': '{}\n' });
  await replaceOut(out, first);
  await replaceOut(out, tree({ 'a/z.yaml': 'new\n' }), (f) => f.startsWith('a/'));
  expect(await readTree(out)).toEqual(tree({ 'a/z.yaml': 'new\n', 'b/y.json': '{}\n', 'index.json': first.get('index.json')! }));
});

test('a failed write leaves out/ exactly as it was', async () => {
  await replaceOut(out, marked({ 'a/x.yaml': '1\n' }));
  // A file where a folder must go makes the staging write fail half way.
  await expect(replaceOut(out, tree({ 'a/x.yaml': '2\n', 'a/x.yaml/inner': 'boom' }))).rejects.toThrow(
    /cannot write .*out\/: .*a\/x\.yaml.*out\/ is unchanged/,
  );
  expect(await readTree(out)).toEqual(marked({ 'a/x.yaml': '1\n' }));
  expect((await readdir(root)).sort()).toEqual(['out']);
});

test('diffTree lists stale, missing and extra files within scope', async () => {
  await mkdir(path.join(out, 'a'), { recursive: true });
  await writeFile(path.join(out, 'a/same'), 's');
  await writeFile(path.join(out, 'a/changed'), 'old');
  await writeFile(path.join(out, 'a/deleted'), 'x');
  await writeFile(path.join(out, 'outside'), 'y');
  const rendered = tree({ 'a/same': 's', 'a/changed': 'new', 'a/new': 'n' });
  const diff = diffTree(rendered, await readTree(out), (f) => f.startsWith('a/'));
  expect(diff).toEqual({ stale: ['a/changed'], missing: ['a/new'], extra: ['a/deleted'], notRegular: [] });
  expect(isClean(diffTree(tree({ 'a/same': 's' }), tree({ 'a/same': 's' }), () => true))).toBe(true);
});

test('readTree of a missing folder is empty', async () => {
  expect((await readTree(path.join(root, 'nope'))).size).toBe(0);
});

test('a listing names files relative to the folder however its path is spelled', async () => {
  await mkdir(path.join(out, 'a/b'), { recursive: true });
  await writeFile(path.join(out, 'top.md'), 'x');
  await writeFile(path.join(out, 'a/b/deep.yaml'), 'y');
  const spellings = [out, `${out}/`, path.relative(process.cwd(), out), `./${path.relative(process.cwd(), out)}/`, `${out}/a/..`];
  for (const dir of spellings) {
    const { entries, folders } = listTree(dir);
    expect([...entries.keys()], dir).toEqual(['a/b/deep.yaml', 'top.md']);
    expect(folders, dir).toEqual(['a', 'a/b']);
  }
});
