// What every run of the CLI loads before it knows the command: the bundle's entry and the chunks it imports
// statically. The stages a command may not need (lint, the PromQL parser, rendering, the YAML library, the
// Grafana SDK) are imported where they are used, so that a check of an unchanged catalog never loads them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repo } from '../helpers/cli.js';

const bundle = path.join(repo, 'dist/bundle');

/** The files main.js loads at start, and the modules bundled into them (esbuild's `// <path>` comments). */
function startUp(): { files: string[]; modules: string[] } {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(path.join(bundle, file), 'utf8');
    for (const [, imported] of code.matchAll(/^import (?:[^'"]* from )?["']\.\/([^'"]+)["']/gm)) visit(imported!);
  };
  visit('main.js');
  const modules = [...files].flatMap((file) =>
    [...readFileSync(path.join(bundle, file), 'utf8').matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map((m) => m[1]!),
  );
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
