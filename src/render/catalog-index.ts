// out/index.json: the catalog of every integration, for tools and sites that list what the build holds.
import { integrationCounts } from '../catalog/counts.js';
import { catalogIndexFile } from '../catalog/paths.js';
import { estimateSeries } from '../catalog/series.js';
import { toJson } from '../output/serialize.js';
import type { CatalogRenderer, RenderContext } from './types.js';

/** One integration's entry; `files` are the paths its renderers actually wrote, so the index never guesses. */
function catalogEntry({ integration, params }: RenderContext, files: readonly string[]) {
  return {
    id: integration.id,
    name: integration.name,
    description: integration.description,
    versions: integration.versions,
    counts: integrationCounts(integration),
    seriesPerTarget: estimateSeries(integration),
    parameters: params.map((p) => ({ name: p.name, type: p.type, ...(p.unit ? { unit: p.unit } : {}), default: p.default, value: p.value })),
    dashboards: integration.dashboards.map((dashboard) => ({ id: dashboard.id, title: dashboard.title })),
    files: [...files].sort(),
  };
}

type CatalogEntry = ReturnType<typeof catalogEntry>;

/** The catalog index of all integrations, sorted by id (code-unit order, so no locale can reorder it). */
export const renderCatalogIndex: CatalogRenderer<CatalogEntry> = {
  part: catalogEntry,
  render: (entries) => {
    const integrations = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return [{ path: catalogIndexFile, content: toJson({ integrations }) }];
  },
};
