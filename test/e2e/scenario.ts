// One end-to-end scenario: the generated outputs (rules, agent jobs, Grafana dashboards) loaded into a real
// Prometheus that scrapes felix-like exporters found through simulated Kubernetes pods, and the checks that
// hold when the outputs are right. Checks throw (vitest assertions, each with a message naming what it
// checks), so a mutated scenario can show which one fails.
import { parse } from 'yaml';
import { expect } from 'vitest';
import { alertsOf, recordingRulesOf } from '../../src/core/counts.js';
import { integrationFiles, ruleFileName } from '../../src/outputs/paths.js';
import type { BuildConfig, Integration } from '../../src/model/index.js';
import { toJson } from '../../src/serialize/json.js';
import { buildCatalog } from '../../src/pipeline/build.js';
import { succeeded } from '../helpers/build.js';
import type { RelabelConfig } from '../../src/analysis/relabel/engine.js';
import { discoveredLabels, pod, type Pod } from '../scrape/support.js';
import {
  ipPools,
  leakingNode,
  loopbackAddresses,
  startExporters,
  type Exporter,
  type ExporterLevels,
  type ExporterMode,
  type ExporterSet,
} from './exporters.js';
import { startPrometheus, waitUntil, type PrometheusApi, type Rule } from './prometheus.js';

// The job names the Sysdig agent and PromCat know these jobs by.
export const felixJobName = 'calico-node-default';
export const kubeControllersJobName = 'calico-controller-default';

/** One entry of the rendered agent job list, as parsed from its YAML. */
export interface AgentJob {
  job_name: string;
  kubernetes_sd_configs?: { role: string }[];
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
  [key: string]: unknown;
}

interface GrafanaPanel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: GrafanaPanel[];
}

export interface GrafanaDashboard {
  uid?: string;
  title?: string;
  panels?: GrafanaPanel[];
  templating?: { list?: { name: string; type: string; allValue?: string }[] };
}

export interface PersesDashboard {
  metadata: { name: string };
  spec: {
    variables: { spec: { name: string; customAllValue?: string } }[];
    panels: Record<string, { spec: { display: { name: string }; queries?: { spec: { plugin: { spec: { query: string } } } }[] } }>;
  };
}

/** What the generator produced for Calico, as the test consumes it. */
export interface GeneratedOutputs {
  integration: Integration;
  rulesYaml: string;
  agentJobs: AgentJob[];
  grafanaDashboards: GrafanaDashboard[];
  persesDashboards: PersesDashboard[];
}

/** Builds Calico through the real pipeline, in memory. */
export async function calicoOutputs(config: BuildConfig = {}): Promise<GeneratedOutputs> {
  const build = succeeded(await buildCatalog({ only: ['calico'], config }));
  const result = build.results[0];
  if (!result) throw new Error('the build has no Calico');
  const file = (path: string) => {
    const content = build.files.get(path);
    if (content === undefined) throw new Error(`the build rendered no ${path}`);
    return content;
  };
  const { integration } = result.context;
  const paths = integrationFiles(integration.id);
  return {
    integration,
    rulesYaml: file(integrationFiles(integration.id).prometheusRules),
    agentJobs: parse(file(paths.agentJobs)) as AgentJob[],
    grafanaDashboards: integration.dashboards.map(
      (dashboard) => JSON.parse(file(paths.dashboard('grafana', dashboard.id))) as GrafanaDashboard,
    ),
    persesDashboards: integration.dashboards.map(
      (dashboard) => JSON.parse(file(paths.dashboard('perses', dashboard.id))) as PersesDashboard,
    ),
  };
}

/** A pod of the simulated cluster, and which job (if any) must scrape it, at which exporter. */
export interface SimulatedPod {
  role: string;
  pod: Pod;
  scrapedBy?: { job: string; address: string };
}

/**
 * The cluster as one node's agent sees it. Calico-node runs with host networking, so its pods have the node's
 * IP; the felix exporter's address is therefore the node IP. Pods that must be dropped sit on addresses nothing
 * of this test listens on.
 */
function simulatedPods(exporters: ExporterSet, nextAddress: () => string): SimulatedPod[] {
  const nodeIp = exporters.felix.host;
  const otherNodeIp = nextAddress();
  const calicoNode = (overrides: Partial<Pod>) =>
    pod({ namespace: 'calico-system', hostIp: nodeIp, podIp: nodeIp, address: nodeIp, ...overrides });
  return [
    {
      role: 'calico-node on this node',
      pod: calicoNode({ name: 'calico-node-local', uid: 'uid-calico-node-local', annotations: { 'prometheus.io/scheme': 'http' } }),
      scrapedBy: { job: felixJobName, address: exporters.felix.address },
    },
    {
      role: 'calico-kube-controllers on this node',
      pod: pod({
        namespace: 'calico-system',
        container: 'calico-kube-controllers',
        name: 'calico-kube-controllers-5c9d',
        uid: 'uid-kube-controllers',
        hostIp: nodeIp,
        podIp: exporters.kubeControllers.host,
        address: exporters.kubeControllers.host,
      }),
      scrapedBy: { job: kubeControllersJobName, address: exporters.kubeControllers.address },
    },
    {
      role: 'calico-node on another node',
      pod: calicoNode({
        name: 'calico-node-remote',
        uid: 'uid-calico-node-remote',
        hostIp: otherNodeIp,
        podIp: otherNodeIp,
        address: otherNodeIp,
      }),
    },
    { role: 'calico-node not Running', pod: calicoNode({ name: 'calico-node-pending', uid: 'uid-calico-node-pending', phase: 'Pending' }) },
    {
      role: 'calico-node opted out',
      pod: calicoNode({ name: 'calico-node-omitted', uid: 'uid-calico-node-omitted', annotations: { 'promcat.sysdig.com/omit': 'true' } }),
    },
    {
      role: 'calico-node claimed by another integration',
      pod: calicoNode({
        name: 'calico-node-claimed',
        uid: 'uid-calico-node-claimed',
        annotations: { 'promcat.sysdig.com/integration_type': 'another-integration' },
      }),
    },
  ];
}

/** Replaces the agent's `__HOSTIPS__` placeholder everywhere in a job, as the agent does with its node's IPs. */
function withHostIps<T>(value: T, nodeIp: string): T {
  if (typeof value === 'string') return value.replaceAll('__HOSTIPS__', nodeIp) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withHostIps(item, nodeIp)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withHostIps(item, nodeIp)])) as T;
  }
  return value;
}

const podsFile = 'pods.json';

/** An agent job for this test: Kubernetes pod discovery swapped for the simulated pods; everything else as rendered. */
function testJob(job: AgentJob, nodeIp: string): Record<string, unknown> {
  const { kubernetes_sd_configs: discovery, ...rest } = job;
  expect(discovery, `${job.job_name}: rendered discovery`).toEqual([{ role: 'pod' }]);
  return { ...withHostIps(rest, nodeIp), file_sd_configs: [{ files: [podsFile] }] };
}

/** The file_sd form of the pods: one group per pod, its address as target and its discovery labels as labels. */
function fileSdGroups(pods: SimulatedPod[]) {
  return pods.map(({ pod: simulated }) => {
    const { __address__: address, ...labels } = discoveredLabels(simulated);
    return { targets: [address], labels };
  });
}

export interface Scenario {
  api: PrometheusApi;
  exporters: ExporterSet;
  pods: SimulatedPod[];
  outputs: GeneratedOutputs;
  stop(): Promise<void>;
}

/** Starts the exporters (healthy) and a Prometheus loaded with the outputs; stop() undoes both. */
export async function startScenario(outputs: GeneratedOutputs, levels: ExporterLevels): Promise<Scenario> {
  const nextAddress = loopbackAddresses();
  const exporters = await startExporters(nextAddress, levels);
  try {
    const pods = simulatedPods(exporters, nextAddress);
    const rulesFile = ruleFileName;
    const prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [rulesFile],
        scrape_configs: outputs.agentJobs.map((job) => testJob(job, exporters.felix.host)),
      },
      files: { [rulesFile]: outputs.rulesYaml, [podsFile]: toJson(fileSdGroups(pods)) },
    });
    return {
      api: prometheus.api,
      exporters,
      pods,
      outputs,
      stop: async () => {
        try {
          await prometheus.stop();
        } finally {
          await exporters.close();
        }
      },
    };
  } catch (error) {
    await exporters.close();
    throw error;
  }
}

// Bounds of the waits below; generous because the machine is shared, and reached only when something is wrong.
const discoveryTimeoutMs = 30_000;
const settleTimeoutMs = 30_000;
/** Scrapes of the felix exporter that rule evaluations must have seen before a state counts as settled. */
const settledScrapes = 3;
/** Rules evaluate once a second: one evaluation after a scrape was served has surely seen it ingested. */
const ingestionSlackMs = 1_000;

/** Series Prometheus adds to every scraped target itself; metric relabeling does not apply to them. */
const scrapeSeries = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
];
/** Series the alerting rules write, with the labels of the series that raised them (job included). */
const ruleSeries = ['ALERTS', 'ALERTS_FOR_STATE'];

const sorted = (values: Iterable<string>) => [...values].sort();

/** Per-job records in job order, to compare lists whose order Prometheus does not define. */
const byJob = <T extends { job?: string | undefined }>(list: T[]) => [...list].sort((a, b) => String(a.job).localeCompare(String(b.job)));

function alertIds(integration: Integration): string[] {
  return sorted(alertsOf(integration).map((alert) => alert.id));
}

/** Exactly the pods that must be scraped are targets, at the exporters' addresses; every other pod is dropped. */
async function targets(s: Scenario): Promise<void> {
  const jobs = s.outputs.agentJobs.map((job) => job.job_name);
  const discovered = await waitUntil(
    'every pod to be discovered by every job and every target to be scraped once',
    async () => {
      const found = await s.api.targets();
      const all = found.activeTargets.length + found.droppedTargets.length === s.pods.length * jobs.length;
      return all && found.activeTargets.every((target) => target.health !== 'unknown') ? found : undefined;
    },
    { timeoutMs: discoveryTimeoutMs },
  );
  const active = discovered.activeTargets.map((target) => ({
    job: target.scrapePool,
    pod: target.discoveredLabels.__meta_kubernetes_pod_uid,
    instance: target.labels.instance,
    scrapeUrl: target.scrapeUrl,
    health: target.health,
    lastError: target.lastError,
    sysdig_k8s_pod_uid: target.labels.sysdig_k8s_pod_uid,
    sysdig_k8s_pod_container_name: target.labels.sysdig_k8s_pod_container_name,
  }));
  const expected = s.pods.flatMap(({ pod: simulated, scrapedBy }) =>
    scrapedBy
      ? [
          {
            job: scrapedBy.job,
            pod: simulated.uid,
            instance: scrapedBy.address,
            scrapeUrl: `http://${scrapedBy.address}/metrics`,
            health: 'up',
            lastError: '',
            sysdig_k8s_pod_uid: simulated.uid,
            sysdig_k8s_pod_container_name: simulated.container,
          },
        ]
      : [],
  );
  expect(byJob(active), 'active targets').toEqual(byJob(expected));

  const dropped = sorted(discovered.droppedTargets.map((t) => `${t.discoveredLabels.job} ${t.discoveredLabels.__meta_kubernetes_pod_uid}`));
  const expectedDropped = jobs.flatMap((job) =>
    s.pods.filter(({ scrapedBy }) => scrapedBy?.job !== job).map(({ pod: simulated }) => `${job} ${simulated.uid}`),
  );
  expect(dropped, 'dropped targets (job, pod uid)').toEqual(sorted(expectedDropped));
}

async function waitForScrapes(s: Scenario, job: string, count: number): Promise<void> {
  await waitUntil(
    `${count} scrapes of ${job}`,
    async () => ((await s.api.query(`count_over_time(up{job="${job}"}[5m]) >= ${count}`)).length > 0 ? true : undefined),
    { timeoutMs: discoveryTimeoutMs },
  );
}

async function seriesNames(s: Scenario, job: string): Promise<string[]> {
  const result = await s.api.query(`count by (__name__) ({job="${job}"})`);
  return sorted(result.map((sample) => sample.metric.__name__ ?? '').filter((name) => !ruleSeries.includes(name)));
}

async function scalar(s: Scenario, expr: string): Promise<number | undefined> {
  const [sample, ...more] = await s.api.query(expr);
  expect(more, `${expr}: one series`).toEqual([]);
  return sample === undefined ? undefined : Number(sample.value[1]);
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

/**
 * A job stores its catalog metrics and nothing else its exporter exposes. The keep-list is the catalog's names
 * as PromCat writes it: a summary keeps its quantiles, not _sum/_count.
 */
async function storesItsCatalog(s: Scenario, job: string, exporter: Exporter): Promise<void> {
  const catalog = s.outputs.integration.metrics.filter((metric) => metric.job === job).map((metric) => metric.name);
  expect(await seriesNames(s, job), `series names stored for ${job}`).toEqual(sorted([...catalog, ...scrapeSeries]));

  const exposed = exporter.exposedSamples();
  const notInCatalog = [...exposed.keys()].filter((name) => !catalog.includes(name));
  expect(notInCatalog.length, `${job}: the exporter exposes metrics outside the catalog`).toBeGreaterThan(0);
  const leaked = await s.api.query(`count by (__name__) ({job="${job}", __name__=~"${notInCatalog.join('|')}"})`);
  expect(
    leaked.map((sample) => sample.metric.__name__),
    `non-catalog metrics stored for ${job}`,
  ).toEqual([]);
  const samplesOf = (names: string[]) => sum(names.map((name) => exposed.get(name) ?? 0));
  expect(await scalar(s, `scrape_samples_scraped{job="${job}"}`), `${job}: samples scraped`).toBe(sum(exposed.values()));
  expect(await scalar(s, `scrape_samples_post_metric_relabeling{job="${job}"}`), `${job}: samples kept by metric relabeling`).toBe(
    samplesOf(catalog),
  );
}

/** Each job stores its catalog metrics and nothing else its exporter exposes, with the pod labels. */
async function storedSeries(s: Scenario): Promise<void> {
  await waitForScrapes(s, felixJobName, 2);
  await waitForScrapes(s, kubeControllersJobName, 2);
  await storesItsCatalog(s, felixJobName, s.exporters.felix);
  await storesItsCatalog(s, kubeControllersJobName, s.exporters.kubeControllers);

  const jobs = [felixJobName, kubeControllersJobName];
  const podLabels = await s.api.query(`count by (job, sysdig_k8s_pod_uid, sysdig_k8s_pod_container_name) ({job=~"${jobs.join('|')}"})`);
  const expectedPodLabels = s.pods.flatMap(({ pod: simulated, scrapedBy }) =>
    scrapedBy ? [{ job: scrapedBy.job, sysdig_k8s_pod_uid: simulated.uid, sysdig_k8s_pod_container_name: simulated.container }] : [],
  );
  expect(byJob(podLabels.map((sample) => sample.metric)), 'pod labels on every stored series').toEqual(byJob(expectedPodLabels));
}

/** Every rule the integration defines is loaded and evaluates without error. */
async function ruleHealth(s: Scenario): Promise<void> {
  const rules = await waitUntil(
    'every rule to be evaluated once',
    async () => {
      const loaded = await s.api.rules();
      return loaded.length > 0 && loaded.every((rule) => rule.health !== 'unknown') ? loaded : undefined;
    },
    { timeoutMs: settleTimeoutMs },
  );
  const integration = s.outputs.integration;
  expect(sorted(rules.filter((r) => r.type === 'alerting').map((r) => r.name)), 'alerting rules loaded').toEqual(alertIds(integration));
  expect(sorted(rules.filter((r) => r.type === 'recording').map((r) => r.name)), 'recording rules loaded').toEqual(
    sorted(recordingRulesOf(integration).map((rule) => rule.record)),
  );
  expectHealthy(rules);
}

function expectHealthy(rules: Rule[]): void {
  expect(
    rules.filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ''}`),
    'rules not healthy',
  ).toEqual([]);
}

/** Whether every rule has evaluated the data of `settledScrapes` scrapes of every exporter in the current mode. */
async function settledInMode(s: Scenario, since: { at?: number }): Promise<boolean> {
  if (since.at === undefined) {
    const served = [s.exporters.felix, s.exporters.kubeControllers].map((exporter) => exporter.scrapesInMode());
    if (served.some(({ count, lastServedAt }) => count < settledScrapes || lastServedAt === undefined)) return false;
    since.at = Math.max(...served.map(({ lastServedAt }) => lastServedAt ?? 0)) + ingestionSlackMs;
  }
  const evaluatedAfter = since.at;
  return (await s.api.rules()).every((rule) => Date.parse(rule.lastEvaluation) >= evaluatedAfter);
}

/** Puts the exporters in `mode` (if they are not already) and waits until the rules have seen it. */
async function settle(s: Scenario, mode: ExporterMode): Promise<void> {
  if (s.exporters.mode() !== mode) s.exporters.setMode(mode);
  const since: { at?: number } = {};
  await waitUntil(
    `the rules to evaluate ${settledScrapes} ${mode} scrapes`,
    async () => ((await settledInMode(s, since)) ? true : undefined),
    {
      timeoutMs: settleTimeoutMs,
    },
  );
}

/** With the exporters healthy, no alert is pending or firing. */
async function quietWhileHealthy(s: Scenario): Promise<void> {
  await settle(s, 'healthy');
  const active = await s.api.alerts();
  expect(
    active.map((alert) => `${alert.labels.alertname} ${alert.state}`),
    'alerts active while healthy',
  ).toEqual([]);
}

/** What an alert is about: a felix target, or an IP pool (and a node) of the cluster kube-controllers reports. */
function subjectOf(labels: Record<string, string | undefined>): string {
  if (labels.ippool === undefined) return `${labels.job} ${labels.instance}`;
  return labels.node === undefined ? `ippool ${labels.ippool}` : `ippool ${labels.ippool} node ${labels.node}`;
}

/**
 * Once the exporters break (felix failing and slow, the small IP pool nearly exhausted by allocations the GC does
 * not reclaim), every alert is in one of `states`: about the felix target, or the small pool and its leaking node.
 */
async function activeOnceBroken(s: Scenario, states: readonly string[]): Promise<void> {
  const expected = alertIds(s.outputs.integration);
  s.exporters.setMode('broken');
  const since: { at?: number } = {};
  const active = await waitUntil(
    `every alert to be ${states.join(' or ')}, or the rules to evaluate broken data without it`,
    async () => {
      const alerts = (await s.api.alerts()).filter((alert) => states.includes(alert.state));
      const names = new Set(alerts.map((alert) => alert.labels.alertname ?? ''));
      return expected.every((name) => names.has(name)) || (await settledInMode(s, since)) ? alerts : undefined;
    },
    { timeoutMs: settleTimeoutMs },
  );
  expect(sorted(new Set(active.map((alert) => alert.labels.alertname ?? ''))), `alerts ${states.join(' or ')} once broken`).toEqual(
    expected,
  );
  // One felix target and one exhausted pool, so one alert per rule: a latency rule matching every quantile would
  // raise three, a utilization rule not summing by pool one per node or none.
  expect(sorted(active.map((alert) => alert.labels.alertname ?? '')), 'alerts per rule').toEqual(expected);
  expect(sorted(new Set(active.map((alert) => subjectOf(alert.labels)))), 'what the alerts are about').toEqual(
    sorted([
      `${felixJobName} ${s.exporters.felix.address}`,
      `ippool ${ipPools.small.name}`,
      `ippool ${ipPools.small.name} node ${leakingNode}`,
    ]),
  );
  // Firing data can break a rule that quiet data cannot, e.g. two series left with one label set.
  expectHealthy(await s.api.rules());
}

/** Once the exporters break, every alert becomes pending or firing (the default `for` durations outlast the test). */
const alertsWhenBroken = (s: Scenario) => activeOnceBroken(s, ['pending', 'firing']);

/** Once the exporters break, every alert fires: for outputs whose `for` durations are shorter than the test. */
const alertsFireWhenBroken = (s: Scenario) => activeOnceBroken(s, ['firing']);

/** The window Grafana's interval variables stand for in these queries. */
const queryWindow = '1m';

/**
 * A dashboard query as Prometheus receives it: interval variables (Grafana's, and the same of Perses' Prometheus
 * plugin) as a window, label variables as their "All" value.
 */
function exprToPromQL(expr: string, variables: { name: string; all: string | undefined }[]): string {
  let promql = expr.replace(/\$\{?__(rate_interval|interval|range)\}?/g, queryWindow);
  for (const { name, all } of variables) {
    promql = promql.replace(new RegExp(`\\$\\{${name}(?::[a-z]+)?\\}|\\[\\[${name}\\]\\]|\\$${name}\\b`, 'g'), all ?? '.*');
  }
  return promql;
}

function panelQueries(dashboard: GrafanaDashboard): { panel: string; expr: string }[] {
  const walk = (panels: GrafanaPanel[]): { panel: string; expr: string }[] =>
    panels.flatMap((panel) => [
      ...(panel.targets ?? []).flatMap((target) => (target.expr ? [{ panel: panel.title ?? '(untitled)', expr: target.expr }] : [])),
      ...walk(panel.panels ?? []),
    ]);
  return walk(dashboard.panels ?? []);
}

interface DashboardQuery {
  dashboard: string | undefined;
  panel: string;
  promql: string;
}

/** Every query of every Grafana panel returns data, against the broken exporters. */
const dashboardQueries = (s: Scenario) =>
  queriesReturnData(
    s,
    'Grafana',
    s.outputs.grafanaDashboards.flatMap((dashboard) =>
      panelQueries(dashboard).map((query) => ({
        panel: query.panel,
        dashboard: dashboard.uid ?? dashboard.title,
        promql: exprToPromQL(
          query.expr,
          (dashboard.templating?.list ?? []).filter((v) => v.type !== 'datasource').map((v) => ({ name: v.name, all: v.allValue })),
        ),
      })),
    ),
  );

/** The same of every Perses panel. */
const persesDashboardQueries = (s: Scenario) =>
  queriesReturnData(
    s,
    'Perses',
    s.outputs.persesDashboards.flatMap((dashboard) =>
      Object.values(dashboard.spec.panels).flatMap((panel) =>
        (panel.spec.queries ?? []).map((query) => ({
          panel: panel.spec.display.name,
          dashboard: dashboard.metadata.name,
          promql: exprToPromQL(
            query.spec.plugin.spec.query,
            dashboard.spec.variables.map(({ spec }) => ({ name: spec.name, all: spec.customAllValue })),
          ),
        })),
      ),
    ),
  );

async function queriesReturnData(s: Scenario, product: string, queries: DashboardQuery[]): Promise<void> {
  await settle(s, 'broken');
  expect(queries.length, `${product} panel queries`).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const query of queries) {
    const outcome = await s.api.query(query.promql).then(
      (result) => (result.length > 0 ? undefined : 'no data'),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (outcome) problems.push(`${query.dashboard} / ${query.panel}: ${query.promql}: ${outcome}`);
  }
  expect(problems, `${product} panel queries without data`).toEqual([]);
}

export const checks = {
  targets,
  storedSeries,
  ruleHealth,
  quietWhileHealthy,
  alertsWhenBroken,
  alertsFireWhenBroken,
  dashboardQueries,
  persesDashboardQueries,
};
export type CheckName = keyof typeof checks;
