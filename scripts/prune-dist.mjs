// Runs before tsc (npm run compile) so that dist/ holds exactly what src/ compiles to. tsc never deletes the
// output of a deleted source file, and in incremental mode it re-emits only files whose content changed, so an
// output that was deleted, or one older than a source touched without a change (a git checkout does that),
// stays as it is. So outputs without a source are removed, and when any source lacks an up-to-date output the
// incremental state is dropped, which makes tsc emit everything once.
import { readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const src = 'src';
const dist = 'dist';
const buildInfo = path.join(dist, '.tsbuildinfo');
// Integration modules are loaded from their source, never compiled (tsconfig.json excludes them).
const content = path.join(src, 'integrations');
const compiled = (source) => !source.startsWith(content + path.sep);
// esbuild's output, rebuilt whole by `npm run bundle`.
const bundle = path.join(dist, 'bundle');

const entries = (dir) => {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
};
const paths = (dir, keep) =>
  entries(dir)
    .filter(keep)
    .map((e) => path.join(e.parentPath, e.name));
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

// dist/x/y.js, dist/x/y.js.map and dist/x/y.d.ts come from src/x/y.ts.
const sourceOf = (output) => path.join(src, path.relative(dist, output)).replace(/(\.d\.ts|\.js(\.map)?)$/, '.ts');
for (const output of paths(dist, (e) => e.isFile())) {
  if (output === buildInfo || output.startsWith(bundle + path.sep)) continue;
  const source = sourceOf(output);
  if (!compiled(source) || mtime(source) === undefined) rmSync(output);
}
// Then the folders that left empty, deepest first.
for (const folder of paths(dist, (e) => e.isDirectory()).sort((a, b) => b.length - a.length)) {
  if (readdirSync(folder).length === 0) rmdirSync(folder);
}

const outputOf = (source) => path.join(dist, path.relative(src, source)).replace(/\.ts$/, '.js');
const sources = paths(src, (e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')).filter(compiled);
if (sources.some((source) => !(mtime(outputOf(source)) >= mtime(source)))) rmSync(buildInfo, { force: true });
