// out/index.json: the catalog of every integration, for tools and sites that list what the build holds.
import { integrationCounts } from '../catalog/counts.js';
import { catalogIndexFile } from '../catalog/paths.js';
import { estimateSeries } from '../catalog/series.js';
import { toJson } from '../output/serialize.js';
import type { RenderContext, RenderedFile } from './types.js';

function catalogEntry({ integration, params }: RenderContext, files: string[]) {
  return {
    id: integration.id,
    name: integration.name,
    description: integration.description,
    versions: integration.versions,
    counts: integrationCounts(integration),
    seriesPerTarget: estimateSeries(integration),
    parameters: params.map((p) => ({ name: p.name, type: p.type, ...(p.unit ? { unit: p.unit } : {}), default: p.default, value: p.value })),
    dashboards: integration.dashboards.map((dashboard) => ({ id: dashboard.id, title: dashboard.title })),
    files,
  };
}

/** The catalog index of all integrations, sorted by id (code-unit order, so no locale can reorder it). */
export function renderCatalogIndex(contexts: RenderContext[], rendered: ReadonlyMap<string, string>): RenderedFile[] {
  // The files the renderers actually wrote, by integration folder, so the index never guesses what exists.
  const filesByIntegration = new Map<string, string[]>();
  for (const path of [...rendered.keys()].sort()) {
    const folder = path.slice(0, path.indexOf('/'));
    filesByIntegration.set(folder, [...(filesByIntegration.get(folder) ?? []), path]);
  }
  const integrations = [...contexts]
    .sort((a, b) => (a.integration.id < b.integration.id ? -1 : a.integration.id > b.integration.id ? 1 : 0))
    .map((ctx) => catalogEntry(ctx, filesByIntegration.get(ctx.integration.id) ?? []));
  return [{ path: catalogIndexFile, content: toJson({ integrations }) }];
}
