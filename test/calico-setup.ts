// Tests that wrap Calico in a module of their own (in a temporary catalog folder, as a user's module outside the
// package would) import it as one compiled file, bundled here once per run: a module can only import files of its
// own source folder from source, and a wrapper's folder is not Calico's. It imports 'intgen' as the CLI's library
// entry, so wrapper and CLI share one model.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-test-calico-'));
  const outfile = path.join(dir, 'calico.mjs');
  const library = pathToFileURL(path.resolve('dist/bundle/intgen.js')).href;
  await build({
    entryPoints: ['src/integrations/calico/index.ts'],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [{ name: 'intgen', setup: (b) => b.onResolve({ filter: /^intgen$/ }, () => ({ path: library, external: true })) }],
  });
  process.env.INTGEN_TEST_CALICO = outfile;
  return () => rm(dir, { recursive: true, force: true });
}
