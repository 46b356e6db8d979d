// Where each output of one integration lives, relative to out/. The catalog index lists these paths and the
// docs page links to them, so both read them from here.

export type DashboardProduct = 'grafana' | 'sysdig';

export const dashboardProducts: readonly DashboardProduct[] = ['grafana', 'sysdig'];

/** Path of a dashboard's JSON, relative to the integration's folder (where its README.md lives). */
export function dashboardFile(product: DashboardProduct, dashboardId: string): string {
  return `dashboards/${product}/${dashboardId}.json`;
}

/** Paths of one integration's outputs, relative to out/ (the Prometheus rule files: src/rules/files.ts). */
export function integrationFiles(integrationId: string) {
  return {
    agentJobs: `${integrationId}/agent/jobs.yaml`,
    prometheusScrape: `${integrationId}/prometheus/scrape.yaml`,
    prometheusRule: `${integrationId}/prometheus/prometheusrule.yaml`,
    grafanaConfigMap: `${integrationId}/dashboards/grafana-dashboards.configmap.yaml`,
    docs: `${integrationId}/README.md`,
    dashboard: (product: DashboardProduct, dashboardId: string) => `${integrationId}/${dashboardFile(product, dashboardId)}`,
  };
}

/** The catalog of all integrations. */
export const catalogIndexFile = 'index.json';
