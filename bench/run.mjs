#!/usr/bin/env node
// Benchmark at catalog scale: builds a synthetic catalog of N mid-sized integrations in a temp dir, then
// measures `intgen build` (into an empty out/ once, then with one output file edited by hand, as a regeneration
// after a change), `intgen check` (nothing changed) and `intgen lint` as whole processes, `promtool check rules`
// over the same rule files, and `intgen check` on the repository's own catalog. build, check and lint run twice: as a
// developer runs them, with the build cache of the previous run (src/incremental/build-cache.ts), and with
// --no-cache, as after an upgrade of intgen. check also runs cold, with an empty cache folder (no module snapshot,
// no compiled validators, no build cache), as in a fresh CI clone: the synthetic catalog's next to promtool, the
// repository's next to `node -e 0`, both measured in the same run. Prints a table; the last line is one JSON
// object with every figure.
//
//   npm run bench -- --integrations 1000 [--runs 3] [--profile <dir>] [--typescript]
//
// The synthetic modules are JavaScript, as a published integration package ships them; --typescript writes them
// as .ts files, which every cold run transforms with esbuild.
//
// Profiles (--profile) are written for build, check, check --no-cache and check with an empty cache folder.
//
// Wall time is measured around the child process, from spawn to exit. Peak RSS and CPU time are the child's own
// (process.resourceUsage() at exit, see bench/measure.mjs). Figures are medians over --runs runs, which run
// interleaved (build, check, lint, promtool; repeat) so that a burst of machine load hits them alike.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { maxIntegrations, writeSyntheticCatalog } from './catalog.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const measureScript = fileURLToPath(new URL('measure.mjs', import.meta.url));
const maxRuns = 20;

/** Targets on a 2-core machine (medians). */
const targets = {
  buildSeconds: 10,
  buildPeakRssMiB: 1024,
  checkOverPromtool: 2,
  coldCheckOverPromtool: 1.5,
  realCheckSeconds: 0.3,
  realCheckOverNode: 3,
  realColdCheckOverNode: 4,
};

const progress = (message) => process.stderr.write(`bench: ${message}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      integrations: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '3' },
      profile: { type: 'string' },
      typescript: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench -- --integrations N [--runs K] [--profile <dir>] [--typescript]\n');
    process.exit(0);
  }
  const integrations = Number(values.integrations);
  const runs = Number(values.runs);
  if (!Number.isInteger(integrations) || integrations < 1 || integrations > maxIntegrations) {
    throw new UsageError(`--integrations must be a whole number from 1 to ${maxIntegrations} (got ${values.integrations})`);
  }
  if (!Number.isInteger(runs) || runs < 1 || runs > maxRuns)
    throw new UsageError(`--runs must be a whole number from 1 to ${maxRuns} (got ${values.runs})`);
  const profile = values.profile === undefined ? undefined : path.resolve(values.profile);
  return { integrations, runs, profile, typescript: values.typescript };
}

class UsageError extends Error {}

/** Runs a command to completion, capturing its output; `wallMs` spans spawn to exit. */
function run(command, args, { cwd = repoRoot, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (output.stdout += chunk));
    child.stderr.on('data', (chunk) => (output.stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, wallMs: performance.now() - started, ...output }));
  });
}

/** One intgen process under bench/measure.mjs: wall time, peak RSS and CPU time. Fails unless it exits 0. */
async function intgen(args, { cwd, reportFile, cacheDir, nodeFlags = [] }) {
  const env = { INTGEN_BENCH_REPORT: reportFile, INTGEN_CACHE_DIR: cacheDir };
  const result = await run(process.execPath, [...nodeFlags, measureScript, ...args], { cwd, env });
  if (result.code !== 0) throw new Error(`intgen ${args.join(' ')} exited ${result.code}:\n${result.stderr || result.stdout}`);
  const usage = JSON.parse(await readFile(reportFile, 'utf8'));
  return { wallMs: result.wallMs, cpuMs: usage.userMs + usage.systemMs, peakRssMiB: usage.maxRssKiB / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median of each figure over the samples, plus the samples themselves. */
function summarize(samples) {
  const figure = (key) => (samples[0][key] === undefined ? undefined : round(median(samples.map((s) => s[key]))));
  return {
    wallMs: figure('wallMs'),
    cpuMs: figure('cpuMs'),
    peakRssMiB: figure('peakRssMiB'),
    samples: samples.map((s) =>
      Object.fromEntries(['wallMs', 'cpuMs', 'peakRssMiB'].filter((k) => s[k] !== undefined).map((k) => [k, round(s[k])])),
    ),
  };
}

const round = (value) => Math.round(value * 10) / 10;

function findPromtool() {
  if (process.env.PROMTOOL) return process.env.PROMTOOL;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'promtool');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const loads = () => loadavg().map((l) => Math.round(l * 100) / 100);

async function main() {
  const { integrations, runs, profile, typescript } = options();
  for (const entry of ['dist/bundle/main.js', 'dist/model/index.js']) {
    if (!existsSync(path.join(repoRoot, entry))) throw new UsageError(`${entry} is missing: run \`npm run compile\` first`);
  }
  const loadBefore = loads();
  const temp = await mkdtemp(path.join(tmpdir(), 'intgen-bench-'));
  const cleanup = () => rm(temp, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => cleanup().finally(() => process.exit(130)));
  try {
    const source = path.join(temp, 'catalog');
    const out = path.join(temp, 'out');
    const reportFile = path.join(temp, 'usage.json');
    // The bench's own build cache, so it starts cold and leaves nothing behind.
    const common = { cwd: temp, reportFile, cacheDir: path.join(temp, 'cache') };
    const catalogArgs = ['--source', source, '--out', out];

    progress(`writing ${integrations} synthetic integrations (${typescript ? 'TypeScript' : 'JavaScript'}) to ${source}`);
    // 'intgen', as a user's modules import it: the snapshot renames it to the library entry.
    await writeSyntheticCatalog(source, integrations, 'intgen', { typescript });

    progress('build into an empty out/, no build cache yet (1 run)');
    const firstBuild = await intgen(['build', ...catalogArgs], common);
    const outputFiles = await filesUnder(out);
    const staleFile = path.join(out, 'synth-0001', 'README.md');
    const ruleFiles = outputFiles.filter((f) => f.endsWith(`${path.sep}prometheus${path.sep}rules.yaml`)).sort();
    const promtool = findPromtool();
    if (!promtool) progress('promtool not found (set PROMTOOL or add it to PATH): its figures are skipped');

    const samples = {
      build: [],
      buildUncached: [],
      check: [],
      checkUncached: [],
      checkCold: [],
      lint: [],
      lintUncached: [],
      promtool: [],
      node: [],
      realCheck: [],
      realCheckUncached: [],
      realCheckCold: [],
    };
    /** A run with an empty cache folder of its own, removed after it. */
    const cold = async (args, options) => {
      const cacheDir = await mkdtemp(path.join(temp, 'cold-cache-'));
      try {
        return await intgen(args, { ...options, cacheDir });
      } finally {
        await rm(cacheDir, { recursive: true, force: true });
      }
    };
    for (let k = 1; k <= runs; k += 1) {
      // A regeneration after an edit: one output file differs from what the modules render.
      await appendFile(staleFile, 'edited by hand\n');
      progress(`run ${k}/${runs}: build --no-cache`);
      samples.buildUncached.push(await intgen(['build', '--no-cache', ...catalogArgs], common));
      await appendFile(staleFile, 'edited by hand\n');
      progress(`run ${k}/${runs}: build`);
      samples.build.push(await intgen(['build', ...catalogArgs], common));
      progress(`run ${k}/${runs}: check`);
      samples.check.push(await intgen(['check', ...catalogArgs], common));
      progress(`run ${k}/${runs}: check --no-cache`);
      samples.checkUncached.push(await intgen(['check', '--no-cache', ...catalogArgs], common));
      progress(`run ${k}/${runs}: check with an empty cache folder`);
      samples.checkCold.push(await cold(['check', ...catalogArgs], common));
      progress(`run ${k}/${runs}: lint`);
      samples.lint.push(await intgen(['lint', ...catalogArgs], common));
      progress(`run ${k}/${runs}: lint --no-cache`);
      samples.lintUncached.push(await intgen(['lint', '--no-cache', ...catalogArgs], common));
      if (promtool) {
        progress(`run ${k}/${runs}: promtool check rules (${ruleFiles.length} files)`);
        const result = await run(promtool, ['check', 'rules', ...ruleFiles], { cwd: temp });
        if (result.code !== 0) throw new Error(`promtool check rules exited ${result.code}:\n${result.stderr.slice(0, 4000)}`);
        samples.promtool.push({ wallMs: result.wallMs });
      }
      const repository = { ...common, cwd: repoRoot };
      progress(`run ${k}/${runs}: check of the repository's catalog`);
      // The first run of all finds the bench's cache empty and fills it; it is not a sample.
      if (k === 1) await intgen(['check'], repository);
      // node -e 0 between them, three times a round: the figures are ratios to it, and one start is noisy.
      const nodeStart = async () => {
        const node = await run(process.execPath, ['-e', '0']);
        if (node.code !== 0) throw new Error(`node -e 0 exited ${node.code}`);
        samples.node.push({ wallMs: node.wallMs });
      };
      await nodeStart();
      samples.realCheck.push(await intgen(['check'], repository));
      samples.realCheckUncached.push(await intgen(['check', '--no-cache'], repository));
      await nodeStart();
      samples.realCheckCold.push(await cold(['check'], repository));
      await nodeStart();
    }

    if (profile) {
      for (const command of [['build'], ['check'], ['check', '--no-cache']]) {
        const dir = path.join(profile, command.join('').replaceAll('-', ''));
        progress(`profiling ${command.join(' ')} into ${dir}`);
        await intgen([...command, ...catalogArgs], { ...common, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
      }
      const dir = path.join(profile, 'checkcold');
      progress(`profiling check with an empty cache folder into ${dir}`);
      await cold(['check', ...catalogArgs], { ...common, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', dir] });
    }

    const figures = {
      integrations,
      modules: typescript ? 'TypeScript' : 'JavaScript',
      runs,
      node: process.version,
      cpus: availableParallelism(),
      loadBefore,
      loadAfter: loads(),
      outputFiles: outputFiles.length,
      ruleFiles: ruleFiles.length,
      firstBuild: summarize([firstBuild]),
      build: summarize(samples.build),
      buildUncached: summarize(samples.buildUncached),
      check: summarize(samples.check),
      checkUncached: summarize(samples.checkUncached),
      checkCold: summarize(samples.checkCold),
      lint: summarize(samples.lint),
      lintUncached: summarize(samples.lintUncached),
      promtoolCheckRules: promtool ? summarize(samples.promtool) : null,
      realCheck: summarize(samples.realCheck),
      realCheckUncached: summarize(samples.realCheckUncached),
      realCheckCold: summarize(samples.realCheckCold),
      nodeStart: summarize(samples.node),
    };
    const ratio = (s, base) => Math.round((s.wallMs / base.wallMs) * 100) / 100;
    const overPromtool = (s) => (promtool ? ratio(s, figures.promtoolCheckRules) : null);
    figures.checkOverPromtool = overPromtool(figures.check);
    figures.checkUncachedOverPromtool = overPromtool(figures.checkUncached);
    figures.checkColdOverPromtool = overPromtool(figures.checkCold);
    figures.realCheckOverNode = ratio(figures.realCheck, figures.nodeStart);
    figures.realCheckColdOverNode = ratio(figures.realCheckCold, figures.nodeStart);
    figures.targets = targets;
    printTable(figures);
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await cleanup();
  }
}

function printTable(f) {
  const seconds = (ms) => (ms === undefined ? '' : `${(ms / 1000).toFixed(2)} s`);
  const mib = (value) => (value === undefined ? '' : `${Math.round(value)} MiB`);
  const verdict = (ok) => (ok ? 'ok' : 'OVER');
  const buildTarget = (s) =>
    `≤ ${targets.buildSeconds} s, ≤ ${targets.buildPeakRssMiB} MiB: ${verdict(s.wallMs <= targets.buildSeconds * 1000 && s.peakRssMiB <= targets.buildPeakRssMiB)}`;
  const times = (ratio, of, target) => `${ratio}× ${of} (≤ ${target}×): ${verdict(ratio <= target)}`;
  const checkTarget = (ratio, target = targets.checkOverPromtool) => (ratio === null ? '' : times(ratio, 'promtool', target));
  const realCheckTarget = (s) => `≤ ${targets.realCheckSeconds} s: ${verdict(s.wallMs <= targets.realCheckSeconds * 1000)}`;
  const rows = [
    ['build into an empty out/, no cache (1 run)', f.firstBuild, ''],
    ['build (one output file stale)', f.build, buildTarget(f.build)],
    ['  the same, --no-cache', f.buildUncached, buildTarget(f.buildUncached)],
    ['check (nothing changed)', f.check, checkTarget(f.checkOverPromtool)],
    ['  the same, --no-cache', f.checkUncached, checkTarget(f.checkUncachedOverPromtool)],
    ['  the same, empty cache folder', f.checkCold, checkTarget(f.checkColdOverPromtool, targets.coldCheckOverPromtool)],
    ['lint', f.lint, ''],
    ['  the same, --no-cache', f.lintUncached, ''],
    [`promtool check rules (${f.ruleFiles} files)`, f.promtoolCheckRules ?? {}, f.promtoolCheckRules ? '' : 'promtool not found'],
    [
      'check, repository catalog',
      f.realCheck,
      `${realCheckTarget(f.realCheck)}; ${times(f.realCheckOverNode, 'node', targets.realCheckOverNode)}`,
    ],
    ['  the same, --no-cache', f.realCheckUncached, realCheckTarget(f.realCheckUncached)],
    ['  the same, empty cache folder', f.realCheckCold, times(f.realCheckColdOverNode, 'node', targets.realColdCheckOverNode)],
    ['node -e 0', f.nodeStart, ''],
  ];
  const lines = [
    `intgen benchmark: ${f.integrations} synthetic integrations in ${f.modules} (${f.outputFiles} output files), medians of ${f.runs} run(s)`,
    `node ${f.node}, ${f.cpus} CPUs, load average before ${f.loadBefore.join(' ')}, after ${f.loadAfter.join(' ')}`,
    '',
    `${'command'.padEnd(44)}${'wall'.padStart(10)}${'cpu'.padStart(10)}${'peak RSS'.padStart(10)}   target`,
    ...rows.map(
      ([name, s, note]) =>
        `${name.padEnd(44)}${seconds(s.wallMs).padStart(10)}${seconds(s.cpuMs).padStart(10)}${mib(s.peakRssMiB).padStart(10)}   ${note}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error instanceof UsageError ? error.message : (error.stack ?? error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
