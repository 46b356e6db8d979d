// npm run bundle: the CLI, its build threads and the library entry bundled by esbuild into dist/bundle/, after tsc
// compiled src/ into dist/. Chunks are split, so a command loads only the stages it runs, and each chunk is then
// converted into a CommonJS script (<name>.cjs), which the loader (loader.js, from src/support/bundle-loader.ts)
// runs with a V8 code cache (scripts/compile-ahead.mjs trains them). Three small ES modules start the scripts:
// main.js (which bin/intgen.js imports), worker.js (a build thread) and intgen.js (the library entry).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, transform } from 'esbuild';

const outdir = 'dist/bundle';

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

/**
 * dist/support/run-code.js imports integration modules and requires files intgen compiled ahead; a script cannot
 * import, so in the bundle it asks the loader to do both (`__intgenImport`, `__intgenRequire`: parameters of
 * every chunk, src/support/bundle-loader.ts).
 * @type {import('esbuild').Plugin}
 */
const runCodeThroughLoader = {
  name: 'run-code-through-loader',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]support[\\/]run-code\.js$/ }, () => ({
      contents: 'export const importFile = (url) => __intgenImport(url);\nexport const requireOwnFile = (file) => __intgenRequire(file);\n',
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const bundled = await build({
  entryPoints: { main: 'dist/cli/main.js', intgen: 'dist/model/index.js', worker: 'dist/pipeline/worker.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // Chunks import each other as .cjs, the names they are written under once converted.
  outExtension: { '.js': '.cjs' },
  external: ['esbuild'],
  logLevel: 'warning',
  metafile: true,
  write: false,
  plugins: [deferLoading, runCodeThroughLoader],
});

// What each script holds and imports, for test/structure/start-up.test.ts.
writeFileSync('dist/bundle-meta.json', `${JSON.stringify(bundled.metafile, null, 2)}\n`);

// A script cannot import(): every import() must be of another chunk, which the conversion makes a require().
const importing = Object.entries(bundled.metafile.outputs).flatMap(([file, output]) =>
  output.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => `${file} imports ${i.path}`),
);
if (importing.length) throw new Error(`dynamic imports a script cannot run (use support/run-code.ts):\n${importing.join('\n')}`);

for (const file of bundled.outputFiles) {
  // esbuild's comment naming each module bundled, made a legal comment so that the conversion keeps it: a reader
  // of a chunk, a stack trace or a profile can tell whose code a line is.
  const { code } = await transform(file.text.replace(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm, '//! $1'), {
    format: 'cjs',
    loader: 'js',
    platform: 'node',
    target: 'node20',
    // import() of another chunk becomes a require() of it, which the loader runs.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__intgenChunkUrl' },
    legalComments: 'inline',
    logLevel: 'warning',
  });
  writeFileSync(file.path, code);
}

// The loader, one module that every starter of a thread imports: a thread runs each chunk once, whoever asks.
await build({
  entryPoints: { loader: 'dist/support/bundle-loader.js' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  logLevel: 'warning',
});

/** <name>.js: an ES module that runs the entry point's script, <name>.cjs, through the loader, exporting what it does. */
async function writeStarter(name, purpose) {
  const script = `${name}.cjs`;
  const { exports } = bundled.metafile.outputs[path.join(outdir, script)];
  const names = exports.filter((e) => /^[A-Za-z_$][\w$]*$/.test(e));
  if (names.length !== exports.length) throw new Error(`${name}: exports that are not identifiers: ${exports.join(', ')}`);
  const run = `runChunk(new URL(${JSON.stringify(`./${script}`)}, import.meta.url))`;
  await build({
    stdin: {
      contents: [
        `import { runChunk } from './loader.js';`,
        names.length ? `export const { ${names.join(', ')} } = ${run};` : `${run};`,
      ].join('\n'),
      sourcefile: `${name}.js`,
    },
    bundle: true,
    external: ['./loader.js'],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: path.join(outdir, `${name}.js`),
    banner: { js: `// Generated by scripts/bundle.mjs: do not edit. ${purpose}` },
    logLevel: 'warning',
  });
}

await writeStarter('main', 'Runs the CLI (bin/intgen.js imports it).');
await writeStarter('worker', 'Runs a build thread (src/pipeline/parallel.ts).');
await writeStarter('intgen', "The library entry (`import … from 'intgen'`): the CLI's own model.");
