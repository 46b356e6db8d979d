// The docs page's "Install the outputs" section: for each output, where it goes and the commands that check and
// install it, with the paths of outputs/paths.ts relative to the page. Configuration snippets are data, serialized.
import { dashboardFile, integrationFiles } from '../paths.js';
import { ruleGroups } from '../prometheus-rules/groups.js';
import { alertsOf } from '../../core/counts.js';
import type { Integration } from '../../model/index.js';
import { codeBlock, inlineCode, type CodeBlockView } from '../../serialize/markdown.js';
import { toYaml } from '../../serialize/yaml.js';

export interface InstallStepView {
  text: string;
  code: CodeBlockView | undefined;
}

export interface InstallView {
  title: string;
  steps: InstallStepView[];
}

const step = (text: string, code?: { source: string; lang: string }): InstallStepView => ({
  text,
  code: code === undefined ? undefined : codeBlock(code.source, code.lang),
});

const sh = (...lines: string[]) => ({ source: lines.join('\n'), lang: 'sh' });
const yaml = (data: unknown) => ({ source: toYaml(data), lang: 'yaml' });

/** Where the outputs of every integration go on a Prometheus or Grafana host: one file per integration. */
const prometheusRulesDir = '/etc/prometheus/rules';
const prometheusScrapeDir = '/etc/prometheus/scrape';
const grafanaDashboardsDir = '/var/lib/grafana/dashboards';
/** SIGHUP makes Prometheus reload its configuration and rule files. */
const reload = 'kill -HUP "$(pidof prometheus)"';

export function installViews(integration: Integration): InstallView[] {
  const { id } = integration;
  const out = integrationFiles(id);
  // Relative to the page, which sits in the integration's folder (as dashboardFile's paths are).
  const relative = (path: string) => path.slice(id.length + 1);
  const files = {
    prometheusScrape: relative(out.prometheusScrape),
    podMonitors: relative(out.podMonitors),
    prometheusRules: relative(out.prometheusRules),
    ruleTests: relative(out.ruleTests),
    prometheusRule: relative(out.prometheusRule),
    grafanaConfigMap: relative(out.grafanaConfigMap),
    agentJobs: relative(out.agentJobs),
  };
  const code = inlineCode;
  const views: InstallView[] = [];
  if (integration.jobs.length > 0) {
    // The operator labels every target with its container, which a job copies only when it asks to.
    const containerLabelNote = integration.jobs.every((job) => job.copyPodMetadata?.includes('container_name'))
      ? ''
      : ' (with a `container` label the operator adds)';
    views.push(
      {
        title: `Prometheus scrape jobs (${code(files.prometheusScrape)})`,
        steps: [
          step(
            'A `scrape_configs` block for a Prometheus that runs in the cluster and may list pods. Copy it beside ' + '`prometheus.yml`:',
            sh(`cp ${files.prometheusScrape} ${prometheusScrapeDir}/${id}.yaml`),
          ),
          step(
            'include it from `prometheus.yml` (Prometheus 2.43 or later; before, add its entries to `scrape_configs` there):',
            yaml({ scrape_config_files: [`${prometheusScrapeDir}/*.yaml`] }),
          ),
          step('then check the configuration and reload Prometheus:', sh('promtool check config /etc/prometheus/prometheus.yml', reload)),
        ],
      },
      {
        title: `prometheus-operator PodMonitors (${code(files.podMonitors)})`,
        steps: [
          step(
            'The same jobs as `PodMonitor`s, one per job, for a Prometheus that prometheus-operator configures: they ' +
              `scrape the same targets and keep the same series as the scrape jobs above${containerLabelNote}. A Prometheus picks them up ` +
              'when its `podMonitorSelector` and `podMonitorNamespaceSelector` match them (kube-prometheus-stack ' +
              'selects `release: <release name>`): set their labels and namespace under `podMonitor` in ' +
              '`intgen.config.json`. Check them against the installed CRD, then apply them:',
            sh(`kubectl apply --dry-run=server -f ${files.podMonitors}`, `kubectl apply -f ${files.podMonitors}`),
          ),
          step(
            "The targets show up in Prometheus's target list as `podMonitor/<namespace>/<job>/0`, labelled with the " +
              'job name as `job`, as the alerts and dashboards expect.',
          ),
        ],
      },
    );
  }
  if (ruleGroups(integration).length > 0) {
    const tested = alertsOf(integration).some((alert) => alert.tests?.length);
    views.push(
      {
        title: `Prometheus rules (${code(files.prometheusRules)})`,
        steps: [
          step(
            tested ? 'Check the rules and run their unit tests:' : 'Check the rules:',
            sh(`promtool check rules ${files.prometheusRules}`, ...(tested ? [`promtool test rules ${files.ruleTests}`] : [])),
          ),
          step('copy them beside `prometheus.yml`:', sh(`cp ${files.prometheusRules} ${prometheusRulesDir}/${id}.yaml`)),
          step('load them from `prometheus.yml`:', yaml({ rule_files: [`${prometheusRulesDir}/*.yaml`] })),
          step('and reload Prometheus:', sh(reload)),
        ],
      },
      {
        title: `prometheus-operator PrometheusRule (${code(files.prometheusRule)})`,
        steps: [
          step(
            'The same rules as a `PrometheusRule`. A Prometheus picks it up when its `ruleSelector` and ' +
              '`ruleNamespaceSelector` match the resource: set its labels and namespace under `prometheusRule` in ' +
              '`intgen.config.json`.',
            sh(`kubectl apply -f ${files.prometheusRule}`),
          ),
        ],
      },
    );
  }
  if (integration.dashboards.length > 0) {
    const grafanaFiles = integration.dashboards.map((dashboard) => dashboardFile('grafana', dashboard.id));
    views.push({
      title: 'Grafana dashboards',
      steps: [
        step(
          `In Kubernetes, ${code(files.grafanaConfigMap)} holds them for Grafana's dashboard sidecar, which loads ` +
            'ConfigMaps labelled `grafana_dashboard: "1"` from its namespace (set it and the labels under ' +
            '`grafanaDashboards` in `intgen.config.json`):',
          sh(`kubectl apply -f ${files.grafanaConfigMap}`),
        ),
        step(
          'Elsewhere, provision the JSON files from a folder:',
          sh(`mkdir -p ${grafanaDashboardsDir}/${id}`, `cp ${grafanaFiles.join(' ')} ${grafanaDashboardsDir}/${id}/`),
        ),
        step(
          `and a provider in \`/etc/grafana/provisioning/dashboards/${id}.yaml\`:`,
          yaml({
            apiVersion: 1,
            providers: [{ name: id, folder: integration.name, type: 'file', options: { path: `${grafanaDashboardsDir}/${id}` } }],
          }),
        ),
      ],
    });
  }
  const sysdigDashboards = integration.dashboards.map((dashboard) => dashboardFile('sysdig', dashboard.id));
  views.push({
    title: 'Sysdig',
    steps: [
      ...(integration.jobs.length > 0
        ? [
            step(
              `Add the jobs of ${code(files.agentJobs)} (shown under *Agent configuration*) to \`scrape_configs\` in the ` +
                "`prometheus.yaml` key of the agent's ConfigMap, then restart the agents:",
              sh('kubectl -n sysdig-agent edit configmap sysdig-agent', 'kubectl -n sysdig-agent rollout restart daemonset/sysdig-agent'),
            ),
          ]
        : []),
      ...(sysdigDashboards.length > 0
        ? [
            step(
              "Create the dashboards through Sysdig Monitor's API (`SYSDIG_URL` is your region's, `SYSDIG_API_TOKEN` an API token):",
              sh(
                ...sysdigDashboards.map(
                  (file) =>
                    `curl -sf -X POST "$SYSDIG_URL/api/v3/dashboards" -H "Authorization: Bearer $SYSDIG_API_TOKEN" ` +
                    `-H 'Content-Type: application/json' --data @${file}`,
                ),
              ),
            ),
          ]
        : []),
    ],
  });
  return views.filter((view) => view.steps.length > 0);
}
