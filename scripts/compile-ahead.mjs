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

const work = mkdtempSync(path.join(tmpdir(), 'intgen-code-cache-'));
try {
  const out = path.join(work, 'out');
  const intgen = (args, env) => {
    const run = spawnSync(process.execPath, ['bin/intgen.js', ...args, '--out', out], {
      env: { ...process.env, INTGEN_CACHE_DIR: path.join(work, `cache-${args[0]}`), ...env },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`training the code caches: intgen ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  };
  intgen(['build']);
  intgen(['check'], { INTGEN_TRAIN_CODE_CACHE: '1' });
} finally {
  rmSync(work, { recursive: true, force: true });
}
