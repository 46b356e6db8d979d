// Scrape jobs from intent: a ScrapeJob says which containers, which port and which metrics; this module
// derives the Kubernetes pod-discovery relabel pipeline and the metric keep-list as plain data, for the
// Sysdig agent (the PromCat default jobs, one target per pod and IPv6-safe) or for a plain Prometheus server.
import { histogramKind, type Metric, type ScrapeJob } from '../../model/index.js';

export interface RelabelConfig {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  modulus?: number;
  action?:
    | 'replace'
    | 'keep'
    | 'drop'
    | 'hashmod'
    | 'labelmap'
    | 'labeldrop'
    | 'labelkeep'
    | 'lowercase'
    | 'uppercase'
    | 'keepequal'
    | 'dropequal';
}

export type ScrapeFlavour = 'sysdig-agent' | 'prometheus';

/** One entry of `scrape_configs` (Prometheus) or of the agent's job list: the same shape for both. */
export interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  kubernetes_sd_configs: { role: 'pod' }[];
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
}

type PodField = NonNullable<ScrapeJob['copyPodMetadata']>[number];

/** Kubernetes pod-discovery meta label of each pod field (note: the namespace one has no `pod_`). */
const podFieldMetaLabel: Record<PodField, string> = {
  uid: '__meta_kubernetes_pod_uid',
  name: '__meta_kubernetes_pod_name',
  namespace: '__meta_kubernetes_namespace',
  container_name: '__meta_kubernetes_pod_container_name',
  node_name: '__meta_kubernetes_pod_node_name',
};

/** The label names plain-Prometheus Kubernetes setups (kube-prometheus, kubernetes-mixin) use for them. */
const conventionalPodLabel: Record<PodField, string> = {
  uid: 'pod_uid',
  name: 'pod',
  namespace: 'namespace',
  container_name: 'container',
  node_name: 'node',
};

/** The canonical order of pod fields, so the output does not depend on how a job lists them. */
const podFields = Object.keys(podFieldMetaLabel) as PodField[];

/**
 * Without the agent's own Kubernetes enrichment, a series is only attributable to its pod through labels
 * relabeling copies, so plain Prometheus always gets these.
 */
const prometheusAlwaysCopied: PodField[] = ['namespace', 'name'];

/** Prometheus's strutil.SanitizeLabelName, which discovery applies to annotation and label keys. */
function sanitizeLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** A valid label name for a pod label key: sanitized, and prefixed when it would start with a digit. */
function podLabelTarget(key: string): string {
  const sanitized = sanitizeLabelName(key);
  return /^[0-9]/.test(sanitized) ? `_${sanitized}` : sanitized;
}

const annotationMetaLabel = (annotation: string) => `__meta_kubernetes_pod_annotation_${sanitizeLabelName(annotation)}`;
const podLabelMetaLabel = (key: string) => `__meta_kubernetes_pod_label_${sanitizeLabelName(key)}`;

const meta = {
  hostIp: '__meta_kubernetes_pod_host_ip',
  podIp: '__meta_kubernetes_pod_ip',
  containerPortNumber: '__meta_kubernetes_pod_container_port_number',
  phase: '__meta_kubernetes_pod_phase',
  containerName: podFieldMetaLabel.container_name,
  promcatOmit: annotationMetaLabel('promcat.sysdig.com/omit'),
  promcatIntegrationType: annotationMetaLabel('promcat.sysdig.com/integration_type'),
  prometheusScrape: annotationMetaLabel('prometheus.io/scrape'),
  prometheusScheme: annotationMetaLabel('prometheus.io/scheme'),
  prometheusPath: annotationMetaLabel('prometheus.io/path'),
};

/** Go's regexp.QuoteMeta: the text as a regex that matches exactly it. */
function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `(a|b|c)`: one capture group matching exactly one of the names. */
function alternation(names: readonly string[]): string {
  return `(${names.map(quoteMeta).join('|')})`;
}

/** The keys of a step in the order every rendered step lists them. */
const stepKeys = ['action', 'source_labels', 'separator', 'regex', 'modulus', 'replacement', 'target_label'] as const;

/** Builds a step with its keys in one fixed order, so every rendered step reads the same way. */
function step(config: RelabelConfig): RelabelConfig {
  const ordered: Record<string, unknown> = {};
  for (const key of stepKeys) if (config[key] !== undefined) ordered[key] = config[key];
  return ordered;
}

const copyLabel = (source: string, target: string) => step({ action: 'replace', source_labels: [source], target_label: target });

/** Sets __metrics_path__ to a fixed value: with no source labels the default regex matches the empty string. */
const fixedMetricsPath = (path: string) => step({ action: 'replace', replacement: path, target_label: '__metrics_path__' });

const schemeFromAnnotation = step({
  action: 'replace',
  source_labels: [meta.prometheusScheme],
  regex: '(https?)',
  target_label: '__scheme__',
});

function podLabelCopies(job: ScrapeJob): RelabelConfig[] {
  return (job.copyPodLabels ?? []).map((key) => copyLabel(podLabelMetaLabel(key), podLabelTarget(key)));
}

/**
 * Pod discovery makes a target per port a container declares (address: pod IP and that port), or one without a
 * port for a container that declares none. Only the job's port, or the portless target, is kept: every pod then
 * yields one target, instead of one per declared port that the address rewrite turns into duplicates. A container
 * that declares ports but not the job's is not scraped.
 */
const declaredPortOnly = (port: number) => step({ action: 'keep', source_labels: [meta.containerPortNumber], regex: `(${port})?` });

/**
 * The target address from the pod IP and the job's port, bracketed when the IP is IPv6 (Calico clusters are often
 * dual-stack), rather than by trimming a port off __address__, whose IPv6 host has colons of its own. On IPv4 the
 * first step gives what trimming gave; on IPv6 it does not match, and the second one does.
 */
const addressSteps = (port: number): RelabelConfig[] => [
  step({ action: 'replace', source_labels: [meta.podIp], regex: '([^:]+)', replacement: `$1:${port}`, target_label: '__address__' }),
  step({ action: 'replace', source_labels: [meta.podIp], regex: '(.*:.*)', replacement: `[$1]:${port}`, target_label: '__address__' }),
];

/**
 * The PromCat default job, step for step: only pods on this agent's node (__HOSTIPS__ is substituted by
 * the agent), not opted out, Running; then a pod whose container matches and that no integration has
 * claimed yet (empty integration_type annotation, hence `(.{0}$)`) is claimed for this one, and only
 * pods claimed for it are kept, so a pod annotated for another integration stays with that one. Two changes: one
 * target per pod (declaredPortOnly) and an address that holds for IPv6 (addressSteps).
 */
function sysdigAgentSteps(job: ScrapeJob): RelabelConfig[] {
  return [
    step({ action: 'keep', source_labels: [meta.hostIp], regex: '__HOSTIPS__' }),
    step({ action: 'drop', source_labels: [meta.promcatOmit], regex: 'true' }),
    step({ action: 'keep', source_labels: [meta.phase], regex: 'Running' }),
    schemeFromAnnotation,
    step({
      action: 'replace',
      source_labels: [meta.containerName, meta.promcatIntegrationType],
      regex: `${alternation(job.containers)};(.{0}$)`,
      replacement: job.integrationType,
      target_label: meta.promcatIntegrationType,
    }),
    step({ action: 'keep', source_labels: [meta.promcatIntegrationType], regex: quoteMeta(job.integrationType) }),
    declaredPortOnly(job.port),
    ...addressSteps(job.port),
    ...(job.path === undefined ? [] : [fixedMetricsPath(job.path)]),
    ...podFields
      .filter((field) => job.copyPodMetadata?.includes(field))
      .map((field) => copyLabel(podFieldMetaLabel[field], `sysdig_k8s_pod_${field}`)),
    ...podLabelCopies(job),
  ];
}

/**
 * Plain Prometheus, following the `prometheus.io/*` annotation convention: `scrape: "false"` opts a pod
 * out, `scheme` and `path` are honoured. `prometheus.io/port` is not: it is one value per pod, while the
 * job scrapes one named container whose port the job declares, so in a pod with several containers the
 * annotation may name another container's port. `withPath` sets the job's path, unless the scrape config sets it.
 */
function plainTargetSteps(job: ScrapeJob, withPath: boolean): RelabelConfig[] {
  return [
    step({ action: 'drop', source_labels: [meta.prometheusScrape], regex: 'false' }),
    step({ action: 'keep', source_labels: [meta.phase], regex: 'Running' }),
    step({ action: 'keep', source_labels: [meta.containerName], regex: alternation(job.containers) }),
    declaredPortOnly(job.port),
    schemeFromAnnotation,
    ...addressSteps(job.port),
    ...(withPath && job.path !== undefined ? [fixedMetricsPath(job.path)] : []),
    step({ action: 'replace', source_labels: [meta.prometheusPath], regex: '(.+)', target_label: '__metrics_path__' }),
  ];
}

/** The pod fields a plain-Prometheus job copies, in the canonical order. */
const plainCopiedFields = (job: ScrapeJob) =>
  podFields.filter((field) => prometheusAlwaysCopied.includes(field) || job.copyPodMetadata?.includes(field));

const fieldCopies = (fields: PodField[]) => fields.map((field) => copyLabel(podFieldMetaLabel[field], conventionalPodLabel[field]));

function prometheusSteps(job: ScrapeJob): RelabelConfig[] {
  return [...plainTargetSteps(job, true), ...fieldCopies(plainCopiedFields(job)), ...podLabelCopies(job)];
}

/**
 * The pod fields prometheus-operator copies onto every PodMonitor target itself, under the same names as
 * plain Prometheus jobs (its generatePodMonitorConfig: namespace, container, pod).
 */
const operatorCopiedFields: PodField[] = ['namespace', 'name', 'container_name'];

/**
 * The `relabelings` of a PodMonitor endpoint that scrapes the job as its plain-Prometheus pipeline does. The
 * operator runs them after its own steps, which filter by the monitor's selectors and set `namespace`,
 * `container`, `pod` and `job` (`<namespace>/<monitor>`): these then filter as the plain job does, address the
 * target (the endpoint's `path` carries the job's path), put the job's own name back in `job`, which alerts select
 * on, and copy what the operator does not. The job label comes first so that a copied pod label named `job`
 * overrides it, as it overrides job_name in the plain job.
 */
export function podMonitorRelabelConfigs(job: ScrapeJob): RelabelConfig[] {
  return [
    step({ action: 'replace', replacement: job.id, target_label: 'job' }),
    ...plainTargetSteps(job, false),
    ...fieldCopies(plainCopiedFields(job).filter((field) => !operatorCopiedFields.includes(field))),
    ...podLabelCopies(job),
  ];
}

/** The target relabel pipeline of a job for pod discovery. */
export function relabelConfigs(job: ScrapeJob, flavour: ScrapeFlavour): RelabelConfig[] {
  return flavour === 'sysdig-agent' ? sysdigAgentSteps(job) : prometheusSteps(job);
}

/** The metric names a job keeps, sorted: its catalog metrics, derived so the two cannot drift; or 'all'. */
export function keptMetrics(job: ScrapeJob, catalog: Metric[]): string[] | 'all' {
  if (job.keepMetrics === 'all') return 'all';
  return catalog
    .filter((metric) => metric.job === job.id)
    .flatMap(storedSeriesNames)
    .sort();
}

/**
 * Series names a catalog metric keeps. A classic histogram has no series under its own name, so its _bucket,
 * _sum and _count are kept; a native histogram is one series under its own name, so that is kept. A summary keeps
 * its quantile series, which carry its name, as Sysdig's default keep-lists do; its _sum and _count are not kept,
 * and lint (metric/dropped) flags a query that needs them.
 */
function storedSeriesNames(metric: Metric): string[] {
  if (histogramKind(metric) !== 'classic') return [metric.name];
  return histogramSeriesSuffixes.map((suffix) => metric.name + suffix);
}

const histogramSeriesSuffixes = ['_bucket', '_count', '_sum'];

/**
 * The catalog metrics a keep-list keeps, sorted: keptMetrics read backwards, for a rendered job where the catalog
 * is not at hand. A histogram's three series are its one metric; every other name is a metric of its own.
 */
export function catalogMetricsKept(kept: readonly string[]): { metric: string; series: string[] }[] {
  const names = new Set(kept);
  const histogramOf = new Map<string, string>();
  for (const name of kept) {
    if (!name.endsWith('_bucket')) continue;
    const base = name.slice(0, -'_bucket'.length);
    const series = histogramSeriesSuffixes.map((suffix) => base + suffix);
    if (series.every((each) => names.has(each))) for (const each of series) histogramOf.set(each, base);
  }
  const metrics = new Map<string, string[]>();
  for (const name of kept) {
    const metric = histogramOf.get(name) ?? name;
    metrics.set(metric, [...(metrics.get(metric) ?? []), name]);
  }
  return [...metrics].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([metric, series]) => ({ metric, series }));
}

/** The metric relabel pipeline: one keep on __name__ for a catalog job, nothing for one that keeps all. */
export function metricRelabelConfigs(job: ScrapeJob, catalog: Metric[]): RelabelConfig[] {
  const kept = keptMetrics(job, catalog);
  if (kept === 'all') return [];
  return [step({ action: 'keep', source_labels: ['__name__'], regex: alternation(kept) })];
}

/** A complete scrape job entry for pod discovery, in the given flavour. */
export function scrapeConfig(job: ScrapeJob, catalog: Metric[], flavour: ScrapeFlavour): ScrapeConfig {
  const metricRelabel = metricRelabelConfigs(job, catalog);
  return {
    job_name: job.id,
    ...(job.scrapeInterval === undefined ? {} : { scrape_interval: job.scrapeInterval }),
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: relabelConfigs(job, flavour),
    ...(metricRelabel.length === 0 ? {} : { metric_relabel_configs: metricRelabel }),
  };
}
