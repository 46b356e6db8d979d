// The one registry of output paths, relative to out/. Renderers write to them, the catalog index lists them, the
// docs page links to them and `diff` recognises files by them: each path is a template written once here, and
// both the path and the pattern that recognises it are made from it.

export type DashboardProduct = 'grafana' | 'sysdig';

export const dashboardProducts: readonly DashboardProduct[] = ['grafana', 'sysdig'];

/** Each output of one integration: `{id}` is the integration, `{dashboard}` a dashboard id. */
const templates = {
  docs: '{id}/README.md',
  prometheusRules: '{id}/prometheus/rules.yaml',
  ruleTests: '{id}/prometheus/rules.test.yaml',
  prometheusRule: '{id}/prometheus/prometheusrule.yaml',
  prometheusScrape: '{id}/prometheus/scrape.yaml',
  podMonitors: '{id}/prometheus/podmonitors.yaml',
  agentJobs: '{id}/agent/jobs.yaml',
  grafanaDashboard: '{id}/dashboards/grafana/{dashboard}.json',
  sysdigDashboard: '{id}/dashboards/sysdig/{dashboard}.json',
  grafanaConfigMap: '{id}/dashboards/grafana-dashboards.configmap.yaml',
} as const;

export type OutputKind = keyof typeof templates;

/** The catalog of all integrations, at the top of out/. */
export const catalogIndexFile = 'index.json';

const dashboardKinds: Record<DashboardProduct, OutputKind> = { grafana: 'grafanaDashboard', sysdig: 'sysdigDashboard' };

/** The path of one output, relative to out/. */
export function outputPath(kind: OutputKind, id: string, dashboard = ''): string {
  return templates[kind].replace('{id}', id).replace('{dashboard}', dashboard);
}

/** Path of a dashboard's JSON, relative to the integration's folder (where its README.md lives). */
export function dashboardFile(product: DashboardProduct, dashboardId: string): string {
  return outputPath(dashboardKinds[product], '', dashboardId).slice(1);
}

/** Paths of one integration's outputs, relative to out/. */
export function integrationFiles(id: string) {
  return {
    docs: outputPath('docs', id),
    prometheusRules: outputPath('prometheusRules', id),
    ruleTests: outputPath('ruleTests', id),
    prometheusRule: outputPath('prometheusRule', id),
    prometheusScrape: outputPath('prometheusScrape', id),
    podMonitors: outputPath('podMonitors', id),
    agentJobs: outputPath('agentJobs', id),
    grafanaConfigMap: outputPath('grafanaConfigMap', id),
    dashboard: (product: DashboardProduct, dashboardId: string) => outputPath(dashboardKinds[product], id, dashboardId),
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
