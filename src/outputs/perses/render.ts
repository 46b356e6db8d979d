// <id>/dashboards/perses/<dashboard-id>.json and .persesdashboard.yaml: each dashboard of the integration for
// Perses, once as the Dashboard resource of its API (for `percli apply`), once as the perses-operator's
// PersesDashboard custom resource (for kubectl), which carries the same spec under spec.config.
import type { DashboardSpec } from '@perses-dev/core';
import { integrationFiles } from '../paths.js';
import { resourceMetadata } from '../kubernetes.js';
import { persesDashboard, persesDashboardSpec, persesPlacement } from './dashboard.js';
import { toJson } from '../../serialize/json.js';
import { toYaml } from '../../serialize/yaml.js';
import type { Renderer } from '../../core/types.js';

/** The operator's storage version of the resource (its api/v1alpha2); the namespace is the Perses project. */
export interface PersesDashboardResource {
  apiVersion: 'perses.dev/v1alpha2';
  kind: 'PersesDashboard';
  metadata: ReturnType<typeof resourceMetadata>;
  spec: { config: DashboardSpec };
}

export const renderPersesDashboards: Renderer = ({ integration, sourceModule, config }) => {
  const files = integrationFiles(integration.id);
  const options = config.persesDashboards ?? {};
  return integration.dashboards.flatMap((dashboard) => {
    const { name } = persesPlacement(integration.id, dashboard.id, options);
    // Built once for both files: building it is most of the cost of either.
    const spec = persesDashboardSpec(dashboard, integration.metrics);
    const resource: PersesDashboardResource = {
      apiVersion: 'perses.dev/v1alpha2',
      kind: 'PersesDashboard',
      metadata: resourceMetadata(name, integration.id, { namespace: options.project, labels: options.labels }),
      spec: { config: spec },
    };
    return [
      { path: files.dashboard('perses', dashboard.id), content: toJson(persesDashboard(integration.id, dashboard.id, spec, options)) },
      { path: files.dashboard('perses-resource', dashboard.id), content: toYaml(resource, sourceModule) },
    ];
  });
};
