// What prometheus-operator makes of a PodMonitor: the scrape config its config generator writes for each endpoint
// (generatePodMonitorConfig in pkg/prometheus/promcfg.go, operator 0.93, the release of the CRDs under
// ../shared/reference), restated from the source for a Prometheus with the defaults: one shard, no scrape classes,
// no enforced namespace label, namespace selectors honoured, the relabel selector mechanism. A field it does not
// model is an error, so a PodMonitor the renderer starts to write differently cannot be judged by half a model.
import type { RelabelConfig } from '../../src/analysis/relabel/engine.js';

/** A relabel step as the CRD spells it. */
interface OperatorRelabelConfig {
  action?: string;
  sourceLabels?: string[];
  separator?: string;
  regex?: string;
  modulus?: number;
  replacement?: string;
  targetLabel?: string;
}

interface PodMetricsEndpoint {
  port?: string;
  portNumber?: number;
  targetPort?: number | string;
  path?: string;
  scheme?: string;
  interval?: string;
  scrapeTimeout?: string;
  filterRunning?: boolean;
  relabelings?: OperatorRelabelConfig[];
  metricRelabelings?: OperatorRelabelConfig[];
}

interface PodMonitor {
  metadata: { name: string; namespace?: string };
  spec: {
    selector: {
      matchLabels?: Record<string, string>;
      matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
    };
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    jobLabel?: string;
    podTargetLabels?: string[];
    podMetricsEndpoints: PodMetricsEndpoint[];
  };
}

/** One scrape config the operator writes, with pod discovery's namespaces beside it (undefined: every one). */
export interface OperatorScrapeConfig {
  job_name: string;
  namespaces: string[] | undefined;
  scrape_interval?: string;
  scrape_timeout?: string;
  metrics_path?: string;
  scheme?: string;
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
}

const modelled = {
  spec: ['selector', 'namespaceSelector', 'jobLabel', 'podTargetLabels', 'podMetricsEndpoints'],
  selector: ['matchLabels', 'matchExpressions'],
  namespaceSelector: ['any', 'matchNames'],
  endpoint: [
    'port',
    'portNumber',
    'targetPort',
    'path',
    'scheme',
    'interval',
    'scrapeTimeout',
    'filterRunning',
    'relabelings',
    'metricRelabelings',
  ],
};

function requireModelled(what: keyof typeof modelled, value: object | undefined): void {
  const unknown = Object.keys(value ?? {}).filter((key) => !modelled[what].includes(key));
  if (unknown.length > 0) throw new Error(`the operator model does not know ${what} field(s) ${unknown.join(', ')}`);
}

/** Prometheus's strutil.SanitizeLabelName, which the operator applies to pod label keys. */
const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** generateRelabelConfig: camelCase to the config's names, empty fields left out, the action lowercased. */
function relabelConfig(config: OperatorRelabelConfig): RelabelConfig {
  return {
    ...(config.sourceLabels?.length ? { source_labels: config.sourceLabels } : {}),
    ...(config.separator === undefined ? {} : { separator: config.separator }),
    ...(config.targetLabel ? { target_label: config.targetLabel } : {}),
    ...(config.regex ? { regex: config.regex } : {}),
    ...(config.modulus ? { modulus: config.modulus } : {}),
    ...(config.replacement === undefined ? {} : { replacement: config.replacement }),
    ...(config.action ? { action: config.action.toLowerCase() as RelabelConfig['action'] } : {}),
  };
}

function selectorSteps(selector: PodMonitor['spec']['selector']): RelabelConfig[] {
  const label = (key: string) => `__meta_kubernetes_pod_label_${sanitize(key)}`;
  const present = (key: string) => `__meta_kubernetes_pod_labelpresent_${sanitize(key)}`;
  const steps: RelabelConfig[] = Object.keys(selector.matchLabels ?? {})
    .sort()
    .map((key) => ({ action: 'keep', source_labels: [label(key), present(key)], regex: `(${selector.matchLabels![key]});true` }));
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const matches = { source_labels: [label(key), present(key)], regex: `(${values.join('|')});true` };
    const exists = { source_labels: [present(key)], regex: 'true' };
    if (operator === 'In') steps.push({ action: 'keep', ...matches });
    else if (operator === 'NotIn') steps.push({ action: 'drop', ...matches });
    else if (operator === 'Exists') steps.push({ action: 'keep', ...exists });
    else steps.push({ action: 'drop', ...exists });
  }
  return steps;
}

function portFilter(endpoint: PodMetricsEndpoint): RelabelConfig[] {
  const byName = (name: string): RelabelConfig => ({
    action: 'keep',
    source_labels: ['__meta_kubernetes_pod_container_port_name'],
    regex: name,
  });
  const byNumber = (port: number): RelabelConfig => ({
    action: 'keep',
    source_labels: ['__meta_kubernetes_pod_container_port_number'],
    regex: String(port),
  });
  if (endpoint.port) return [byName(endpoint.port)];
  if (endpoint.portNumber) return [byNumber(endpoint.portNumber)];
  if (typeof endpoint.targetPort === 'string' && endpoint.targetPort !== '') return [byName(endpoint.targetPort)];
  if (typeof endpoint.targetPort === 'number' && endpoint.targetPort !== 0) return [byNumber(endpoint.targetPort)];
  return [];
}

/** The endpoint label: the port's name, or the deprecated targetPort as written; none for a portNumber. */
function endpointLabel(endpoint: PodMetricsEndpoint): RelabelConfig[] {
  const value = endpoint.port || (endpoint.targetPort === undefined ? '' : String(endpoint.targetPort));
  return value === '' ? [] : [{ target_label: 'endpoint', replacement: value }];
}

/**
 * Sharding over one shard: the config reloader substitutes the shard's number for $(SHARD), 0; every target's
 * hash modulo 1 is 0, so all are kept (the steps are there all the same).
 */
const singleShard: RelabelConfig[] = [
  { source_labels: ['__address__', '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
  { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: 1, action: 'hashmod' },
  { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: '0;|.+;.+', action: 'keep' },
];

/**
 * The scrape configs of a PodMonitor, one per endpoint. `namespace` is where it was applied when its metadata names
 * none (kubectl's current namespace).
 */
export function operatorScrapeConfigs(resource: unknown, namespace: string): OperatorScrapeConfig[] {
  const monitor = resource as PodMonitor;
  requireModelled('spec', monitor.spec);
  requireModelled('selector', monitor.spec.selector);
  requireModelled('namespaceSelector', monitor.spec.namespaceSelector);
  const ns = monitor.metadata.namespace ?? namespace;
  const { name } = monitor.metadata;
  const namespaceSelector = monitor.spec.namespaceSelector ?? {};
  const namespaces = namespaceSelector.any ? undefined : namespaceSelector.matchNames?.length ? namespaceSelector.matchNames : [ns];
  return monitor.spec.podMetricsEndpoints.map((endpoint, index) => {
    requireModelled('endpoint', endpoint);
    const relabelings: RelabelConfig[] = [
      { source_labels: ['job'], target_label: '__tmp_prometheus_job_name' },
      ...(endpoint.filterRunning === false
        ? []
        : [{ action: 'drop' as const, source_labels: ['__meta_kubernetes_pod_phase'], regex: '(Failed|Succeeded)' }]),
      ...selectorSteps(monitor.spec.selector),
      ...portFilter(endpoint),
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      ...(monitor.spec.podTargetLabels ?? []).map((key) => ({
        source_labels: [`__meta_kubernetes_pod_label_${sanitize(key)}`],
        target_label: sanitize(key),
        regex: '(.+)',
        replacement: '${1}',
      })),
      { target_label: 'job', replacement: `${ns}/${name}` },
      ...(monitor.spec.jobLabel
        ? [
            {
              source_labels: [`__meta_kubernetes_pod_label_${sanitize(monitor.spec.jobLabel)}`],
              target_label: 'job',
              regex: '(.+)',
              replacement: '${1}',
            },
          ]
        : []),
      ...endpointLabel(endpoint),
      ...(endpoint.relabelings ?? []).map(relabelConfig),
      ...singleShard,
    ];
    return {
      job_name: `podMonitor/${ns}/${name}/${index}`,
      namespaces,
      ...(endpoint.interval ? { scrape_interval: endpoint.interval } : {}),
      ...(endpoint.scrapeTimeout ? { scrape_timeout: endpoint.scrapeTimeout } : {}),
      ...(endpoint.path ? { metrics_path: endpoint.path } : {}),
      ...(endpoint.scheme ? { scheme: endpoint.scheme } : {}),
      relabel_configs: relabelings,
      ...(endpoint.metricRelabelings?.length ? { metric_relabel_configs: endpoint.metricRelabelings.map(relabelConfig) } : {}),
    };
  });
}

/** Whether the config's pod discovery sees a pod of `namespace` at all. */
export const discovers = (config: OperatorScrapeConfig, namespace: string) =>
  config.namespaces === undefined || config.namespaces.includes(namespace);
