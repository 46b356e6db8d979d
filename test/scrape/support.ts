// Shared by the scrape tests: the Calico integration with default parameters, simulated Kubernetes pods as
// Prometheus's pod discovery labels them, and the rule for external binaries (fail in CI, skip elsewhere).
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { Integration } from '../../src/model/index.js';
import type { RelabelConfig } from '../../src/analysis/relabel/engine.js';
import type { LabelSet } from '../../src/analysis/relabel/simulate.js';

export async function calicoIntegration(): Promise<Integration> {
  const module = (await import('../../src/integrations/calico/index.js')).default;
  const defaults = Object.fromEntries(Object.entries(module.params).map(([name, spec]) => [name, spec.default]));
  return module.define(defaults as Parameters<typeof module.define>[0]);
}

export interface SeedJob {
  job_name: string;
  kubernetes_sd_configs: { role: string }[];
  relabel_configs: RelabelConfig[];
  metric_relabel_configs?: RelabelConfig[];
}

/**
 * The seed's agent jobs. Read with the failsafe schema, as Go reads them into string fields: the YAML core
 * schema would turn `regex: true` into a boolean.
 */
export function seedAgentJobs(): SeedJob[] {
  const text = readFileSync(new URL('../fixtures/seed/agent-jobs.yaml', import.meta.url), 'utf8');
  return parse(text, { schema: 'failsafe' }) as SeedJob[];
}

/** A pod (one container of it) as the fields that matter to the pipelines. */
export interface Pod {
  container: string;
  phase: string;
  hostIp: string;
  podIp: string;
  /** As discovered: the pod IP, with the container port when the container declares one. */
  address: string;
  /** The declared container port this target is for; absent for a container that declares none. */
  containerPort?: number;
  uid: string;
  name: string;
  namespace: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

/** The placeholder the Sysdig agent replaces with its node's IPs; a pod "on this node" has it as host IP. */
export const thisNode = '__HOSTIPS__';

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');

/** The labels Prometheus's Kubernetes pod discovery gives the target of one container. */
export function discoveredLabels(pod: Pod): LabelSet {
  const labels: LabelSet = {
    __address__: pod.address,
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_uid: pod.uid,
    __meta_kubernetes_pod_ip: pod.podIp,
    __meta_kubernetes_pod_host_ip: pod.hostIp,
    __meta_kubernetes_pod_phase: pod.phase,
    __meta_kubernetes_pod_container_name: pod.container,
    __meta_kubernetes_pod_node_name: 'node-1',
  };
  if (pod.containerPort !== undefined) {
    labels.__meta_kubernetes_pod_container_port_number = String(pod.containerPort);
    labels.__meta_kubernetes_pod_container_port_protocol = 'TCP';
  }
  for (const [key, value] of Object.entries(pod.annotations)) {
    labels[`__meta_kubernetes_pod_annotation_${sanitize(key)}`] = value;
    labels[`__meta_kubernetes_pod_annotationpresent_${sanitize(key)}`] = 'true';
  }
  for (const [key, value] of Object.entries(pod.labels)) {
    labels[`__meta_kubernetes_pod_label_${sanitize(key)}`] = value;
    labels[`__meta_kubernetes_pod_labelpresent_${sanitize(key)}`] = 'true';
  }
  return labels;
}

/** Go's net.JoinHostPort, as discovery builds a target's address: an IPv6 host in brackets. */
const joinHostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The targets pod discovery makes of one container (Prometheus's discovery/kubernetes/pod.go): one per declared
 * port, addressed pod IP and port, or one addressed by the bare pod IP when it declares none.
 */
export function discoveredTargets(container: Pod, ports: readonly number[]): LabelSet[] {
  const { containerPort: _, ...portless } = container;
  if (ports.length === 0) return [discoveredLabels({ ...portless, address: container.podIp })];
  return ports.map((port) => discoveredLabels({ ...portless, address: joinHostPort(container.podIp, port), containerPort: port }));
}

/** What a scrape config sets before relabeling (Prometheus's scrape pool), for a target's discovered labels. */
export function scrapeInput(
  config: { job_name: string; scrape_interval?: string; metrics_path?: string; scheme?: string },
  discovered: LabelSet,
): LabelSet {
  return {
    job: config.job_name,
    __metrics_path__: config.metrics_path ?? '/metrics',
    __scheme__: config.scheme ?? 'http',
    // The global defaults, which the compared configs share.
    __scrape_interval__: config.scrape_interval ?? '1m',
    __scrape_timeout__: '10s',
    ...discovered,
  };
}

/**
 * The scrape targets relabeled label sets make: the scraper drops the `__meta_` labels and the `__tmp_` ones
 * relabeling works with, and targets left with the same labels are one. Sorted, so two lists compare as sets.
 */
export function scrapeTargets(relabeled: readonly (LabelSet | undefined)[]): LabelSet[] {
  const targets = new Map<string, LabelSet>();
  for (const labels of relabeled) {
    if (!labels) continue;
    const target = Object.fromEntries(Object.entries(labels).filter(([name]) => !/^__(meta|tmp)_/.test(name)));
    targets.set(JSON.stringify(target), target);
  }
  return [...targets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, target]) => target);
}

/** What the scraper does after relabeling: `__` labels go, `instance` defaults to the address. */
export function targetLabels(relabeled: LabelSet): LabelSet {
  const kept = Object.fromEntries(Object.entries(relabeled).filter(([name]) => !name.startsWith('__')));
  return { instance: relabeled.__address__ ?? '', ...kept };
}

/** A Running calico-node pod on this node, no annotations; tests override what they vary. */
export function pod(overrides: Partial<Pod> = {}): Pod {
  return {
    container: 'calico-node',
    phase: 'Running',
    hostIp: thisNode,
    podIp: '10.0.0.5',
    address: '10.0.0.5',
    uid: 'uid-1',
    name: 'calico-node-abcde',
    namespace: 'calico-system',
    annotations: {},
    labels: {},
    ...overrides,
  };
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/**
 * Pods across everything the pipelines branch on, weighted so that a fair share passes every filter:
 * container, phase, node, opt-out, integration claim, scheme, a target of a declared port (the job's or another)
 * or of a container without one, IPv4 or IPv6.
 */
export const arbitraryPod: fc.Arbitrary<Pod> = fc
  .record({
    container: fc.constantFrom(
      'calico-node',
      'calico-node',
      'calico-kube-controllers',
      'calico-kube-controllers',
      'calico-typha',
      'install-cni',
      'nginx',
    ),
    phase: fc.constantFrom('Running', 'Running', 'Running', 'Pending', 'Succeeded', 'Failed'),
    onThisNode: fc.boolean(),
    ip: fc.oneof(fc.ipV4(), fc.constantFrom('fd00::5', '2001:db8::1')),
    // Half the time a container without ports; else the jobs' own ports, a health port, or any.
    port: fc.option(fc.oneof(fc.constantFrom(9091, 9094, 9099), fc.integer({ min: 1, max: 65535 })), { nil: undefined, freq: 2 }),
    uid: fc.uuid(),
    omit: optional(fc.constantFrom('true', 'false', 'TRUE', '')),
    integrationType: optional(fc.constantFrom('', 'calico', 'calico-controller', 'other', 'Calico')),
    scheme: optional(fc.constantFrom('http', 'https', 'HTTPS', 'ftp')),
    scrape: optional(fc.constantFrom('true', 'false', 'False')),
    path: optional(fc.constantFrom('/metrics', '/custom/metrics')),
  })
  .map((p) => {
    const annotations: Record<string, string> = {};
    if (p.omit !== undefined) annotations['promcat.sysdig.com/omit'] = p.omit;
    if (p.integrationType !== undefined) annotations['promcat.sysdig.com/integration_type'] = p.integrationType;
    if (p.scheme !== undefined) annotations['prometheus.io/scheme'] = p.scheme;
    if (p.scrape !== undefined) annotations['prometheus.io/scrape'] = p.scrape;
    if (p.path !== undefined) annotations['prometheus.io/path'] = p.path;
    return pod({
      container: p.container,
      phase: p.phase,
      hostIp: p.onThisNode ? thisNode : '10.9.9.9',
      podIp: p.ip,
      address: p.port === undefined ? p.ip : joinHostPort(p.ip, p.port),
      containerPort: p.port,
      uid: p.uid,
      annotations,
    });
  });

/** The ports a container declares: none, the jobs' own, a health port, an unrelated one. */
export const declaredPorts: fc.Arbitrary<number[]> = fc.uniqueArray(fc.constantFrom(9091, 9094, 9099, 8080), { maxLength: 3 });

/**
 * An external binary a test needs. Missing: in CI the test fails (throws), elsewhere it is skipped with
 * the returned reason.
 */
export function externalTool(path: string): { available: true } | { available: false; reason: string } {
  if (existsSync(path)) return { available: true };
  if (process.env.CI === 'true') throw new Error(`${path} is required in CI but is not installed`);
  return { available: false, reason: `${path} is not installed` };
}
