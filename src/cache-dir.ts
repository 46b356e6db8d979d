// Where intgen keeps what it can always recompute (compiled validators, earlier builds' results):
// node_modules/.cache, the usual place for a package's caches, or INTGEN_CACHE_DIR (a CI cache, a test's own
// folder). Deleting it only costs time.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const cacheDir = process.env.INTGEN_CACHE_DIR
  ? `${path.resolve(process.env.INTGEN_CACHE_DIR)}${path.sep}`
  : fileURLToPath(new URL('../node_modules/.cache/intgen/', import.meta.url));
