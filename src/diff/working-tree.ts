// What the working tree does to the outputs committed at a git ref: the committed out/ read through git, the
// working tree's modules rendered in memory (so it works before `npm run generate`), both snapshotted and compared.
import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { buildCatalog, type BuildOptions, type FailedBuild, type SucceededBuild } from '../pipeline/build.js';
import { diffOutputs, type OutputDiff } from './compare.js';
import type { DiffHeader } from './format.js';
import { isSnapshotInput, snapshotOutputs, type OutputSnapshot } from './snapshot.js';

/** Runs git in `cwd`; resolves with its stdout, rejects with its stderr. */
function git(args: string[], cwd: string, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new Error(`cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout));
      else reject(new Error(Buffer.concat(stderr).toString('utf8').trim() || `git ${args[0]} exited with ${code}`));
    });
    // A git that exits before reading all its input reports why through its exit code and stderr.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** `git cat-file --batch` output: per object a `<oid> <type> <size>` line, the content, a newline. */
function parseCatFileBatch(output: Buffer, names: string[]): Map<string, string> {
  const files = new Map<string, string>();
  let offset = 0;
  for (const name of names) {
    const end = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, end).toString('utf8');
    const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
    if (size === undefined) throw new Error(`git cat-file: unexpected answer for ${name}: ${header}`);
    const start = end + 1;
    files.set(name, output.subarray(start, start + Number(size)).toString('utf8'));
    offset = start + Number(size) + 1;
  }
  return files;
}

/**
 * The files the diff reads from `outDir` (relative to `cwd`) as committed at `ref`, by path relative to outDir;
 * empty when that commit has no outputs.
 */
async function committedOutputs(ref: string, outDir: string, cwd: string): Promise<Map<string, string>> {
  const root = (
    await git(['rev-parse', '--show-toplevel'], cwd).catch(() => {
      throw new UsageError('diff compares with a git commit, but this is not inside a git repository');
    })
  )
    .toString('utf8')
    .trim();
  if (ref.startsWith('-')) throw new UsageError(`--base ${JSON.stringify(ref)}: not a commit in this repository`);
  const commit = (
    await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], root).catch(() => {
      throw new UsageError(`--base ${JSON.stringify(ref)}: not a commit in this repository (try HEAD, a branch, a tag or a commit id)`);
    })
  )
    .toString('utf8')
    .trim();
  // git names the top level by its real path, so the out folder is resolved from the real cwd too.
  const outPath = path
    .relative(root, path.resolve(await realpath(cwd), outDir))
    .split(path.sep)
    .join('/');
  if (outPath === '' || outPath.startsWith('../') || outPath === '..' || path.isAbsolute(outPath)) {
    throw new UsageError(`--out ${outDir}: must be a folder inside the repository (${root})`);
  }
  const listing = (await git(['ls-tree', '-r', '-z', '--name-only', commit, '--', `${outPath}/`], root)).toString('utf8');
  const names = listing.split('\0').filter((name) => name.startsWith(`${outPath}/`) && isSnapshotInput(name.slice(outPath.length + 1)));
  if (!names.length) return new Map();
  const blobs = parseCatFileBatch(await git(['cat-file', '--batch'], root, names.map((name) => `${commit}:${name}\n`).join('')), names);
  return new Map([...blobs].map(([name, content]) => [name.slice(outPath.length + 1), content]));
}

const pick = (files: ReadonlyMap<string, string>, keep: (file: string) => boolean) => new Map([...files].filter(([file]) => keep(file)));

/** The diff, or without one the build whose diagnostics say why the working tree's definitions do not build. */
export type WorkingTreeDiff = { header: DiffHeader; build: FailedBuild } | { header: DiffHeader; build: SucceededBuild; diff: OutputDiff };

/**
 * The outputs committed at `base` against the working tree's modules rendered in memory, so it works before
 * `npm run generate`. `cwd` is the folder git and `outDir` are relative to.
 */
export async function diffWorkingTree(base: string, outDir: string, cwd: string, options: BuildOptions): Promise<WorkingTreeDiff> {
  const committed = await committedOutputs(base, outDir, cwd);
  const header: DiffHeader = { base, baseHasOutputs: committed.size > 0 };
  // The whole catalog is rendered so index.json (parameters, counts) exists on both sides; --only then narrows
  // the comparison to the selected integrations.
  const { only, ...everything } = options;
  const build = await buildCatalog(everything);
  if (!build.ok) return { header, build };
  const selected = (snapshot: OutputSnapshot): OutputSnapshot =>
    only?.length ? { integrations: new Map([...snapshot.integrations].filter(([id]) => only.includes(id))) } : snapshot;
  const baseSnapshot = selected(snapshotOutputs(pick(committed, isSnapshotInput)));
  const headSnapshot = selected(snapshotOutputs(pick(build.files, isSnapshotInput)));
  return { header, build, diff: diffOutputs(baseSnapshot, headSnapshot) };
}
