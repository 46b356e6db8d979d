// diffDir, and replaceTree given the diff against out/ (src/write/tree.ts): unchanged files are hard-linked,
// not rewritten, and a tree that already matches is left alone.
import { mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { diffDir, diffTree, readTree } from '../../src/write/tree.js';
import { marked, replaceOut } from '../helpers/out-dir.js';

let root: string;
let out: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'intgen-tree-'));
  out = path.join(root, 'out');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const tree = (entries: Record<string, string>) => new Map(Object.entries(entries));
const inode = async (file: string) => (await stat(path.join(out, file))).ino;
const all = () => true;

test('a rebuild writes the changed files and links the others from the previous tree', async () => {
  await replaceOut(out, marked({ 'a/x.yaml': '1\n', 'a/y.yaml': 'same\n', 'b/z.json': '{}\n' }));
  const before = { y: await inode('a/y.yaml'), x: await inode('a/x.yaml') };
  const next = marked({ 'a/x.yaml': '2\n', 'a/y.yaml': 'same\n', 'c/new.md': 'new\n' });
  await replaceOut(out, next, all, diffTree(next, await readTree(out), all));
  expect(await readTree(out)).toEqual(next);
  expect(await inode('a/y.yaml')).toBe(before.y);
  expect(await inode('a/x.yaml')).not.toBe(before.x);
  expect((await readdir(root)).sort()).toEqual(['out']);
});

test('a tree that already matches is left alone', async () => {
  const files = marked({ 'a/x.yaml': '1\n' });
  await replaceOut(out, files);
  const before = (await stat(out)).ino;
  await replaceOut(out, files, all, diffTree(files, await readTree(out), all));
  expect((await stat(out)).ino).toBe(before);
});

test('matching files do not spare a tree its empty folders, nor a link where a file belongs', async () => {
  const files = marked({ 'a/x.yaml': '1\n', 'a/y.yaml': '2\n' });
  await replaceOut(out, files);
  await mkdir(path.join(out, 'empty'));
  await rm(path.join(out, 'a/y.yaml'));
  await symlink('x.yaml', path.join(out, 'a/y.yaml'));
  await replaceOut(out, files, all, await diffDir(files, out, all));
  expect((await readdir(out)).sort()).toEqual(['a', 'index.json']);
  expect(await readTree(out)).toEqual(files);
});

test('diffDir finds what diffTree finds in the tree read whole', async () => {
  await replaceOut(out, marked({ 'a/same': 's', 'a/old': 'x', 'a/gone': 'g', 'b/outside': 'o' }));
  const rendered = tree({ 'a/same': 's', 'a/old': 'y', 'a/new': 'n' });
  const inScope = (f: string) => f.startsWith('a/');
  const diff = await diffDir(rendered, out, inScope);
  expect(diff).toEqual({ stale: ['a/old'], missing: ['a/new'], extra: ['a/gone'], notRegular: [] });
  expect(diff).toEqual(diffTree(rendered, await readTree(out), inScope));
  expect(await diffDir(rendered, path.join(root, 'nope'), inScope)).toEqual({
    stale: [],
    missing: ['a/new', 'a/old', 'a/same'],
    extra: [],
    notRegular: [],
  });
});
