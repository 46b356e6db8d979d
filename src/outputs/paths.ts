// The one registry of output paths, relative to out/. Renderers write to them, the catalog index lists them, the
// docs page links to them and `diff` recognises files by them: each path is a template written once here, and
// both the path and the pattern that recognises it are made from it.

/** A dashboard product: each reads queries in its own dialect (outputs/dashboards/products.ts). */
export type DashboardProduct = 'grafana' | 'sysdig' | 'perses';

/**
 * A dashboard file format. Grafana reads two models of the same dashboard (its classic JSON and the v2 resource),
 * Perses takes a dashboard through its API or as the operator's `PersesDashboard` resource.
 */
export type DashboardFormat = 'grafana' | 'grafana-v2' | 'sysdig' | 'perses' | 'perses-resource';

export const dashboardFormats: readonly DashboardFormat[] = ['grafana', 'grafana-v2', 'sysdig', 'perses', 'perses-resource'];

/** Each output of one integration: `{id}` is the integration, `{dashboard}` a dashboard id. */
const templates = {
  docs: '{id}/README.md',
  prometheusRules: '{id}/prometheus/rules.yaml',
  ruleTests: '{id}/prometheus/rules.test.yaml',
  prometheusRule: '{id}/prometheus/prometheusrule.yaml',
  mimirRules: '{id}/mimir/rules.yaml',
  prometheusScrape: '{id}/prometheus/scrape.yaml',
  podMonitors: '{id}/prometheus/podmonitors.yaml',
  agentJobs: '{id}/agent/jobs.yaml',
  grafanaDashboard: '{id}/dashboards/grafana/{dashboard}.json',
  grafanaV2Dashboard: '{id}/dashboards/grafana-v2/{dashboard}.json',
  sysdigDashboard: '{id}/dashboards/sysdig/{dashboard}.json',
  persesDashboard: '{id}/dashboards/perses/{dashboard}.json',
  persesDashboardResource: '{id}/dashboards/perses/{dashboard}.persesdashboard.yaml',
  grafanaConfigMap: '{id}/dashboards/grafana-dashboards.configmap.yaml',
} as const;

export type OutputKind = keyof typeof templates;

/** The catalog of all integrations, at the top of out/. */
export const catalogIndexFile = 'index.json';

const dashboardKinds: Record<DashboardFormat, OutputKind> = {
  grafana: 'grafanaDashboard',
  'grafana-v2': 'grafanaV2Dashboard',
  sysdig: 'sysdigDashboard',
  perses: 'persesDashboard',
  'perses-resource': 'persesDashboardResource',
};

/** The path of one output, relative to out/. */
export function outputPath(kind: OutputKind, id: string, dashboard = ''): string {
  return templates[kind].replace('{id}', id).replace('{dashboard}', dashboard);
}

/** Path of a dashboard file, relative to the integration's folder (where its README.md lives). */
export function dashboardFile(format: DashboardFormat, dashboardId: string): string {
  return outputPath(dashboardKinds[format], '', dashboardId).slice(1);
}

/** Paths of one integration's outputs, relative to out/. */
export function integrationFiles(id: string) {
  return {
    docs: outputPath('docs', id),
    prometheusRules: outputPath('prometheusRules', id),
    ruleTests: outputPath('ruleTests', id),
    prometheusRule: outputPath('prometheusRule', id),
    mimirRules: outputPath('mimirRules', id),
    prometheusScrape: outputPath('prometheusScrape', id),
    podMonitors: outputPath('podMonitors', id),
    agentJobs: outputPath('agentJobs', id),
    grafanaConfigMap: outputPath('grafanaConfigMap', id),
    dashboard: (format: DashboardFormat, dashboardId: string) => outputPath(dashboardKinds[format], id, dashboardId),
  };
}

/** The promtool tests name their rule file relative to themselves: they sit in the same folder. */
export const ruleFileName = templates.prometheusRules.slice(templates.prometheusRules.lastIndexOf('/') + 1);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = Object.fromEntries(
  Object.entries(templates).map(([kind, template]) => [
    kind,
    new RegExp(
      `^${template
        .split(/(\{id\}|\{dashboard\})/)
        .map((part) => (part.startsWith('{') ? '([^/]+)' : escapeRegExp(part)))
        .join('')}$`,
    ),
  ]),
) as Record<OutputKind, RegExp>;

/** Which integration (and dashboard) a path under out/ is the `kind` output of; undefined if it is not one. */
export function matchOutput(kind: OutputKind, file: string): { id: string; dashboard?: string } | undefined {
  const match = patterns[kind].exec(file);
  if (!match) return undefined;
  return match[2] === undefined ? { id: match[1]! } : { id: match[1]!, dashboard: match[2] };
}
