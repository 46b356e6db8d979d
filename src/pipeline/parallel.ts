// A large catalog is built on several threads, one per core (this one and worker threads): each integration's validation, lint and rendering
// are independent of every other's (catalog-wide checks run after, on the CLI's thread). Integrations are handed
// out one at a time as threads finish, so a few heavy ones do not leave a thread idle. What comes back is the same
// data buildIntegration() returns in the CLI's own thread, so the result does not depend on the thread count.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../core/errors.js';
import type { LoadedModule } from '../core/types.js';
import { workerEntry } from '../support/own-files.js';
import type { IntegrationBuild, IntegrationOptions } from './integration.js';

/** What a thread is sent for one integration: where its module's snapshot is, and its place in the catalog. */
export interface IntegrationJob {
  index: number;
  folder: string;
  sourceModule: string;
  entryFile: string;
  codeDir?: string;
}

export type JobReply = { index: number; build: IntegrationBuild } | { index: number; failure: unknown };

/** Below this many integrations per thread, starting one (loading intgen into it) costs more than it saves. */
const integrationsPerThread = 8;

/** `INTGEN_WORKERS`: how many threads at most; 1 builds everything in the CLI's own thread. */
function threadLimit(): number {
  const setting = process.env.INTGEN_WORKERS;
  if (setting === undefined || setting === '') return availableParallelism();
  const limit = Number(setting);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`INTGEN_WORKERS must be a whole number from 1 (got ${JSON.stringify(setting)})`);
  return limit;
}

/**
 * How many threads to build `modules` with: none (0) when one thread does it faster, when the running code has no
 * worker entry (from source, under vitest) or when a module was not loaded from a file (a test's own definition).
 */
export function threadCount(modules: readonly LoadedModule[]): number {
  const threads = Math.min(threadLimit(), Math.floor(modules.length / integrationsPerThread));
  return threads < 2 || workerEntry === undefined || modules.some((m) => m.entryFile === undefined) ? 0 : threads;
}

/**
 * Builds `modules` on `threads` threads: this one (`buildHere`, which has the modules imported already) and
 * `threads - 1` workers, calling `onBuilt` with each one's position in `modules` as it is done. A worker that
 * fails for a reason of its own (not a bad module: those are diagnostics) rejects the whole build.
 */
export async function buildInParallel(
  modules: readonly LoadedModule[],
  options: IntegrationOptions,
  threads: number,
  buildHere: (index: number) => IntegrationBuild,
  onBuilt: (index: number, build: IntegrationBuild) => void,
): Promise<void> {
  const pending = modules.map(
    (m, index): IntegrationJob => ({ index, folder: m.folder, sourceModule: m.sourceModule, entryFile: m.entryFile!, codeDir: m.codeDir }),
  );
  pending.reverse();
  const here = async () => {
    for (let job = pending.pop(); job; job = pending.pop()) {
      onBuilt(job.index, buildHere(job.index));
      // Lets the workers' replies in, so that each is sent its next integration.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(workerEntry!, { workerData: options }));
  const inWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const next = () => {
        const job = pending.pop();
        if (job) {
          inFlight += 1;
          worker.postMessage(job);
        } else if (inFlight === 0) resolve();
      };
      worker.on('message', (reply: JobReply) => {
        inFlight -= 1;
        if ('failure' in reply) return reject(reply.failure);
        try {
          onBuilt(reply.index, reply.build);
        } catch (error) {
          return reject(error);
        }
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`a build thread exited (code ${code}) before its work was done`)));
      // Two integrations in flight per worker: the next one is there as soon as it posts its reply.
      next();
      next();
    });
  try {
    await Promise.all([here(), ...workers.map(inWorker)]);
  } finally {
    // After a failure, what is left is not started here either.
    pending.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
