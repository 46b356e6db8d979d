// <id>/prometheus/podmonitors.yaml: the integration's scrape jobs as prometheus-operator PodMonitors, one per job,
// for clusters where the operator (e.g. kube-prometheus-stack) makes the scrape configuration from custom resources.
// Every job discovers pods, so there is no ServiceMonitor: a job names containers, not a Service in front of them.
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { Integration, ScrapeJob } from '../../model/index.js';
import { integrationFiles } from '../paths.js';
import { resourceMetadata, type ResourceOptions } from '../kubernetes.js';
import { toYamlDocuments } from '../../serialize/yaml.js';
import { metricRelabelConfigs, podMonitorRelabelConfigs, type RelabelConfig } from '../../analysis/relabel/engine.js';
import type { Renderer } from '../../core/types.js';

type Endpoint = NonNullable<IPodMonitor['spec']['podMetricsEndpoints']>[number];
type OperatorRelabelConfig = NonNullable<Endpoint['relabelings']>[number];

/** The operator's RelabelConfig spells the fields of a Prometheus relabel_config in camelCase. */
const operatorFieldNames: Record<keyof RelabelConfig, keyof OperatorRelabelConfig> = {
  action: 'action',
  source_labels: 'sourceLabels',
  separator: 'separator',
  regex: 'regex',
  modulus: 'modulus',
  replacement: 'replacement',
  target_label: 'targetLabel',
};

/** A relabel step as the operator's resource spells it, its fields in the step's order. */
function operatorRelabelConfig(config: RelabelConfig): OperatorRelabelConfig {
  return Object.fromEntries(
    Object.entries(config).map(([field, value]) => [operatorFieldNames[field as keyof RelabelConfig], value]),
  ) as OperatorRelabelConfig;
}

/**
 * The PodMonitor that scrapes what the job's plain-Prometheus scrape config scrapes. Its selectors select every pod
 * in every namespace, as that job's pod discovery does: a label selector cannot name containers, so the job's own
 * relabelings pick the pods (podMonitorRelabelConfigs). No `port` or `portNumber` either: the operator would keep
 * only containers that declare the port, and a job also scrapes a container that declares none (felix's metrics
 * port rarely is), at the pod IP and the job's port, which the relabelings set.
 */
function podMonitor(job: ScrapeJob, integration: Integration, options: ResourceOptions): IPodMonitor {
  const metricRelabelings = metricRelabelConfigs(job, integration.metrics).map(operatorRelabelConfig);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    // A Prometheus's podMonitorSelector usually needs a label of its own: the build config adds it.
    metadata: resourceMetadata(job.id, integration.id, options),
    spec: {
      namespaceSelector: { any: true },
      selector: {},
      podMetricsEndpoints: [
        {
          ...(job.scrapeInterval === undefined ? {} : { interval: job.scrapeInterval }),
          ...(job.path === undefined ? {} : { path: job.path }),
          relabelings: podMonitorRelabelConfigs(job).map(operatorRelabelConfig),
          ...(metricRelabelings.length === 0 ? {} : { metricRelabelings }),
        },
      ],
    },
  };
}

export const renderPodMonitors: Renderer = ({ integration, config, sourceModule }) => {
  const options = config.podMonitor ?? {};
  const resources = integration.jobs.map((job) => podMonitor(job, integration, options));
  return [{ path: integrationFiles(integration.id).podMonitors, content: toYamlDocuments(resources, sourceModule) }];
};
