import fc from 'fast-check';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Integration, Metric, ScrapeJob } from '../../src/model/index.js';
import { renderAgentJobs } from '../../src/outputs/agent-jobs/render.js';
import { catalogMetricsKept, keptMetrics, metricRelabelConfigs, relabelConfigs, scrapeConfig } from '../../src/analysis/relabel/engine.js';
import { relabel } from '../../src/analysis/relabel/simulate.js';
import {
  arbitraryPod,
  calicoIntegration,
  declaredPorts,
  discoveredLabels,
  discoveredTargets,
  pod,
  scrapeTargets,
  seedAgentJobs,
  thisNode,
  type SeedJob,
} from './support.js';

let calico: Integration;
let seed: SeedJob[];

beforeAll(async () => {
  calico = await calicoIntegration();
  seed = seedAgentJobs();
});

function calicoJob(id: string): ScrapeJob {
  const job = calico.jobs.find((candidate) => candidate.id === id);
  if (!job) throw new Error(`no job ${id}`);
  return job;
}

function seedJob(name: string): SeedJob {
  const job = seed.find((candidate) => candidate.job_name === name);
  if (!job) throw new Error(`no seed job ${name}`);
  return job;
}

const sysdig = (job: ScrapeJob) => relabelConfigs(job, 'sysdig-agent');

describe('sysdig-agent pipelines against the seed', () => {
  it('declares the same jobs as the seed', () => {
    expect(calico.jobs.map((job) => job.id)).toEqual(seed.map((job) => job.job_name));
  });

  it('relabels every simulated target as the seed does, but for an IPv6 address and the targets of other ports', () => {
    let kept = 0;
    let ipv6 = 0;
    let otherPorts = 0;
    fc.assert(
      fc.property(arbitraryPod, (simulated) => {
        const labels = discoveredLabels(simulated);
        for (const job of calico.jobs) {
          const ours = relabel(labels, sysdig(job));
          const seeds = relabel(labels, seedJob(job.id).relabel_configs);
          if (simulated.containerPort !== undefined && simulated.containerPort !== job.port) {
            // The seed rewrote it into a duplicate of the job port's target; the job no longer makes it.
            expect(ours).toBeUndefined();
            if (seeds) otherPorts += 1;
            continue;
          }
          if (!simulated.podIp.includes(':')) expect(ours).toEqual(seeds);
          // The seed's `([^:]+)(?::\d+)?` does not match an IPv6 address and leaves it as discovered: the bare
          // pod IP for a container without ports, which is no address at all.
          else expect(ours).toEqual(seeds && { ...seeds, __address__: `[${simulated.podIp}]:${job.port}` });
          if (ours) kept += 1;
          if (ours && simulated.podIp.includes(':')) ipv6 += 1;
        }
      }),
      { numRuns: 1500 },
    );
    // The comparison means something only if pods pass the filters too, not just fall at the first one.
    expect(kept).toBeGreaterThan(50);
    expect(ipv6).toBeGreaterThan(10);
    expect(otherPorts).toBeGreaterThan(10);
  });

  it('makes the same scrape targets of every simulated IPv4 pod as the seed, one per pod instead of one per port', () => {
    let merged = 0;
    fc.assert(
      fc.property(arbitraryPod, declaredPorts, (simulated, ports) => {
        const targets = discoveredTargets({ ...simulated, podIp: simulated.podIp.includes(':') ? '10.1.2.3' : simulated.podIp }, ports);
        for (const job of calico.jobs) {
          const ours = targets.map((target) => relabel(target, sysdig(job))).filter((labels) => labels !== undefined);
          const seeds = targets.map((target) => relabel(target, seedJob(job.id).relabel_configs));
          expect(ours.length).toBeLessThanOrEqual(1);
          if (ports.length === 0 || ports.includes(job.port)) expect(scrapeTargets(ours)).toEqual(scrapeTargets(seeds));
          else expect(ours).toEqual([]);
          if (seeds.filter(Boolean).length > 1) merged += 1;
        }
      }),
      { numRuns: 500 },
    );
    // The seed's duplicates did occur, and merged into one target.
    expect(merged).toBeGreaterThan(10);
  });

  it('keeps a Running calico-node pod on this node, on port 9091, with its uid and container name', () => {
    const declared = pod({ address: '10.0.0.5:9091', containerPort: 9091, uid: 'u-42' });
    const result = relabel(discoveredLabels(declared), sysdig(calicoJob('calico-node-default')));
    expect(result).toMatchObject({
      __address__: '10.0.0.5:9091',
      __meta_kubernetes_pod_annotation_promcat_sysdig_com_integration_type: 'calico',
      sysdig_k8s_pod_uid: 'u-42',
      sysdig_k8s_pod_container_name: 'calico-node',
    });
    expect(result).not.toHaveProperty('__scheme__');
  });

  it('keeps a calico-kube-controllers pod on port 9094, adding the port when none was discovered', () => {
    const controllers = pod({ container: 'calico-kube-controllers', podIp: '10.0.0.6', address: '10.0.0.6', uid: 'u-7' });
    const result = relabel(discoveredLabels(controllers), sysdig(calicoJob('calico-controller-default')));
    expect(result).toMatchObject({
      __address__: '10.0.0.6:9094',
      sysdig_k8s_pod_uid: 'u-7',
      sysdig_k8s_pod_container_name: 'calico-kube-controllers',
    });
    // Each job claims only its own container.
    expect(relabel(discoveredLabels(controllers), sysdig(calicoJob('calico-node-default')))).toBeUndefined();
    expect(relabel(discoveredLabels(pod()), sysdig(calicoJob('calico-controller-default')))).toBeUndefined();
  });

  it.each([
    ['on another node', pod({ hostIp: '10.9.9.9' })],
    ['not Running', pod({ phase: 'Pending' })],
    ['opted out', pod({ annotations: { 'promcat.sysdig.com/omit': 'true' } })],
    ['claimed by another integration', pod({ annotations: { 'promcat.sysdig.com/integration_type': 'other' } })],
    ['another container', pod({ container: 'install-cni' })],
  ])('drops a calico-node pod %s', (_, dropped) => {
    for (const job of calico.jobs) expect(relabel(discoveredLabels(dropped), sysdig(job))).toBeUndefined();
  });

  it('honours an explicit claim and the scheme annotation', () => {
    const annotated = pod({ annotations: { 'promcat.sysdig.com/integration_type': 'calico', 'prometheus.io/scheme': 'https' } });
    expect(relabel(discoveredLabels(annotated), sysdig(calicoJob('calico-node-default')))).toMatchObject({
      __scheme__: 'https',
      __address__: '10.0.0.5:9091',
    });
  });
});

describe('keep-list', () => {
  it('is derived from the catalog: the 22 felix metrics, sorted, and the same regex as the seed', () => {
    const felix = calicoJob('calico-node-default');
    const names = calico.metrics.filter((metric) => metric.job === felix.id).map((metric) => metric.name);
    expect(names).toHaveLength(22);
    expect(keptMetrics(felix, calico.metrics)).toEqual([...names].sort());
    expect(metricRelabelConfigs(felix, calico.metrics)).toEqual([
      { action: 'keep', source_labels: ['__name__'], regex: seedJob(felix.id).metric_relabel_configs?.[0]?.regex },
    ]);
  });

  it('keeps exactly the catalog metrics', () => {
    const felix = calicoJob('calico-node-default');
    const pipeline = metricRelabelConfigs(felix, calico.metrics);
    for (const metric of calico.metrics.filter((m) => m.job === felix.id)) {
      expect(relabel({ __name__: metric.name }, pipeline), metric.name).toBeDefined();
    }
    for (const other of [
      'felix_active_local_endpoints',
      'go_goroutines',
      'process_cpu_seconds_total',
      'felix_ipset_errorsx',
      'xfelix_ipset_errors',
      'ipam_blocks',
    ]) {
      expect(relabel({ __name__: other }, pipeline), other).toBeUndefined();
    }
  });

  it('keeps the IPAM catalog for the controller job, where the seed kept everything it exposes', () => {
    const controllers = calicoJob('calico-controller-default');
    // The seed's job had no metric relabeling: the Go runtime and process metrics were kept too.
    expect(seedJob(controllers.id).metric_relabel_configs).toBeUndefined();
    const ipam = [
      'ipam_allocations_borrowed',
      'ipam_allocations_borrowed_per_node',
      'ipam_allocations_gc_candidates',
      'ipam_allocations_gc_reclamations',
      'ipam_allocations_in_use',
      'ipam_allocations_per_node',
      'ipam_blocks',
      'ipam_blocks_per_node',
      'ipam_ippool_size',
    ];
    expect(keptMetrics(controllers, calico.metrics)).toEqual(ipam);
    const pipeline = metricRelabelConfigs(controllers, calico.metrics);
    for (const name of ipam) expect(relabel({ __name__: name }, pipeline), name).toBeDefined();
    for (const name of ['go_goroutines', 'process_resident_memory_bytes', 'promhttp_metric_handler_requests_total', 'felix_ipset_errors']) {
      expect(relabel({ __name__: name }, pipeline), name).toBeUndefined();
    }
  });

  it('keeps every series of a histogram, which has none under its own name', () => {
    const felix = calicoJob('calico-node-default');
    const histogram: Metric = { name: 'felix_x_seconds', type: 'histogram', help: 'h', unit: 'seconds', job: felix.id, buckets: [0.1, 1] };
    const pipeline = metricRelabelConfigs(felix, [histogram]);
    for (const kept of ['felix_x_seconds_bucket', 'felix_x_seconds_sum', 'felix_x_seconds_count'])
      expect(relabel({ __name__: kept }, pipeline), kept).toBeDefined();
    expect(relabel({ __name__: 'felix_x_seconds_created' }, pipeline)).toBeUndefined();
  });

  it('keeps a native histogram under its own name, which has no _bucket series', () => {
    const felix = calicoJob('calico-node-default');
    const native: Metric = { name: 'felix_y_seconds', type: 'histogram', histogram: 'native', help: 'h', unit: 'seconds', job: felix.id };
    expect(keptMetrics(felix, [native])).toEqual(['felix_y_seconds']);
    expect(catalogMetricsKept(['felix_y_seconds'])).toEqual([{ metric: 'felix_y_seconds', series: ['felix_y_seconds'] }]);
  });

  it('reads back as the catalog metrics it was derived from, a histogram once', () => {
    const metric = fc.record({
      name: fc.constantFrom('x', 'x_bucket', 'x_count', 'x_sum', 'y_seconds', 'y', 'z_total'),
      type: fc.constantFrom('counter', 'gauge', 'summary', 'histogram'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(metric, { selector: (m) => m.name, maxLength: 5 }), (drawn) => {
        const catalog: Metric[] = drawn.map(({ name, type }) =>
          type === 'histogram'
            ? { name, type, help: 'h', unit: 'seconds', job: 'j', buckets: [1] }
            : type === 'summary'
              ? { name, type, help: 'h', unit: 'seconds', job: 'j', quantiles: [0.5] }
              : { name, type, help: 'h', unit: 'seconds', job: 'j' },
        );
        const kept = keptMetrics(
          { id: 'j', description: 'j', containers: ['c'], integrationType: 'j', port: 1, keepMetrics: 'catalog' },
          catalog,
        );
        // Ambiguous only where catalog metrics are named like a histogram's series (x_bucket and the like).
        const names = new Set(catalog.map((m) => m.name));
        fc.pre(!catalog.some((m) => m.type === 'histogram' && ['_bucket', '_count', '_sum'].some((suffix) => names.has(m.name + suffix))));
        fc.pre(!catalog.some((m) => m.name.endsWith('_bucket') && m.type !== 'histogram'));
        expect(catalogMetricsKept(kept as string[]).map((read) => read.metric)).toEqual([...names].sort());
      }),
    );
  });

  it('takes only the metrics of its own job', () => {
    const felix = calicoJob('calico-node-default');
    const catalog = [...calico.metrics, { ...calico.metrics[0]!, name: 'ipam_blocks', job: 'calico-controller-default' }];
    expect(keptMetrics(felix, catalog)).not.toContain('ipam_blocks');
  });
});

describe('intent options', () => {
  const base: ScrapeJob = {
    id: 'example',
    description: 'An example job.',
    containers: ['server', 'sidecar.v2'],
    integrationType: 'example',
    port: 8080,
    keepMetrics: 'all',
  };

  it('claims any of several containers, matching names literally', () => {
    const steps = relabelConfigs(base, 'sysdig-agent');
    for (const container of ['server', 'sidecar.v2']) {
      expect(relabel(discoveredLabels(pod({ container })), steps)?.__address__).toBe('10.0.0.5:8080');
    }
    expect(relabel(discoveredLabels(pod({ container: 'sidecarxv2' })), steps)).toBeUndefined();
  });

  it('sets the metrics path and scrape interval only when the job declares them', () => {
    const plain = pod({ container: 'server' });
    expect(relabel(discoveredLabels(plain), relabelConfigs(base, 'sysdig-agent'))).not.toHaveProperty('__metrics_path__');
    expect(scrapeConfig(base, [], 'sysdig-agent')).not.toHaveProperty('scrape_interval');
    const custom = { ...base, path: '/custom/metrics', scrapeInterval: '30s' };
    expect(relabel(discoveredLabels(plain), relabelConfigs(custom, 'sysdig-agent'))?.__metrics_path__).toBe('/custom/metrics');
    expect(scrapeConfig(custom, [], 'sysdig-agent').scrape_interval).toBe('30s');
  });

  it('copies pod metadata and pod labels under sanitized names', () => {
    const job = {
      ...base,
      copyPodMetadata: ['namespace', 'uid'] as ScrapeJob['copyPodMetadata'],
      copyPodLabels: ['app.kubernetes.io/name', '3tier'],
    };
    const labelled = pod({ container: 'server', uid: 'u-1', labels: { 'app.kubernetes.io/name': 'felix', '3tier': 'x' } });
    const result = relabel(discoveredLabels(labelled), relabelConfigs(job, 'sysdig-agent'));
    expect(result).toMatchObject({
      sysdig_k8s_pod_uid: 'u-1',
      sysdig_k8s_pod_namespace: 'calico-system',
      app_kubernetes_io_name: 'felix',
      _3tier: 'x',
    });
  });
});

describe('agent jobs renderer', () => {
  it('writes the agent job list in the seed shape, with the generated pipelines', () => {
    const files = renderAgentJobs({ integration: calico, params: [], sourceModule: 'src/integrations/calico/index.ts', config: {} });
    expect(files.map((file) => file.path)).toEqual(['calico/agent/jobs.yaml']);
    const content = files[0]!.content;
    expect(content).toMatch(/^# Generated by intgen from src\/integrations\/calico\/index\.ts\. DO NOT EDIT/);
    expect(content.endsWith('\n')).toBe(true);
    // Read back as YAML (core schema): values such as regex "true" must stay strings.
    const jobs = parse(content) as SeedJob[];
    expect(jobs).toEqual(calico.jobs.map((job) => scrapeConfig(job, calico.metrics, 'sysdig-agent')));
    expect(jobs.map(({ job_name, kubernetes_sd_configs }) => ({ job_name, kubernetes_sd_configs }))).toEqual(
      seed.map(({ job_name, kubernetes_sd_configs }) => ({ job_name, kubernetes_sd_configs })),
    );
    expect(jobs[1]?.metric_relabel_configs?.map((step) => step.regex)).toEqual([
      expect.stringMatching(/^\(ipam_allocations_borrowed\|.*\|ipam_ippool_size\)$/),
    ]);
    expect(content).toContain(`regex: ${thisNode}`);
  });
});
