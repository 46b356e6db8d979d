// File system errors while reading or writing out/ are messages (src/write/fs-errors.ts): an IntgenError naming
// the path, what went wrong and what to do, which the CLI prints as one line; out/ is left as it was. Errors no
// test can cause for real (a full disk, a read-only or busy mount) are injected into node:fs; permissions are
// real, with the CLI run as an unprivileged user.
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { checkCommand } from '../../src/cli/commands/check.js';
import { IntgenError } from '../../src/core/errors.js';
import { openOutDir } from '../../src/write/out-dir.js';
import { diffDir, readTree } from '../../src/write/tree.js';
import { repo } from '../helpers/cli.js';
import { hasStackTrace, intgenUnprivileged, nobody, readableByAll, unprivilegedSkipReason } from '../helpers/faults.js';
import type { Fault } from '../helpers/fs-faults.js';
import { marked, replaceOut } from '../helpers/out-dir.js';

const faults = vi.hoisted(() => [] as Fault[]);
vi.mock('node:fs', async (importOriginal) => {
  const { withFaults } = await import('../helpers/fs-faults.js');
  return withFaults(await importOriginal<typeof import('node:fs')>(), faults);
});

let root: string;
let out: string;
const first = marked({ 'a/x.yaml': '1\n', 'a/y.yaml': 'same\n', 'b/z.json': '{}\n' });
const next = marked({ 'a/x.yaml': '2\n', 'a/y.yaml': 'same\n', 'c/new.md': 'new\n' });
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'intgen-fs-errors-'));
  out = path.join(root, 'out');
  await replaceOut(out, first);
});
afterEach(async () => {
  faults.length = 0;
  await rm(root, { recursive: true, force: true });
});

/** What `promise` rejected with. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IntgenError);
  return error as Error;
}

describe('while writing out/', () => {
  test.each([
    [
      'a full disk',
      { call: 'writeFileSync', path: /-new\/c\/new\.md$/, code: 'ENOSPC' },
      /-new\/c\/new\.md: no space left on the device: free some space and run again \(ENOSPC\)/,
    ],
    [
      'a read-only file system',
      { call: 'mkdirSync', path: /-new$/, code: 'EROFS' },
      /-new: the file system is read-only: choose an --out on a writable one \(EROFS\)/,
    ],
    [
      'a busy out/ (a mount point, or in use)',
      { call: 'renameSync', path: /\/out$/, code: 'EBUSY' },
      /\/out → .*-old: busy: it is in use or a mount point/,
    ],
    [
      'a folder where a file must go',
      { call: 'writeFileSync', path: /-new\/a\/x\.yaml$/, code: 'EISDIR' },
      /a folder is where a file is needed \(EISDIR\)/,
    ],
    [
      'a file where a folder must go',
      { call: 'mkdirSync', path: /-new\/c$/, code: 'ENOTDIR' },
      /a part of the path is a file where a folder is needed \(ENOTDIR\)/,
    ],
    [
      'moving the new tree in (the old one is put back)',
      { call: 'renameSync', path: /-new$/, code: 'EACCES' },
      /-new → .*\/out: permission denied/,
    ],
  ])('%s: an IntgenError naming the path; out/ unchanged, no staging left', async (_, fault, message) => {
    faults.push(fault);
    const error = await failure(replaceOut(out, next));
    expect(error.message).toMatch(new RegExp(`^cannot write ${out}/: `));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`; ${out}/ is unchanged$`));
    faults.length = 0;
    expect(await readTree(out)).toEqual(first);
    expect(await readdir(root)).toEqual(['out']);
  });

  test('the lock cannot be created: the folder holding out/ is not writable', async () => {
    // The PID is written to a private file first (src/write/lock.ts); the message names the lock all the same.
    faults.push({ call: 'writeFileSync', path: /out\.intgen\.lock\.\d+$/, code: 'EACCES' });
    const error = await failure(openOutDir(out));
    expect(error.message).toMatch(
      new RegExp(`^cannot lock ${out}/: ${out}\\.intgen\\.lock: permission denied: .*\\(EACCES\\); ${out}/ is unchanged$`),
    );
  });

  test('out/ or a folder in it is not writable: refused before anything is written', async () => {
    faults.push({ call: 'accessSync', path: /\/out\/b$/, code: 'EACCES' });
    const error = await failure(replaceOut(out, next));
    expect(error.message).toMatch(new RegExp(`^cannot write ${out}/: ${out}/b: permission denied.*; ${out}/ is unchanged$`));
    expect(await readdir(root)).toEqual(['out']);
  });
});

describe('while reading out/', () => {
  test.each([
    ['an unreadable file', 'EACCES', /permission denied/],
    ['a file that became a folder', 'EISDIR', /a folder is where a file is needed/],
    ['too many open files', 'EMFILE', /too many open files: raise the limit/],
  ])('%s: an IntgenError naming it', async (_, code, message) => {
    faults.push({ call: 'readFileSync', path: /\/out\/a\/x\.yaml$/, code });
    const error = await failure(diffDir(next, out, () => true));
    expect(error.message).toMatch(new RegExp(`^cannot read ${out}: ${out}/a/x\\.yaml: `));
    expect(error.message).toMatch(message);
  });

  test('an unlistable out/, when a build opens it', async () => {
    faults.push({ call: 'readdirSync', path: /\/out$/, code: 'EACCES' });
    const error = await failure(openOutDir(out));
    expect(error.message).toMatch(new RegExp(`^cannot read ${out}/: ${out}: permission denied`));
  });

  test('check reports it as one message (an IntgenError), not a trace', async () => {
    const copy = path.join(root, 'calico-out');
    await cp(path.join(repo, 'out'), copy, { recursive: true });
    faults.push({ call: 'readFileSync', path: /calico-out\/calico\/README\.md$/, code: 'EACCES' });
    const args = {
      out: copy,
      quiet: true,
      cache: false,
      source: undefined,
      config: undefined,
      set: undefined,
      only: undefined,
      _: [],
      $0: 'intgen',
    };
    const error = await failure(Promise.resolve(checkCommand.handler(args as never)));
    expect(error.message).toMatch(/calico-out\/calico\/README\.md: permission denied/);
  });
});

describe.skipIf(unprivilegedSkipReason())('an unreadable file in out/ (chmod 000, run as an unprivileged user)', () => {
  let work: string;
  let parent: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'intgen-unreadable-'));
    parent = path.join(work, 'mine');
    await mkdir(parent);
    await readableByAll(work);
    await chown(parent, nobody.uid, nobody.gid);
    await cp(path.join(repo, 'out'), path.join(parent, 'out'), { recursive: true });
    await chmod(path.join(parent, 'out/calico/README.md'), 0o000);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test.each(['check', 'build'])('%s: exit 1 with one message naming the file', async (command) => {
    const file = path.join(parent, 'out/calico/README.md');
    const run = await intgenUnprivileged([command, '--out', path.join(parent, 'out')], repo);
    expect(run.stderr).toMatch(
      new RegExp(
        `^intgen: cannot read .*: ${file}: permission denied: give the user running intgen access to it, or choose another --out \\(EACCES\\)$`,
        'm',
      ),
    );
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(run.code).toBe(1);
    expect(await readdir(parent)).toEqual(['out']);
  });
});

describe.skipIf(unprivilegedSkipReason())('an out/ in a folder the user cannot write (run as an unprivileged user)', () => {
  let work: string;
  let parent: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'intgen-readonly-'));
    parent = path.join(work, 'theirs');
    await mkdir(parent);
    await cp(path.join(repo, 'out'), path.join(parent, 'out'), { recursive: true });
    await readableByAll(work, parent);
    await chmod(parent, 0o555);
  });
  afterAll(async () => {
    await chmod(parent, 0o755);
    await rm(work, { recursive: true, force: true });
  });

  test('check reads it without the lock no build could take there either', async () => {
    const run = await intgenUnprivileged(['check', '--out', path.join(parent, 'out')], repo);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/is up to date/);
    expect(run.code).toBe(0);
    expect(await readdir(parent)).toEqual(['out']);
  });
});
