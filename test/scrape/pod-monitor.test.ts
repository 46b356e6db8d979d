// The PodMonitors against scrape.yaml: the scrape configs prometheus-operator would make of them (its own relabel
// steps, then the monitors' relabelings) keep the same targets, with the same labels, and the same series as the
// plain-Prometheus jobs, on simulated pods of any namespace, phase, container, labels and declared ports.
import { PodMonitor, type IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildConfig, Integration, ScrapeJob } from '../../src/model/index.js';
import { renderPodMonitors } from '../../src/outputs/pod-monitor/render.js';
import { renderPrometheusScrape } from '../../src/outputs/scrape-config/render.js';
import { keptMetrics, type ScrapeConfig } from '../../src/analysis/relabel/engine.js';
import { relabel, type LabelSet } from '../../src/analysis/relabel/simulate.js';
import { discovers, operatorScrapeConfigs, type OperatorScrapeConfig } from './prometheus-operator.js';
import {
  arbitraryPod,
  calicoIntegration,
  declaredPorts,
  discoveredTargets,
  pod,
  scrapeInput,
  scrapeTargets,
  targetLabels,
  type Pod,
} from './support.js';

let calico: Integration;

beforeAll(async () => {
  calico = await calicoIntegration();
});

const context = (integration: Integration, config: BuildConfig = {}) => ({
  integration,
  params: [],
  sourceModule: 'src/integrations/calico/index.ts',
  config,
});

function podMonitors(integration: Integration, config: BuildConfig = {}): IPodMonitor[] {
  const files = renderPodMonitors(context(integration, config));
  expect(files.map((file) => file.path)).toEqual([`${integration.id}/prometheus/podmonitors.yaml`]);
  return parseAllDocuments(files[0]!.content).map((document) => document.toJS() as IPodMonitor);
}

const scrapeYaml = (integration: Integration) =>
  (parse(renderPrometheusScrape(context(integration))[0]!.content) as { scrape_configs: ScrapeConfig[] }).scrape_configs;

/** Where kubectl applies a PodMonitor whose metadata names no namespace: the operator's own, in kube-prometheus. */
const appliedIn = 'monitoring';

/** Each job with its plain scrape config and the scrape config the operator makes of its PodMonitor. */
function jobPairs(integration: Integration): { job: ScrapeJob; plain: ScrapeConfig; operator: OperatorScrapeConfig }[] {
  const monitors = podMonitors(integration);
  const plain = scrapeYaml(integration);
  return integration.jobs.map((job, index) => {
    const [operator, ...others] = operatorScrapeConfigs(monitors[index], appliedIn);
    expect(others).toEqual([]);
    return { job, plain: plain[index]!, operator: operator! };
  });
}

/**
 * Every field a job may set, with pod labels copied whose names the operator sets too; and a job that copies no pod
 * metadata, where the operator's own `container` label is the one difference.
 */
const variant = (integration: Integration): Integration => ({
  ...integration,
  jobs: [
    ...integration.jobs,
    {
      id: 'felix-everything',
      description: 'Felix, with every optional field.',
      containers: ['calico-node', 'calico-typha'],
      integrationType: 'calico',
      port: 9091,
      path: '/custom/metrics',
      scrapeInterval: '30s',
      copyPodMetadata: ['uid', 'name', 'namespace', 'container_name', 'node_name'],
      copyPodLabels: ['app.kubernetes.io/name', 'job', 'namespace'],
      keepMetrics: 'all',
    },
    {
      id: 'felix-bare',
      description: 'Felix, copying no pod metadata.',
      containers: ['calico-node'],
      integrationType: 'calico',
      port: 9091,
      keepMetrics: 'catalog',
    },
  ],
});

/** Simulated pods of several namespaces, with pod labels (empty values too) and the ports their containers declare. */
const clusterPod = fc
  .record({
    pod: arbitraryPod,
    ports: declaredPorts,
    namespace: fc.constantFrom('calico-system', 'kube-system', appliedIn),
    labels: fc.dictionary(
      fc.constantFrom('app.kubernetes.io/name', 'job', 'namespace', 'k8s-app'),
      fc.constantFrom('calico-node', '', 'x'),
    ),
  })
  .map(({ pod: simulated, ports, namespace, labels }) => ({ pod: { ...simulated, namespace, labels }, ports }));

/** What pod discovery gives a scrape config of one pod's targets, as Prometheus sets them up before relabeling. */
function inputs(config: { job_name: string; scrape_interval?: string; metrics_path?: string }, simulated: Pod, ports: number[]) {
  return discoveredTargets(simulated, ports).map((target) => scrapeInput(config, target));
}

/** The series a target stores: each exposed name with the target's labels, through the metric relabel steps. */
function storedSeries(
  target: LabelSet,
  names: readonly string[],
  config: { metric_relabel_configs?: ScrapeConfig['metric_relabel_configs'] },
) {
  return names
    .map((name) => relabel({ ...targetLabels(target), __name__: name }, config.metric_relabel_configs ?? []))
    .filter((series) => series !== undefined);
}

describe('PodMonitor renderer', () => {
  it('writes one PodMonitor per job, named after it, selecting every pod of every namespace', () => {
    const monitors = podMonitors(calico);
    expect(monitors.map((monitor) => [monitor.kind, monitor.apiVersion, monitor.metadata?.name])).toEqual(
      calico.jobs.map((job) => ['PodMonitor', 'monitoring.coreos.com/v1', job.id]),
    );
    for (const monitor of monitors) {
      expect(monitor.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'calico', 'app.kubernetes.io/part-of': 'intgen' });
      expect(monitor.spec.selector).toEqual({});
      expect(monitor.spec.namespaceSelector).toEqual({ any: true });
      // No port: the operator would then drop a container that declares none.
      expect(monitor.spec.podMetricsEndpoints?.map((endpoint) => Object.keys(endpoint).filter((key) => /port/i.test(key)))).toEqual([[]]);
    }
    const text = renderPodMonitors(context(calico))[0]!.content;
    expect(text.startsWith('# Generated by intgen from src/integrations/calico/index.ts. DO NOT EDIT')).toBe(true);
    expect(text.match(/^---$/gm)).toHaveLength(calico.jobs.length);
  });

  it("carries the job's path and interval, and the catalog keep-list of scrape.yaml as metricRelabelings", () => {
    for (const { job, plain, operator } of jobPairs(variant(calico))) {
      expect(operator.scrape_interval, job.id).toBe(plain.scrape_interval);
      expect(operator.metrics_path, job.id).toBe(job.path);
      expect(operator.metric_relabel_configs, job.id).toEqual(plain.metric_relabel_configs);
    }
    const felix = podMonitors(calico)[0]!.spec.podMetricsEndpoints![0]!;
    expect(felix.metricRelabelings).toHaveLength(1);
    expect(felix.metricRelabelings![0]).toMatchObject({ action: 'keep', sourceLabels: ['__name__'] });
    expect(felix.metricRelabelings![0]!.regex).toContain('felix_ipset_errors');
    const keepsAll = podMonitors(variant(calico)).find((monitor) => monitor.metadata?.name === 'felix-everything')!;
    expect(keepsAll.spec.podMetricsEndpoints![0]).not.toHaveProperty('metricRelabelings');
  });

  it('takes namespace and extra labels from the build config', () => {
    const config: BuildConfig = { podMonitor: { namespace: 'calico-system', labels: { release: 'kube-prometheus-stack' } } };
    for (const monitor of podMonitors(calico, config)) {
      expect(monitor.metadata).toMatchObject({ namespace: 'calico-system', labels: { release: 'kube-prometheus-stack' } });
    }
  });

  it("passes the operator models' own validation, which rejects a broken resource", () => {
    for (const monitor of podMonitors(variant(calico))) expect(() => new PodMonitor(monitor).validate()).not.toThrow();
    const broken = podMonitors(calico)[0]!;
    (broken.spec.podMetricsEndpoints![0] as { interval?: string }).interval = '30 seconds';
    expect(() => new PodMonitor(broken).validate()).toThrow(/interval must match pattern/);
  });
});

describe('the operator model', () => {
  const monitor = (spec: Record<string, unknown>, namespace?: string) => ({
    metadata: { name: 'm', ...(namespace ? { namespace } : {}) },
    spec: { selector: {}, podMetricsEndpoints: [{}], ...spec },
  });
  const targetsOf = (config: OperatorScrapeConfig, simulated: Pod, ports: number[]) =>
    discovers(config, simulated.namespace)
      ? scrapeTargets(inputs(config, simulated, ports).map((input) => relabel(input, config.relabel_configs)))
      : [];

  it('without relabelings scrapes every declared port of every pod that is not finished, in its own namespace, as job <namespace>/<name>', () => {
    const [config] = operatorScrapeConfigs(monitor({}), appliedIn);
    expect(targetsOf(config!, pod({ namespace: appliedIn, phase: 'Pending' }), [9091, 8080]).map((target) => target.__address__)).toEqual([
      '10.0.0.5:8080',
      '10.0.0.5:9091',
    ]);
    expect(targetsOf(config!, pod({ namespace: appliedIn, phase: 'Succeeded' }), [9091])).toEqual([]);
    expect(targetsOf(config!, pod({ namespace: 'calico-system' }), [9091])).toEqual([]);
    expect(targetsOf(config!, pod({ namespace: appliedIn }), [])).toEqual([
      expect.objectContaining({
        __address__: '10.0.0.5',
        job: 'monitoring/m',
        namespace: appliedIn,
        pod: 'calico-node-abcde',
        container: 'calico-node',
      }),
    ]);
  });

  it('selects pods by label and ports by name, naming the endpoint', () => {
    const [config] = operatorScrapeConfigs(
      monitor(
        {
          selector: { matchLabels: { 'k8s-app': 'calico-node' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['test'] }] },
          namespaceSelector: { matchNames: ['calico-system'] },
          podMetricsEndpoints: [{ port: 'metrics' }],
        },
        'elsewhere',
      ),
      appliedIn,
    );
    const named = (labels: Record<string, string>) => {
      const simulated = pod({ labels });
      return relabel(
        { ...scrapeInput(config!, discoveredTargets(simulated, [9091])[0]!), __meta_kubernetes_pod_container_port_name: 'metrics' },
        config!.relabel_configs,
      );
    };
    expect(named({ 'k8s-app': 'calico-node' })).toMatchObject({ job: 'elsewhere/m', endpoint: 'metrics' });
    expect(named({ 'k8s-app': 'calico-node', tier: 'test' })).toBeUndefined();
    expect(named({ 'k8s-app': 'other' })).toBeUndefined();
    expect(named({})).toBeUndefined();
    expect(
      relabel(scrapeInput(config!, discoveredTargets(pod({ labels: { 'k8s-app': 'calico-node' } }), [9091])[0]!), config!.relabel_configs),
    ).toBeUndefined();
  });

  it('refuses a field it does not model', () => {
    expect(() => operatorScrapeConfigs(monitor({ podMetricsEndpoints: [{ honorLabels: true }] }), appliedIn)).toThrow(/honorLabels/);
    expect(() => operatorScrapeConfigs(monitor({ sampleLimit: 10 }), appliedIn)).toThrow(/sampleLimit/);
  });
});

describe('the PodMonitor pipeline the operator makes, against scrape.yaml', () => {
  it('keeps the same targets, with the same labels, and the same series as scrape.yaml on simulated pods', () => {
    const pairs = jobPairs(variant(calico));
    // What the targets expose: every job's catalog series, and what no catalog keeps.
    const exposed = [
      ...new Set([...pairs.flatMap(({ job }) => keptMetrics({ ...job, keepMetrics: 'catalog' }, calico.metrics)), 'go_goroutines', 'up']),
    ];
    const counts = { targets: 0, kept: 0, dropped: 0, otherNamespace: 0, podLabels: 0 };
    fc.assert(
      fc.property(clusterPod, ({ pod: simulated, ports }) => {
        for (const { job, plain, operator } of pairs) {
          expect(discovers(operator, simulated.namespace)).toBe(true);
          const targets = scrapeTargets(inputs(operator, simulated, ports).map((input) => relabel(input, operator.relabel_configs)));
          // The operator labels every target with its container; a job that does not copy it has that one label more.
          const operatorOnly: LabelSet = job.copyPodMetadata?.includes('container_name') ? {} : { container: simulated.container };
          const expected = scrapeTargets(inputs(plain, simulated, ports).map((input) => relabel(input, plain.relabel_configs)));
          expect(targets, job.id).toEqual(scrapeTargets(expected.map((target) => ({ ...target, ...operatorOnly }))));
          for (const target of targets) {
            const series = storedSeries(target, exposed, operator);
            expect(series, job.id).toEqual(storedSeries(target, exposed, plain));
            counts.kept += series.length;
            counts.dropped += exposed.length - series.length;
          }
          counts.targets += targets.length;
          if (targets.length > 0 && simulated.namespace !== 'calico-system') counts.otherNamespace += 1;
          if (targets.length > 0 && Object.keys(simulated.labels).length > 0) counts.podLabels += 1;
        }
      }),
      { numRuns: 600, seed: 16 },
    );
    // The comparison means something only if pods pass every filter, in every namespace and with labels too, and
    // the keep-lists both keep and drop.
    expect(counts).toEqual({
      targets: expect.toSatisfy((n: number) => n > 100),
      kept: expect.toSatisfy((n: number) => n > 1000),
      dropped: expect.toSatisfy((n: number) => n > 1000),
      otherNamespace: expect.toSatisfy((n: number) => n > 20),
      podLabels: expect.toSatisfy((n: number) => n > 20),
    });
  });
});
