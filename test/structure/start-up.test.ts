// What every run of the CLI loads before it knows the command: the bundle's entry script and the chunks it
// imports statically (esbuild's metafile, which scripts/bundle.mjs writes, says which). The stages a command may
// not need (lint, the PromQL parser, rendering, the YAML library, the Grafana SDK) are imported where they are
// used, so that a check of an unchanged catalog never loads them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { expect, test } from 'vitest';
import { repo } from '../helpers/cli.js';

const metafile = JSON.parse(readFileSync(path.join(repo, 'dist/bundle-meta.json'), 'utf8')) as Metafile;

/** The scripts main.cjs loads at start, and the modules bundled into them. */
function startUp(): { files: string[]; modules: string[] } {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const imported of metafile.outputs[file]!.imports)
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit('dist/bundle/main.cjs');
  const modules = [...files].flatMap((file) => Object.keys(metafile.outputs[file]!.inputs));
  return { files: [...files], modules };
}

test('the CLI starts without the stages a command may not need', () => {
  const { modules } = startUp();
  expect(modules).toContain('dist/cli/main.js');
  // Small modules the CLI reports with (lint/report.js, outputs/paths.js, the catalog index) may load at start.
  const stages =
    /^(dist\/(lint\/(lint|context)\.js|lint\/checks\/|analysis\/promql\/|transforms\/|validate\/schema\.js|outputs\/(?!paths\.js|catalog-index\/))|node_modules\/(yaml|handlebars|@grafana|@lezer|@prometheus-io|re2js|ajv)\/)/;
  expect(modules.filter((m) => stages.test(m))).toEqual([]);
});
