// A worker thread of a large catalog's build (parallel.ts): imports each batch of modules it is sent from their
// snapshot (from-source.ts made it), then builds them one by one, replying for each.
import { parentPort, workerData } from 'node:worker_threads';
import { IntgenError } from '../core/errors.js';
import { loadBuildStage, type BuildStage } from './build-stage.js';
import type { IntegrationOptions } from './integration.js';
import { importBatch } from './load.js';
import type { IntegrationJob, JobReply } from './parallel.js';

const port = parentPort!;
const options = workerData as IntegrationOptions;
const stage = loadBuildStage(options.render);
// Awaited with each batch, whose jobs then report the failure.
stage.catch(() => {});

port.on('message', async (batch: IntegrationJob[]) => {
  let imports: Awaited<ReturnType<typeof importBatch>>;
  let buildIntegration: BuildStage;
  try {
    [imports, buildIntegration] = await Promise.all([importBatch(batch), stage]);
  } catch (failure) {
    for (const { index } of batch) port.postMessage({ index, failure });
    return;
  }
  for (const [at, job] of batch.entries()) {
    const loaded = imports[at]!;
    // A module that cannot be imported is the module's problem, told by the CLI's thread.
    if (loaded instanceof IntgenError) {
      post(job, { index: job.index, unloadable: loaded.message });
      continue;
    }
    let reply: JobReply;
    try {
      reply = { index: job.index, build: buildIntegration(loaded, options) };
    } catch (failure) {
      reply = { index: job.index, failure };
    }
    post(job, reply);
  }
});

function post(job: IntegrationJob, reply: JobReply): void {
  try {
    port.postMessage(reply);
  } catch (error) {
    // What cannot be posted (a renderer threw something holding a function) is told as text.
    const thrown = 'failure' in reply ? reply.failure : 'build' in reply ? reply.build.output : undefined;
    port.postMessage({
      index: job.index,
      failure: new Error(`${job.folder}: ${String((thrown as Error)?.stack ?? thrown)} (${(error as Error).message})`),
    });
  }
}
