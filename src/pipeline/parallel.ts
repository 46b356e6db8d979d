// A large catalog is built on several threads, one per core (this one and worker threads): each integration's
// validation, lint and rendering are independent of every other's (catalog-wide checks run after, on the CLI's
// thread). Each thread imports the modules it builds, so none is imported twice. Integrations are handed out a few
// at a time as threads finish, so a few heavy ones do not leave a thread idle. What comes back is the same data
// buildIntegration() returns in the CLI's own thread, so the result does not depend on the thread count.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { IntgenError, UsageError } from '../core/errors.js';
import type { CatalogModule, LoadedModule, LocatedModule } from '../core/types.js';
import { workerEntry } from '../support/own-files.js';
import type { IntegrationBuild, IntegrationOptions } from './integration.js';
import { importBatch } from './load.js';

/** What a thread is sent for one integration (in a batch): where its module's snapshot is, and its place in the catalog. */
export interface IntegrationJob {
  index: number;
  folder: string;
  sourceModule: string;
  entryFile: string;
  codeDir?: string;
}

export type JobReply =
  | { index: number; build: IntegrationBuild }
  /** The module could not be imported (load.ts's message): a problem of the module, not of the thread. */
  | { index: number; unloadable: string }
  | { index: number; failure: unknown };

/** Below this many integrations per thread, starting one (loading intgen into it) costs more than it saves. */
const integrationsPerThread = 8;
/** Integrations handed to a thread at a time: it imports them together, then builds them one by one. */
const batchSize = 8;

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
export function threadCount(modules: readonly LocatedModule[]): number {
  const threads = Math.min(threadLimit(), Math.floor(modules.length / integrationsPerThread));
  return threads < 2 || workerEntry === undefined || modules.some((m) => m.entryFile === undefined) ? 0 : threads;
}

/**
 * Builds `modules` on `threads` threads: this one (`buildHere`) and `threads - 1` workers, calling `onBuilt` with
 * each one's position in `modules` as it is done. A module that cannot be imported stops the build: nothing more
 * is handed out, and what it resolves with says which (the caller names every such module, as a build in one
 * thread does). A worker that fails for a reason of its own rejects the whole build.
 */
export async function buildInParallel(
  modules: readonly CatalogModule[],
  options: IntegrationOptions,
  threads: number,
  buildHere: (index: number, loaded: LoadedModule) => IntegrationBuild,
  onBuilt: (index: number, build: IntegrationBuild) => void,
): Promise<IntgenError | undefined> {
  const pending = modules.map(
    (m, index): IntegrationJob => ({ index, folder: m.folder, sourceModule: m.sourceModule, entryFile: m.entryFile!, codeDir: m.codeDir }),
  );
  pending.reverse();
  const take = () => pending.splice(Math.max(0, pending.length - batchSize)).reverse();
  let unloadable: IntgenError | undefined;
  const cannotImport = (error: IntgenError) => {
    unloadable ??= error;
    pending.length = 0;
  };
  const here = async () => {
    for (let batch = take(); batch.length; batch = take()) {
      const imports = await importBatch(batch.map((job) => modules[job.index]!));
      for (const [at, job] of batch.entries()) {
        const loaded = imports[at]!;
        if (loaded instanceof IntgenError) cannotImport(loaded);
        else onBuilt(job.index, buildHere(job.index, loaded));
        // Lets the workers' replies in, so that each is sent its next batch.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  const workers = Array.from({ length: threads - 1 }, () => new Worker(workerEntry!, { workerData: options }));
  const inWorker = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      // Two batches in flight per worker: the next one is there as soon as it is done with one.
      const next = () => {
        if (inFlight > batchSize) return;
        const batch = take();
        if (batch.length) {
          inFlight += batch.length;
          worker.postMessage(batch);
        } else if (inFlight === 0) resolve();
      };
      worker.on('message', (reply: JobReply) => {
        inFlight -= 1;
        if ('failure' in reply) return reject(reply.failure);
        if ('unloadable' in reply) {
          cannotImport(new IntgenError(`${modules[reply.index]!.sourceModule}: cannot be imported in a build thread: ${reply.unloadable}`));
          return next();
        }
        try {
          onBuilt(reply.index, reply.build);
        } catch (error) {
          return reject(error);
        }
        next();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`a build thread exited (code ${code}) before its work was done`)));
      next();
      next();
    });
  try {
    await Promise.all([here(), ...workers.map(inWorker)]);
    return unloadable;
  } finally {
    // After a failure, what is left is not started here either.
    pending.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
