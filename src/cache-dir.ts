// Where intgen keeps what it can always recompute (compiled validators, earlier builds' results):
// node_modules/.cache, the usual place for a package's caches, or INTGEN_CACHE_DIR (a CI cache, a test's own
// folder). Deleting it only costs time.
import path from 'node:path';
import { packageRoot } from './own-files.js';

export const cacheDir = `${path.resolve(process.env.INTGEN_CACHE_DIR || path.join(packageRoot, 'node_modules/.cache/intgen'))}${path.sep}`;
