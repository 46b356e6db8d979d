// Files that span the whole catalog, one renderer each. They are kept apart from the per-integration renderers
// because a build that reuses every integration's outputs still writes these, and should load nothing else.
import { renderCatalogIndex } from './catalog-index.js';
import type { CatalogRenderer } from './types.js';

export const catalogRenderers: CatalogRenderer[] = [renderCatalogIndex];
