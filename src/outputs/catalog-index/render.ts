// out/index.json: the catalog of every integration, for tools and sites that list what the build holds. It is
// also intgen's mark on out/: its format tag says intgen wrote the folder, and its file lists say which files
// (src/write/ownership.ts), so a build replaces nothing else.
import { catalogIndexFile } from '../paths.js';
import type { CatalogEntry } from './entry.js';
import { toJson } from '../../serialize/json.js';
import type { RenderedFile } from '../../core/types.js';

/** The `format` of out/index.json; bumped when its shape changes incompatibly. */
export const catalogIndexFormat = 'intgen/catalog-index@1';

/** The catalog index of all integrations, sorted by id (code-unit order, so no locale can reorder it). */
export function renderCatalogIndex(entries: readonly CatalogEntry[]): RenderedFile {
  const integrations = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { path: catalogIndexFile, content: toJson({ format: catalogIndexFormat, integrations }) };
}
