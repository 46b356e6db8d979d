// An integration's entry in the catalog index (out/index.json): what it is, what it holds, what it costs to
// scrape, its parameters and the files rendered for it. Made once the integration is rendered, and kept with it
// in the build cache, so a build that reuses the integration writes the same entry without rendering it.
import type { RenderContext } from '../../core/types.js';
import { integrationCounts } from '../../core/counts.js';
import { estimateSeries } from '../../analysis/relabel/series-estimate.js';

/** `files` are the paths the renderers actually wrote, so the index never guesses what exists. */
export function catalogEntry({ integration, params }: RenderContext, files: readonly string[]) {
  return {
    id: integration.id,
    name: integration.name,
    description: integration.description,
    versions: integration.versions,
    counts: integrationCounts(integration),
    seriesPerTarget: estimateSeries(integration),
    parameters: params.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.unit ? { unit: p.unit } : {}),
      default: p.default,
      value: p.value,
    })),
    dashboards: integration.dashboards.map((dashboard) => ({ id: dashboard.id, title: dashboard.title })),
    files: [...files].sort(),
  };
}

export type CatalogEntry = ReturnType<typeof catalogEntry>;
