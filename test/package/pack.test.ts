// What `npm pack` publishes: the CLI, the library entry with its types, the templates and schemas it reads at run
// time, and nothing of the repository's tests, outputs, content or benchmarks.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { repo } from '../helpers/cli.js';

let files: string[];

beforeAll(async () => {
  // Scripts skipped: the tests run on a compiled tree, and prepare would compile it again.
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo });
  files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
});

test('the tarball holds the CLI, the library entry and its types, the templates and the schemas', () => {
  const manifest = { bin: 'bin/intgen.js', cli: 'dist/bundle/main.js', library: 'dist/bundle/intgen.js', types: 'dist/model/index.d.ts' };
  expect(files).toEqual(expect.arrayContaining([...Object.values(manifest), 'package.json', 'README.md']));
  for (const folder of ['templates/new-integration/', 'templates/init/', 'templates/partials/', 'dist/model/kit/'])
    expect(
      files.some((f) => f.startsWith(folder)),
      folder,
    ).toBe(true);
  expect(files).toEqual(
    expect.arrayContaining(['schemas/config.schema.json', 'schemas/integration.schema.json', 'templates/integration.md.hbs']),
  );
});

test('the tarball holds nothing of the tests, out/, the sources (content included) or the benchmarks', () => {
  const strays = files.filter((f) => /^(test|out|src|bench|scripts)\//.test(f) || f.startsWith('dist/integrations/') || /\.map$/.test(f));
  expect(strays).toEqual([]);
  // Types only from dist/model: the compiled JavaScript runs from the bundle.
  expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/bundle/') && !f.endsWith('.d.ts'))).toEqual([]);
});
