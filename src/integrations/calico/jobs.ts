import type { ScrapeJob } from 'intgen';

/** Felix, the per-node agent inside the calico-node DaemonSet, serves its metrics on 9091. */
export const felixJob: ScrapeJob = {
  id: 'calico-node-default',
  description: 'Felix metrics from the calico-node container of every calico-node pod on this node.',
  containers: ['calico-node'],
  integrationType: 'calico',
  port: 9091,
  copyPodMetadata: ['uid', 'container_name'],
  keepMetrics: 'catalog',
};

/**
 * calico-kube-controllers serves its IPAM metrics on 9094. The seed's job kept everything it exposes; this one
 * keeps the catalog, which drops only the Go runtime and process metrics no alert or panel reads.
 */
export const kubeControllersJob: ScrapeJob = {
  id: 'calico-controller-default',
  description: 'calico-kube-controllers IPAM metrics: allocations, blocks and pool sizes per IP pool and node.',
  containers: ['calico-kube-controllers'],
  integrationType: 'calico-controller',
  port: 9094,
  copyPodMetadata: ['uid', 'container_name'],
  keepMetrics: 'catalog',
};

export const jobs: [ScrapeJob, ...ScrapeJob[]] = [felixJob, kubeControllersJob];
