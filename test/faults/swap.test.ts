// Swapping out/ safely (src/write/lock.ts, out-dir.ts, tree.ts): one build at a time, what dead builds left
// swept, SIGINT/SIGTERM cleaned up after, a folder that cannot be written refused before the swap, and a
// previous tree that cannot be removed after it only a warning.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, watch } from 'node:fs';
import { chown, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { buildCommand } from '../../src/cli/commands/build.js';
import { IntgenError } from '../../src/core/errors.js';
import { lockOutDir } from '../../src/write/lock.js';
import { readTree } from '../../src/write/tree.js';
import { calicoModule, intgen, repo } from '../helpers/cli.js';
import {
  bin,
  hasStackTrace,
  intgenUnprivileged,
  nobody,
  readableByAll,
  snapshot,
  syntheticSource,
  unprivilegedSkipReason,
} from '../helpers/faults.js';
import type { Fault } from '../helpers/fs-faults.js';

const faults = vi.hoisted(() => [] as Fault[]);
vi.mock('node:fs', async (importOriginal) => {
  const { withFaults } = await import('../helpers/fs-faults.js');
  return withFaults(await importOriginal<typeof import('node:fs')>(), faults);
});

let work: string;
let committed: Map<string, string>;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-swap-'));
  committed = await readTree(path.join(repo, 'out'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Each test's own folder, holding only its out/ unless the test puts something beside it. */
let dir: string;
let out: string;
beforeEach(async (context) => {
  dir = path.join(work, context.task.name.replace(/\W+/g, '-').slice(0, 80));
  out = path.join(dir, 'out');
  await mkdir(dir, { recursive: true });
});
afterEach(() => {
  faults.length = 0;
});

/** A process that stays alive until killed: a live PID that is not this one. */
const liveProcess = () => spawn('sleep', ['120'], { stdio: 'ignore' });

/** The PID of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

/** Starts the CLI; `output` resolves when its stderr first matches `pattern`, or when it exits. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exit = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null, stderr }));
  const output = (pattern: RegExp) =>
    new Promise<boolean>((resolve) => {
      const look = () => pattern.test(stderr) && resolve(true);
      child.stderr.on('data', look);
      void exit.then(() => resolve(pattern.test(stderr)));
    });
  return { child, exit, output };
}

describe('one build at a time', () => {
  test('a build waits while another live intgen holds the lock, and goes on when it is gone', async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const holder = liveProcess();
    try {
      await writeFile(`${out}.intgen.lock`, `${holder.pid}\n`);
      const build = start(['build', '--out', out]);
      expect(await build.output(/waiting for another intgen/)).toBe(true);
      await sleep(300);
      expect(build.child.exitCode).toBe(null); // still waiting
      holder.kill();
      const run = await build.exit;
      expect(run.stderr).toContain(`waiting for another intgen (pid ${holder.pid}), which is writing ${out}/`);
      expect(run.code).toBe(0);
      expect(await readdir(dir)).toEqual(['out']);
    } finally {
      holder.kill();
    }
  });

  test('check waits while a build holds out/, so it never reads a tree mid-swap', async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const holder = liveProcess();
    try {
      await writeFile(`${out}.intgen.lock`, `${holder.pid}\n`);
      const check = start(['check', '--out', out]);
      expect(await check.output(/waiting for another intgen/)).toBe(true);
      await sleep(300);
      expect(check.child.exitCode).toBe(null);
      holder.kill();
      const run = await check.exit;
      expect(run.code).toBe(0);
      expect(await readdir(dir)).toEqual(['out']);
    } finally {
      holder.kill();
    }
  });

  test('a lock left by a build that is gone is removed', async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    await writeFile(`${out}.intgen.lock`, `${await deadPid()}\n`);
    const run = await intgen(['build', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toEqual(['out']);
  });

  test('a build killed while taking the lock leaves only its private file: the next build removes it, with no wait', async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    // What a build killed between writing its PID and linking the lock into place leaves.
    const dead = await deadPid();
    await writeFile(`${out}.intgen.lock.${dead}`, `${dead}\n`);
    await writeFile(`${out}.intgen.lock.break.${dead}`, `${dead}\n`);
    const started = performance.now();
    const run = await intgen(['build', '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toEqual(['out']);
    // The 5 s an empty lock is given are not waited.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test("a live build's private lock file is left alone", async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const holder = liveProcess();
    try {
      await writeFile(`${out}.intgen.lock.${holder.pid}`, `${holder.pid}\n`);
      const run = await intgen(['build', '--out', out]);
      expect(run.code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['out', `out.intgen.lock.${holder.pid}`]);
    } finally {
      holder.kill();
    }
  });

  test('a link where the private lock file goes is removed, never written through', async () => {
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'keep');
    await symlink(victim, `${out}.intgen.lock.${process.pid}`);
    const lock = await lockOutDir({ shown: 'out', real: out }, { waitMs: 300 });
    expect(readFileSync(`${out}.intgen.lock`, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    expect(await readdir(dir)).toEqual(['victim']);
  });

  test('where the file system has no hard links, the lock is created in place, holding the PID', async () => {
    faults.push({ call: 'linkSync', path: /\.intgen\.lock\.\d+$/, code: 'EPERM' });
    const lock = await lockOutDir({ shown: 'out', real: out }, { waitMs: 300 });
    expect(await readdir(dir)).toEqual(['out.intgen.lock']);
    expect(readFileSync(`${out}.intgen.lock`, 'utf8')).toBe(`${process.pid}\n`);
    // Exclusive still: another build waits for it, naming this process.
    const build = start(['build', '--out', out]);
    expect(await build.output(/waiting for another intgen/)).toBe(true);
    lock.release();
    const run = await build.exit;
    expect(run.stderr).toContain(`waiting for another intgen (pid ${process.pid})`);
    expect(run.code).toBe(0);
    expect(await readdir(dir)).toEqual(['out']);
  });

  test('a lock that cannot be linked for another reason is an error naming the lock, and leaves nothing', async () => {
    faults.push({ call: 'linkSync', path: /\.intgen\.lock\.\d+$/, code: 'EIO' });
    await expect(lockOutDir({ shown: 'out', real: out }, { waitMs: 300 })).rejects.toThrow(/input\/output error/);
    expect(await readdir(dir)).toEqual([]);
  });

  test('waiting too long fails, naming who holds the lock', async () => {
    const holder = liveProcess();
    try {
      await writeFile(`${out}.intgen.lock`, `${holder.pid}\n`);
      const notes: string[] = [];
      const attempt = lockOutDir({ shown: 'out', real: out }, { waitMs: 300, onWait: (note) => notes.push(note) });
      await expect(attempt).rejects.toThrow(IntgenError);
      await expect(attempt).rejects.toThrow(
        new RegExp(
          `another intgen \\(pid ${holder.pid}\\) is writing it; waited 300 ms: run again when it is done \\(if no intgen is running, remove ${out}\\.intgen\\.lock\\)`,
        ),
      );
      expect(notes).toHaveLength(1);
    } finally {
      holder.kill();
    }
  });

  test('two builds of the same out/ at once: each waits its turn and writes a whole tree', async () => {
    const reference = async (window: string) => {
      const tree = path.join(dir, `reference-${window}`);
      expect((await intgen(['build', '--out', tree, '--set', `calico.errorWindow=${window}`])).code).toBe(0);
      return readTree(tree);
    };
    const trees = [await reference('11m'), await reference('13m')];
    await rm(path.join(dir, 'reference-11m'), { recursive: true });
    await rm(path.join(dir, 'reference-13m'), { recursive: true });
    const runs = await Promise.all(
      ['11m', '13m'].map((window) => intgen(['build', '--out', out, '--set', `calico.errorWindow=${window}`])),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(trees).toContainEqual(await readTree(out));
    expect(await readdir(dir)).toEqual(['out']);
  });
});

describe('what builds that died left beside out/', () => {
  test("their staging folders are removed; a live build's are not", async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    const [dead, live] = [await deadPid(), liveProcess()];
    try {
      for (const [pid, role] of [
        [dead, 'new'],
        [dead, 'old'],
        [live.pid!, 'new'],
      ] as const) {
        await mkdir(path.join(`${out}.intgen-${pid}-${role}`, 'calico'), { recursive: true });
        await writeFile(path.join(`${out}.intgen-${pid}-${role}`, 'calico/README.md'), 'half written');
      }
      const run = await intgen(['build', '--out', out]);
      expect(run.code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['out', `out.intgen-${live.pid}-new`]);
    } finally {
      live.kill();
    }
  });

  test('a tree moved aside by a build killed between its two renames is put back, even when this build fails', async () => {
    const moved = `${out}.intgen-${await deadPid()}-old`;
    await cp(path.join(repo, 'out'), moved, { recursive: true });
    const broken = path.join(work, 'broken-source/calico');
    await mkdir(broken, { recursive: true });
    await writeFile(
      path.join(broken, 'index.js'),
      `import calico from ${JSON.stringify(calicoModule)};\nexport default { params: calico.params, define(p) { const i = calico.define(p); i.jobs[0].id = "Calico Node"; return i; } };\n`,
    );
    const run = await intgen(['build', '--source', path.dirname(broken), '--out', out]);
    expect(run.stderr).toContain('not written');
    expect(run.code).toBe(1);
    expect(await readTree(out)).toEqual(committed);
    expect(await readdir(dir)).toEqual(['out']);
  });
});

describe('SIGINT and SIGTERM while out/ is being written', () => {
  let sources: { old: string; next: string };
  let trees: { old: Map<string, string>; next: Map<string, string> };
  let oldTree: string;
  beforeAll(async () => {
    // Enough integrations that staging lasts while the signal travels; the next tree drops two and adds two.
    sources = {
      old: await syntheticSource(path.join(work, 'signals-old'), 1, 40),
      next: await syntheticSource(path.join(work, 'signals-next'), 3, 42),
    };
    oldTree = path.join(work, 'signals-old-tree');
    const nextTree = path.join(work, 'signals-next-tree');
    expect((await intgen(['build', '--source', sources.old, '--out', oldTree, '--no-cache'])).code).toBe(0);
    expect((await intgen(['build', '--source', sources.next, '--out', nextTree, '--no-cache'])).code).toBe(0);
    trees = { old: await readTree(oldTree), next: await readTree(nextTree) };
  });

  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s: the staging folder and lock are removed, exit %i, out/ whole', async (signal, exitCode) => {
    // The signal races the writing: on a loaded machine the build can finish staging before it arrives. Such a
    // round must still leave the new tree whole; the test needs one round the signal interrupted.
    const maxRounds = 5;
    for (let round = 1; ; round++) {
      await rm(out, { recursive: true, force: true });
      await cp(oldTree, out, { recursive: true });
      const build = start(['build', '--source', sources.next, '--out', out, '--no-cache']);
      let sent = false;
      const watcher = watch(dir, (_, name) => {
        if (!sent && name === `out.intgen-${build.child.pid}-new`) sent = build.child.kill(signal);
      });
      const run = await build.exit;
      watcher.close();
      expect(sent).toBe(true);
      expect(run.stderr).toBe('');
      expect(await readdir(dir)).toEqual(['out']);
      if (run.code === 0 && round < maxRounds) {
        expect(await readTree(out)).toEqual(trees.next);
        continue;
      }
      expect(run).toMatchObject({ code: exitCode, signal: null });
      expect([trees.old, trees.next]).toContainEqual(await readTree(out));
      return;
    }
  });
});

describe.skipIf(unprivilegedSkipReason())('folders the build cannot write (run as an unprivileged user)', () => {
  beforeEach(() => readableByAll(work, dir));

  test('the folder holding out/: a clear error, nothing written', async () => {
    const parent = path.join(dir, 'not-mine');
    await mkdir(parent);
    const run = await intgenUnprivileged(['build', '--out', path.join(parent, 'out')], repo);
    expect(run.stderr).toMatch(
      new RegExp(`cannot lock ${parent}/out/: ${parent}/out\\.intgen\\.lock: permission denied.*\\(EACCES\\); ${parent}/out/ is unchanged`),
    );
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(run.code).toBe(1);
    expect(await readdir(parent)).toEqual([]);
  });

  test('out/ itself: refused before the swap, out/ unchanged', async () => {
    const parent = path.join(dir, 'mine');
    await mkdir(parent);
    await chown(parent, nobody.uid, nobody.gid);
    await cp(path.join(repo, 'out'), path.join(parent, 'out'), { recursive: true });
    await writeFile(path.join(parent, 'out/calico/prometheus/rules.yaml'), 'groups: []\n');
    const before = snapshot(parent);
    const run = await intgenUnprivileged(['build', '--out', path.join(parent, 'out')], repo);
    expect(run.stderr).toMatch(
      new RegExp(`cannot write ${parent}/out/: ${parent}/out: permission denied.*\\(EACCES\\); ${parent}/out/ is unchanged`),
    );
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(run.code).toBe(1);
    expect(snapshot(parent)).toEqual(before);
  });
});

describe('after the swap', () => {
  test('a previous tree that cannot be removed is a warning: the build succeeds, and the next one removes it', async () => {
    await cp(path.join(repo, 'out'), out, { recursive: true });
    await writeFile(path.join(out, 'calico/prometheus/rules.yaml'), 'groups: []\n');
    faults.push({ call: 'rmSync', path: /out\.intgen-\d+-old$/, code: 'EBUSY' });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    const args = {
      out,
      quiet: true,
      cache: false,
      source: undefined,
      config: undefined,
      set: undefined,
      only: undefined,
      _: [],
      $0: 'intgen',
    };
    try {
      await buildCommand.handler(args as never);
      expect(process.exitCode ?? 0).toBe(0);
      expect(errors.mock.calls.flat()).toEqual([
        expect.stringMatching(
          new RegExp(
            `^intgen: warning: cannot remove the previous tree ${out}\\.intgen-${process.pid}-old: .*busy.*\\(EBUSY\\); ${out}/ was written`,
          ),
        ),
      ]);
      expect(await readTree(out)).toEqual(committed);
      faults.length = 0;
      await buildCommand.handler(args as never);
      expect(await readdir(dir)).toEqual(['out']);
    } finally {
      errors.mockRestore();
      logs.mockRestore();
      process.exitCode = undefined;
    }
  });
});
