// out/index.json: the catalog of every integration, for tools and sites that list what the build holds.
import { catalogIndexFile } from '../catalog/paths.js';
import type { CatalogEntry } from '../catalog/entry.js';
import { toJson } from '../output/json.js';
import type { RenderedFile } from './types.js';

/** The catalog index of all integrations, sorted by id (code-unit order, so no locale can reorder it). */
export function renderCatalogIndex(entries: readonly CatalogEntry[]): RenderedFile {
  const integrations = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { path: catalogIndexFile, content: toJson({ integrations }) };
}
