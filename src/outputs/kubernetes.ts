// Metadata shared by every Kubernetes resource intgen writes, so the resources of one integration can be
// selected together (kubectl get -l app.kubernetes.io/name=<id>).
import type { Labels } from '../model/index.js';
import { definedLabels } from './labels.js';

export interface ResourceOptions {
  namespace?: string;
  labels?: Labels;
}

/** name, optional namespace, and labels: the standard ones, then `extra`, then the build config's (which win). */
export function resourceMetadata(name: string, integrationId: string, options: ResourceOptions, extra: Record<string, string> = {}) {
  return {
    name,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    labels: {
      ...extra,
      'app.kubernetes.io/name': integrationId,
      'app.kubernetes.io/part-of': 'intgen',
      ...definedLabels(options.labels),
    },
  };
}
