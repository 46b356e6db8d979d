// replaceTree as a build runs it (src/write/out-dir.ts), and trees that carry intgen's mark.
import { openOutDir, type OpenOptions } from '../../src/write/out-dir.js';
import { replaceTree, type TreeDiff } from '../../src/write/tree.js';
import { catalogIndexFormat } from '../../src/outputs/catalog-index/render.js';
import { toJson } from '../../src/serialize/json.js';

/** Opens `dir` (located, locked, checked to be intgen's), replaces it with `files`, and releases it. */
export async function replaceOut(
  dir: string,
  files: Map<string, string>,
  inScope: (file: string) => boolean = () => true,
  diff?: TreeDiff,
  unchanged?: ReadonlySet<string>,
  options?: OpenOptions,
) {
  const out = await openOutDir(dir, {}, options);
  try {
    return await replaceTree(out, files, inScope, diff, unchanged);
  } finally {
    out.release();
  }
}

/** `entries` plus the index.json a build writes with them: one integration per top folder, listing its files. */
export function marked(entries: Record<string, string>): Map<string, string> {
  const byFolder = new Map<string, string[]>();
  for (const file of Object.keys(entries).sort()) {
    const folder = file.split('/')[0]!;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const integrations = [...byFolder].map(([id, files]) => ({ id, files }));
  return new Map([...Object.entries(entries), ['index.json', toJson({ format: catalogIndexFormat, integrations })]]);
}
