// For the fault tests (test/faults/): whole-folder snapshots, synthetic integration sources, and running the CLI
// as an unprivileged user so permission errors are real even when the tests run as root.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { calicoModule, repo, type Run } from './cli.js';

export const bin = path.join(repo, 'bin/intgen.js');

/** Every entry under `dir` (folders, links with their targets, files by digest): equal snapshots, same tree. */
export function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const result: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(e.parentPath, e.name);
    const key = path.relative(dir, file);
    if (e.isDirectory()) result[key] = 'folder';
    else if (e.isSymbolicLink()) result[key] = `link → ${readlinkSync(file)}`;
    else result[key] = `file ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  }
  return result;
}

/** Writes synthetic integrations synth-<from> … synth-<to> (bench/catalog.mjs) into `dir`. */
export async function syntheticSource(dir: string, from: number, to: number): Promise<string> {
  const { writeSyntheticCatalog } = (await import(pathToFileURL(path.join(repo, 'bench/catalog.mjs')).href)) as {
    writeSyntheticCatalog: (dir: string, count: number, modelUrl: string) => Promise<void>;
  };
  const all = `${dir}.all`;
  await writeSyntheticCatalog(all, to, pathToFileURL(path.join(repo, 'dist/model/index.js')).href);
  await mkdir(dir, { recursive: true });
  for (let index = from; index <= to; index += 1) {
    const folder = `synth-${String(index).padStart(4, '0')}`;
    await cp(path.join(all, folder), path.join(dir, folder), { recursive: true });
  }
  return dir;
}

/** An integrations folder holding Calico (the bundled module), for builds with --source. */
export async function calicoSource(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'calico'), { recursive: true });
  await writeFile(path.join(dir, 'calico/index.js'), `export { default } from ${JSON.stringify(calicoModule)};\n`);
  return dir;
}

export const nobody = { uid: 65534, gid: 65534 };

/**
 * Why the CLI cannot be run as an unprivileged user here, or undefined. As root, permission bits do not stop the
 * process, so it runs under setpriv as nobody; as any other user it runs as that user.
 */
export function unprivilegedSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'running as root without setpriv: permission errors cannot be produced (the injected ones in swap.test.ts still run)';
  }
  try {
    // A checkout inside a private folder (mktemp -d makes one) is out of nobody's reach, and so is the CLI.
    const reach = `require('node:fs').accessSync(${JSON.stringify(bin)}, require('node:fs').constants.R_OK)`;
    execFileSync('setpriv', [`--reuid=${nobody.uid}`, `--regid=${nobody.gid}`, '--clear-groups', process.execPath, '-e', reach], {
      stdio: 'ignore',
    });
    return undefined;
  } catch {
    return `nobody cannot read ${bin} (a folder above the checkout is private): permission errors cannot be produced as nobody`;
  }
}

/** Runs the CLI as nobody (see unprivilegedSkipReason), without the build cache (nobody cannot write it). */
export function intgenUnprivileged(args: string[], cwd: string): Promise<Run> {
  const command =
    process.getuid?.() === 0
      ? ['setpriv', `--reuid=${nobody.uid}`, `--regid=${nobody.gid}`, '--clear-groups', process.execPath, bin]
      : [process.execPath, bin];
  return new Promise((resolve) => {
    execFile(
      command[0]!,
      [...command.slice(1), ...args, '--no-cache'],
      { cwd, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Lets nobody read `dir` and what lies above it in the temporary folder (mkdtemp makes folders private). */
export async function readableByAll(...dirs: string[]): Promise<void> {
  for (const dir of dirs) await chmod(dir, 0o755);
}

/** No stack trace: expected failures print one message (src/cli/main.ts). */
export const hasStackTrace = (stderr: string) => /^\s+at /m.test(stderr);

/** Whether `dir` is its own mount point. */
export const isMountPoint = (dir: string) => existsSync(dir) && lstatSync(dir).dev !== lstatSync(path.dirname(dir)).dev;
