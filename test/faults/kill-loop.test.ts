// The swap survives SIGKILL anywhere: real builds are killed at random points (seeded: the seed is printed, and
// INTGEN_KILL_SEED=<seed> replays it), half of them at any time and half while they stage the new tree. After
// each kill out/ is exactly the previous tree or the new one; the next build succeeds and leaves nothing beside
// out/ (it sweeps the dead build's lock and staging folders). The builds use the build cache, as a developer's
// do: the integrations both trees share are reused, hard-linked from the previous tree.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, watch } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { intgen } from '../helpers/cli.js';
import { bin, snapshot, syntheticSource } from '../helpers/faults.js';

const rounds = 20;
const seed = Number(process.env.INTGEN_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so a failing round can be replayed. */
function random(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

let work: string;
let next: string;
let trees: { old: string; next: string };
let expected: { old: Record<string, string>; next: Record<string, string> };
/**
 * How long a build of the next tree takes, and how long from its staging folder appearing to its exit: from the
 * last build that was not killed, so the kills follow the machine's pace.
 */
let timing: { total: number; staging: number };
/** Every round builds here, so the cache knows the folder. */
let loop: { dir: string; out: string };

const buildArgs = (out: string) => ['build', '--source', next, '--out', out];

/** Runs the next tree's build into `out`; `onStaging` is called when its staging folder appears beside out/. */
function runBuild(out: string, onStaging?: (kill: (delay: number) => void) => void) {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...buildArgs(out)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stagingSeen: number | undefined;
  const kill = (delay: number) => {
    setTimeout(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    }, delay);
  };
  const watcher = watch(path.dirname(out), (_, name) => {
    if (stagingSeen === undefined && name === `out.intgen-${child.pid}-new`) {
      stagingSeen = performance.now();
      onStaging?.(kill);
    }
  });
  const exit = once(child, 'exit').then(([code, signal]) => {
    watcher.close();
    const ended = performance.now();
    const staging = stagingSeen === undefined ? undefined : ended - stagingSeen;
    return { pid: child.pid!, code: code as number | null, signal: signal as string | null, stderr, total: ended - started, staging };
  });
  return { kill, exit };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-kill-loop-'));
  // The next tree drops two integrations, adds two and changes the index: deletions, additions and rewrites.
  const old = await syntheticSource(path.join(work, 'source-old'), 1, 4);
  next = await syntheticSource(path.join(work, 'source-next'), 3, 6);
  trees = { old: path.join(work, 'tree-old/out'), next: path.join(work, 'tree-next/out') };
  expect((await intgen(['build', '--source', old, '--out', trees.old, '--no-cache'])).code).toBe(0);
  expect((await intgen(['build', '--source', next, '--out', trees.next, '--no-cache'])).code).toBe(0);
  expected = { old: snapshot(trees.old), next: snapshot(trees.next) };
  // Timed as the rounds run, over the previous tree; this first one also fills the cache the rounds use.
  loop = { dir: path.join(work, 'loop'), out: path.join(work, 'loop/out') };
  await mkdir(loop.dir);
  await cp(trees.old, loop.out, { recursive: true });
  const reference = await runBuild(loop.out).exit;
  expect(reference.code).toBe(0);
  timing = { total: reference.total, staging: reference.staging ?? 0 };
  expect(expected.old).not.toEqual(expected.next);
});
afterAll(() => rm(work, { recursive: true, force: true }));

test(`${rounds} builds killed at random points leave out/ whole, and the next build recovers (seed printed)`, {
  timeout: 180_000,
}, async () => {
  console.log(`kill-loop seed ${seed} (replay: INTGEN_KILL_SEED=${seed})`);
  const rng = random(seed);
  const outcomes: Record<string, number> = { old: 0, new: 0, 'between the renames': 0, 'not killed': 0 };
  for (let round = 0; round < rounds; round += 1) {
    const { dir, out } = loop;
    await rm(out, { recursive: true, force: true });
    await cp(trees.old, out, { recursive: true });
    const whileStaging = round % 2 === 1;
    const delay = rng() * 1.2 * (whileStaging ? timing.staging : timing.total);
    const build = runBuild(out, whileStaging ? (kill) => kill(delay) : undefined);
    if (!whileStaging) build.kill(delay);
    const killed = await build.exit;
    const where = `round ${round} (seed ${seed}, ${whileStaging ? 'while staging' : 'any time'}, ${Math.round(delay)} ms)`;

    let outcome: string;
    if (killed.signal !== 'SIGKILL') {
      expect(killed.code, where).toBe(0);
      outcome = 'not killed';
    } else if (existsSync(out)) {
      const now = snapshot(out);
      expect([expected.old, expected.next], where).toContainEqual(now);
      outcome = isDeepStrictEqual(now, expected.old) ? 'old' : 'new';
    } else {
      // Killed between moving out/ aside and moving the new tree in: the old tree is whole beside it.
      expect(snapshot(`${out}.intgen-${killed.pid}-old`), where).toEqual(expected.old);
      outcome = 'between the renames';
    }
    outcomes[outcome]! += 1;

    const recovery = await runBuild(out).exit;
    expect(recovery.stderr, where).toBe('');
    expect(recovery.code, where).toBe(0);
    timing = { total: recovery.total, staging: recovery.staging ?? timing.staging };
    expect(snapshot(out), where).toEqual(expected.next);
    expect(await readdir(dir), where).toEqual(['out']);
  }
  console.log(
    `kill-loop seed ${seed}: out/ after the kill was ${Object.entries(outcomes)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}; ` + `the last build took ${Math.round(timing.total)} ms, ${Math.round(timing.staging)} ms of it from staging on`,
  );
});
