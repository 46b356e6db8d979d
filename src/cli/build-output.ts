// What build and check compare with out/, and which part of out/ they answer for: everything, or with --only the
// selected integrations' folders and out/index.json, where their entries are updated and the others kept, so
// the index always lists every file intgen wrote there (src/write/ownership.ts).
import type { OutDirRecord } from '../write/ownership.js';
import { partialCatalogIndex } from '../write/ownership.js';
import { buildScope, type SucceededBuild } from '../pipeline/build.js';

export function buildOutput(build: SucceededBuild, only: readonly string[] | undefined, record: OutDirRecord) {
  const folders = buildScope(only ? [...only] : undefined);
  if (!only?.length) return { files: build.files, scope: folders };
  const index = partialCatalogIndex(record, build.catalog, only);
  return { files: new Map([...build.files, [index.path, index.content]]), scope: (file: string) => file === index.path || folders(file) };
}
