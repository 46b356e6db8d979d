// npm run bundle: the CLI and the library entry bundled by esbuild into dist/bundle/ (bin/intgen.js starts it),
// after tsc compiled src/ into dist/. Chunks are split, so a command loads only the stages it runs.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Packages whose top level does costly work that only `--help` needs: string-width compiles Unicode property
 * regexes when it is loaded (some 25 ms), and yargs and cliui call it only to lay out help text. Each import of
 * one is bundled as a function that loads the module on its first call, the same module at the same version
 * the import resolves to.
 */
const loadedOnFirstCall = /^string-width$/;

/** @type {import('esbuild').Plugin} */
const deferLoading = {
  name: 'defer-loading',
  setup(build) {
    build.onResolve({ filter: loadedOnFirstCall }, async ({ path: name, kind, resolveDir, importer, pluginData }) => {
      // The resolution asked for below comes back here: left to esbuild.
      if (pluginData === deferLoading) return undefined;
      const resolved = await build.resolve(name, { kind, resolveDir, importer, namespace: 'file', pluginData: deferLoading });
      return resolved.errors.length ? { errors: resolved.errors } : { path: resolved.path, namespace: 'loaded-on-first-call' };
    });
    build.onLoad({ filter: /.*/, namespace: 'loaded-on-first-call' }, ({ path: file }) => ({
      // esbuild bundles a require() of an ES module as its initialization, run when the require() is.
      contents: `export default (...args) => require(${JSON.stringify(file)}).default(...args);\n`,
      resolveDir: path.dirname(file),
      loader: 'js',
    }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/cli/main.js', intgen: 'dist/model/index.js', worker: 'dist/pipeline/worker.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  external: ['esbuild'],
  logLevel: 'warning',
  // CommonJS packages in the bundle call require(); an ES module has none of its own.
  banner: {
    js: "import { createRequire as __intgenCreateRequire } from 'node:module'; const require = __intgenCreateRequire(import.meta.url);",
  },
  plugins: [deferLoading],
});
