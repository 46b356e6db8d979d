// out/index.json: the catalog of every integration, for tools and sites that list what the build holds.
import { integrationCounts } from '../catalog/counts.js';
import { catalogIndexFile } from '../catalog/paths.js';
import { estimateSeries } from '../catalog/series.js';
import type { Integration } from '../model/index.js';
import { toJson } from '../output/serialize.js';
import type { RenderContext, RenderedFile } from './types.js';

function catalogEntry(integration: Integration, files: string[]) {
  return {
    id: integration.id,
    name: integration.name,
    description: integration.description,
    versions: integration.versions,
    counts: integrationCounts(integration),
    seriesPerTarget: estimateSeries(integration),
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
  const integrations = contexts
    .map((ctx) => ctx.integration)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((integration) => catalogEntry(integration, filesByIntegration.get(integration.id) ?? []));
  return [{ path: catalogIndexFile, content: toJson({ integrations }) }];
}
