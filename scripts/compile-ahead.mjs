// Runs after the bundle (npm run compile): compiles the JSON Schemas into validation code (src/validate/schema.ts)
// and the docs page's Handlebars templates into template code (src/outputs/docs/render.ts) beside it, so that no
// run of the CLI compiles them, not even the first one with an empty cache folder. Then trains the bundle's code
// caches (src/support/bundle-loader.ts): a check of the built-in catalog with an empty cache folder, the run of a
// fresh CI clone, leaves V8's code for every chunk it ran beside the chunk.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeShippedValidators } from '../dist/validate/schema.js';
import { writeShippedDocsTemplates } from '../dist/outputs/docs/render.js';

writeShippedValidators();
writeShippedDocsTemplates();

// The CLI runs without them, only slower: a built-in integration that does not build (being edited) must not stop
// the compile, and its own run of build or check tells what is wrong with it.
const work = mkdtempSync(path.join(tmpdir(), 'intgen-code-cache-'));
try {
  const out = path.join(work, 'out');
  /** Whether the run exited 0; says why not. */
  const intgen = (args, env) => {
    const run = spawnSync(process.execPath, ['bin/intgen.js', ...args, '--out', out], {
      env: { ...process.env, INTGEN_CACHE_DIR: path.join(work, `cache-${args[0]}`), ...env },
      encoding: 'utf8',
    });
    if (run.status === 0) return true;
    const why = (run.stderr || run.stdout).trim().split('\n').slice(0, 5).join('\n  ');
    process.stderr.write(
      `compile: the code caches are not trained (intgen ${args[0]} of the built-in catalog exited ${run.status}):\n  ${why}\n`,
    );
    return false;
  };
  if (intgen(['build'])) intgen(['check'], { INTGEN_TRAIN_CODE_CACHE: '1' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
