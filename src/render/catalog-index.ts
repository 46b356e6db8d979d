// out/index.json: the catalog of every integration, for tools and sites that list what the build holds.
import { alertsOf, integrationCounts } from '../catalog/counts.js';
import { catalogIndexFile, dashboardProducts, integrationFiles } from '../catalog/paths.js';
import { estimateSeries } from '../catalog/series.js';
import type { Integration } from '../model/index.js';
import { toJson } from '../output/serialize.js';
import { prometheusRuleFiles } from '../rules/files.js';
import { ruleGroups } from '../rules/groups.js';
import type { RenderContext, RenderedFile } from './types.js';

/** Paths relative to out/; rule files only when the rule renderers write them (rule groups, alert tests). */
function filesOf(integration: Integration) {
  const files = integrationFiles(integration.id);
  const ruleFiles = prometheusRuleFiles(integration.id);
  const hasRules = ruleGroups(integration).length > 0;
  const hasRuleTests = alertsOf(integration).some((alert) => alert.tests?.length);
  return {
    docs: files.docs,
    agentJobs: files.agentJobs,
    ...(hasRules ? { rules: ruleFiles.rules } : {}),
    ...(hasRuleTests ? { ruleTests: ruleFiles.tests } : {}),
    dashboards: integration.dashboards.map((dashboard) => ({
      id: dashboard.id,
      title: dashboard.title,
      ...Object.fromEntries(dashboardProducts.map((product) => [product, files.dashboard(product, dashboard.id)])),
    })),
  };
}

function catalogEntry(integration: Integration) {
  return {
    id: integration.id,
    name: integration.name,
    description: integration.description,
    versions: integration.versions,
    counts: integrationCounts(integration),
    seriesPerTarget: estimateSeries(integration),
    files: filesOf(integration),
  };
}

/** The catalog index of all integrations, sorted by id (code-unit order, so no locale can reorder it). */
export function renderCatalogIndex(contexts: RenderContext[]): RenderedFile[] {
  const integrations = contexts
    .map((ctx) => ctx.integration)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(catalogEntry);
  return [{ path: catalogIndexFile, content: toJson({ integrations }) }];
}
