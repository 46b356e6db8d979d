// A worker thread of a large catalog's build (parallel.ts): imports the modules it is sent from their snapshot
// (from-source.ts made it, the CLI's thread imported them from there already) and builds each one.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import type { IntegrationModule } from '../model/index.js';
import { buildIntegration, type IntegrationOptions } from './integration.js';
import type { IntegrationJob, JobReply } from './parallel.js';

const port = parentPort!;
const options = workerData as IntegrationOptions;

port.on('message', async ({ index, folder, sourceModule, entryFile, codeDir }: IntegrationJob) => {
  let reply: JobReply;
  try {
    const module = ((await import(pathToFileURL(entryFile).href)) as { default: IntegrationModule }).default;
    reply = { index, build: buildIntegration({ folder, sourceModule, module, codeDir }, options) };
  } catch (failure) {
    reply = { index, failure };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // What cannot be posted (a renderer threw something holding a function) is told as text.
    const thrown = 'failure' in reply ? reply.failure : 'build' in reply ? reply.build.output : undefined;
    port.postMessage({
      index,
      failure: new Error(`${folder}: ${String((thrown as Error)?.stack ?? thrown)} (${(error as Error).message})`),
    });
  }
});
