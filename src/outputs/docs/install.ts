// The docs page's "Install the outputs" section: for each output, where it goes and the commands that check and
// install it, with the paths of outputs/paths.ts relative to the page. Configuration snippets are data, serialized.
import { dashboardFile, integrationFiles, type DashboardFormat } from '../paths.js';
import { ruleGroups } from '../prometheus-rules/groups.js';
import { writesDashboardFormat } from '../dashboards/formats.js';
import { persesProject } from '../perses/dashboard.js';
import { grafanaUid } from '../../core/grafana-uid.js';
import { alertsOf } from '../../core/counts.js';
import type { BuildConfig, Integration, RuleTarget } from '../../model/index.js';
import { ruleTargetOf, ruleTargets } from '../../core/rule-targets.js';
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
/** Grafana's API namespace of its main organization (org 1). */
const grafanaNamespace = 'default';
/** SIGHUP makes Prometheus reload its configuration and rule files. */
const reload = 'kill -HUP "$(pidof prometheus)"';

/** How the rule engines other than Prometheus check, test and load the rules, for the build's ruleTarget. */
function ruleEngineView(target: RuleTarget, files: { prometheusRules: string; ruleTests: string; mimirRules: string }, tested: boolean) {
  const code = inlineCode;
  switch (target) {
    case 'mimir':
      return {
        title: `Grafana Mimir (${code(files.mimirRules)})`,
        steps: [
          step(
            "The rules as one Mimir ruler namespace named after the integration. Check them, then load them into the tenant's ruler " +
              '(`MIMIR_URL` is the Mimir address, `MIMIR_TENANT` the tenant):',
            sh(
              `mimirtool rules check ${files.mimirRules}`,
              `mimirtool rules load --address="$MIMIR_URL" --id="$MIMIR_TENANT" ${files.mimirRules}`,
            ),
          ),
        ],
      };
    case 'thanos':
      return {
        title: `Thanos Ruler (${code(files.prometheusRules)})`,
        steps: [
          step(
            'Check the rule file with Thanos, then give it to the ruler with `--rule-file` (it reloads on SIGHUP or `POST /-/reload`):',
            sh(`thanos tools rules-check --rules=${files.prometheusRules}`),
          ),
        ],
      };
    case 'vmalert':
      return {
        title: `vmalert (${code(files.prometheusRules)})`,
        steps: [
          step(
            tested ? 'Run the unit tests with vmalert-tool, then load the rules with `-rule`:' : 'Load the rules with `-rule`:',
            sh(
              ...(tested ? [`vmalert-tool unittest --files=${files.ruleTests}`] : []),
              `vmalert -rule=${files.prometheusRules} -datasource.url="$VM_URL" -notifier.url="$ALERTMANAGER_URL"`,
            ),
          ),
        ],
      };
    default:
      return undefined;
  }
}

export function installViews(integration: Integration, config: BuildConfig): InstallView[] {
  const ruleTarget = ruleTargetOf(config);
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
    mimirRules: relative(out.mimirRules),
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
    // vmalert's tests are in vmalert-tool's format, which promtool rejects: its own view runs them.
    const promtoolTested = tested && ruleTargets[ruleTarget].testTool === 'promtool';
    views.push(
      {
        title: `Prometheus rules (${code(files.prometheusRules)})`,
        steps: [
          step(
            promtoolTested ? 'Check the rules and run their unit tests:' : 'Check the rules:',
            sh(`promtool check rules ${files.prometheusRules}`, ...(promtoolTested ? [`promtool test rules ${files.ruleTests}`] : [])),
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
    const engine = ruleEngineView(ruleTarget, files, tested);
    if (engine) views.push(engine);
  }
  const dashboardFiles = (format: DashboardFormat) =>
    writesDashboardFormat(config, format) ? integration.dashboards.map((dashboard) => dashboardFile(format, dashboard.id)) : [];
  const grafanaFiles = dashboardFiles('grafana');
  if (grafanaFiles.length > 0) {
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
  const grafanaV2Files = dashboardFiles('grafana-v2');
  if (grafanaV2Files.length > 0) {
    const uids = integration.dashboards.map((dashboard) => grafanaUid(id, dashboard.id));
    views.push({
      title: 'Grafana v2 dashboards',
      steps: [
        step(
          'The `dashboard.grafana.app/v2` resources, for a Grafana with the v2 dashboard API (the default from Grafana 13). ' +
            "Create them through it (`GRAFANA_URL` is Grafana's address, `GRAFANA_TOKEN` a service account token; " +
            `\`${grafanaNamespace}\` is the main organization):`,
          sh(
            ...grafanaV2Files.map(
              (file) =>
                `curl -sf -X POST "$GRAFANA_URL/apis/dashboard.grafana.app/v2/namespaces/${grafanaNamespace}/dashboards" ` +
                `-H "Authorization: Bearer $GRAFANA_TOKEN" -H 'Content-Type: application/json' --data @${file}`,
            ),
          ),
        ),
        step(
          `They carry the uids of the classic dashboards (${uids.map(code).join(', ')}): both models are the same ` +
            'dashboard, so install one of them per Grafana; the API answers 409 Conflict for a uid it already holds.',
        ),
      ],
    });
  }
  const persesFiles = dashboardFiles('perses');
  if (persesFiles.length > 0) {
    const project = persesProject(id, config.persesDashboards);
    views.push({
      title: 'Perses dashboards',
      steps: [
        step(
          `Check them, then, logged in to Perses (\`percli login <url>\`), create their project ${code(project)} once ` +
            "and apply them. Their queries read the project's default Prometheus data source (or the global default):",
          sh(
            ...persesFiles.map((file) => `percli lint -f ${file}`),
            `echo '${JSON.stringify({ kind: 'Project', metadata: { name: project } })}' | percli apply -f -`,
            ...persesFiles.map((file) => `percli apply -f ${file}`),
          ),
        ),
        step(
          'With the perses-operator, apply the `PersesDashboard` resources to the namespace that is to be their project ' +
            '(the operator syncs a namespace to the Perses project of its name):',
          sh(...dashboardFiles('perses-resource').map((file) => `kubectl apply -n ${project} -f ${file}`)),
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
