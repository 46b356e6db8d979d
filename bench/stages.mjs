// Where one thread's time goes when nothing can be reused: each stage of evaluating and rendering a synthetic
// catalog, timed by the wall clock around it, in the CLI's order (pipeline/evaluate.ts, pipeline/integration.ts).
// V8's sampling profiler (`npm run bench -- --profile`) shows call paths, but on the virtual machines this project
// is measured on its self times can land on the wrong function (seconds where a timer around it finds
// milliseconds), so which stage to work on is read from here.
//   npm run -s compile && node bench/stages.mjs [--integrations N] [--typescript]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticCatalog } from './catalog.mjs';

const { values } = parseArgs({
  options: { integrations: { type: 'string', default: '500' }, typescript: { type: 'boolean', default: false }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write('Usage: node bench/stages.mjs [--integrations N] [--typescript]   (after npm run compile)\n');
  process.exit(0);
}
const count = Number(values.integrations);
if (!Number.isInteger(count) || count < 1) throw new Error(`--integrations must be a whole number from 1 (got ${values.integrations})`);

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
const [
  { locateCatalog, importModules },
  { localSource },
  { defineModule },
  schema,
  { structureProblems },
  { createContext },
  { lintRules },
] = await Promise.all([
  load('pipeline/load.js'),
  load('pipeline/sources.js'),
  load('pipeline/define.js'),
  load('validate/schema.js'),
  load('validate/structure.js'),
  load('lint/context.js'),
  load('lint/lint.js'),
]);
const [{ applyTransforms }, { renderers }, { digest }] = await Promise.all([
  load('transforms/index.js'),
  load('outputs/index.js'),
  load('incremental/entry.js'),
]);

const totals = new Map();
function timed(stage, work) {
  const started = performance.now();
  try {
    return work();
  } finally {
    totals.set(stage, (totals.get(stage) ?? 0) + performance.now() - started);
  }
}

const temp = await mkdtemp(path.join(tmpdir(), 'intgen-stages-'));
try {
  process.stderr.write(`stages: writing ${count} synthetic integrations to ${temp}\n`);
  await writeSyntheticCatalog(temp, count, 'intgen', { typescript: values.typescript });
  const startedLocate = performance.now();
  const located = await locateCatalog([localSource(temp)]);
  const startedImport = performance.now();
  totals.set('locate the modules (their snapshot made)', startedImport - startedLocate);
  const modules = await importModules(located);
  totals.set('import the modules, all at once', performance.now() - startedImport);
  const config = {};
  for (const loaded of modules) {
    timed('validate: parameter specs', () => schema.validateParamSpecs.problems(loaded.module.params));
    const defined = timed('define()', () => defineModule(loaded, config));
    if (!defined || 'diagnostics' in defined) throw new Error(`${loaded.folder}: the synthetic definition does not resolve`);
    const { integration, params } = defined;
    timed('validate: schema', () => schema.validateIntegration.problems(integration));
    timed('validate: structure', () => structureProblems(integration, loaded.folder));
    const lint = timed('lint: context (PromQL parses)', () => createContext(integration, undefined));
    for (const rule of lintRules) timed(`lint: ${rule.id}`, () => rule.check(lint));
    const ctx = timed('transforms', () => applyTransforms({ integration, params, sourceModule: loaded.sourceModule, config }));
    for (const render of renderers) {
      const files = timed(`render: ${render.name}`, () => render(ctx));
      timed('encode and digest the files', () => {
        for (const file of files) digest(Buffer.from(file.content));
      });
    }
  }
} finally {
  await rm(temp, { recursive: true, force: true });
}

const all = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
const rows = [...totals].sort((a, b) => b[1] - a[1]);
process.stdout.write(`${count} synthetic integrations, one thread, ${Math.round(all)} ms in the stages timed:\n`);
for (const [stage, ms] of rows) {
  process.stdout.write(`${Math.round(ms).toString().padStart(8)} ms ${((100 * ms) / all).toFixed(1).padStart(5)}%  ${stage}\n`);
}
