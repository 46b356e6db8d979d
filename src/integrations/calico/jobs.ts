import type { ScrapeJob } from '../../model/index.js';

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
 * calico-kube-controllers serves IPAM metrics on 9094. None of them is in this integration's catalog, and
 * Sysdig's default job keeps them all, so this job keeps everything the target exposes.
 */
export const kubeControllersJob: ScrapeJob = {
  id: 'calico-controller-default',
  description: 'calico-kube-controllers metrics (IPAM allocations and blocks), kept whole.',
  containers: ['calico-kube-controllers'],
  integrationType: 'calico-controller',
  port: 9094,
  copyPodMetadata: ['uid', 'container_name'],
  keepMetrics: 'all',
};

export const jobs: [ScrapeJob, ...ScrapeJob[]] = [felixJob, kubeControllersJob];
