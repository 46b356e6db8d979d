// Running code from files that are not part of the running code: an integration module (an ES module, by its file
// URL), and a CommonJS file intgen wrote itself, such as the validators compiled ahead beside the bundle. The
// bundle (scripts/bundle.mjs) runs as scripts, which cannot import, so there this module is replaced by one
// asking its loader (bundle-loader.ts), which also runs such a CommonJS file as one of its scripts, with its code
// cache.
import { createRequire } from 'node:module';

export const importFile = (url: string): Promise<unknown> => import(url);

export const requireOwnFile: (file: string) => unknown = createRequire(import.meta.url);
