// <id>/dashboards/grafana-dashboards.configmap.yaml: the integration's Grafana dashboards in one Kubernetes
// ConfigMap, for Grafana's dashboard sidecar (k8s-sidecar, deployed by the grafana and kube-prometheus-stack Helm
// charts), which loads every ConfigMap carrying its label into Grafana.
import { grafanaDashboardJson } from './dashboard.js';
import { integrationFiles } from '../paths.js';
import { writesDashboardFormat } from '../dashboards/formats.js';
import { resourceMetadata } from '../kubernetes.js';
import { toYaml } from '../../serialize/yaml.js';
import type { Renderer } from '../../core/types.js';

/** The sidecar's own FOLDER_ANNOTATION default; config.schema.json documents the same. */
const defaultFolderAnnotation = 'k8s-sidecar-target-directory';

/** The API server rejects a ConfigMap whose data exceeds 1 MiB. */
const configMapDataLimit = 1024 * 1024;

/**
 * The sidecar writes every key of every ConfigMap it loads into one folder (per folder annotation), so a key must be
 * unique across integrations: `<integration-id>_<dashboard-id>.json` (ids never contain `_`, so no two pairs meet).
 */
export const configMapKey = (integrationId: string, dashboardId: string) => `${integrationId}_${dashboardId}.json`;

/**
 * One data key per dashboard, holding exactly the bytes of dashboards/grafana/<dashboard-id>.json. Labelled grafana_dashboard: "1" (kube-prometheus-stack's sidecar
 * label) unless the build config says otherwise; the folder annotation is written only when a folder is set.
 */
export const renderGrafanaConfigMap: Renderer = ({ integration, config, sourceModule }) => {
  // It carries the classic model, the one the sidecar's file provisioning reads.
  if (integration.dashboards.length === 0 || !writesDashboardFormat(config, 'grafana')) return [];
  const options = config.grafanaDashboards ?? {};
  const data = Object.fromEntries(
    integration.dashboards.map((dashboard) => [
      configMapKey(integration.id, dashboard.id),
      grafanaDashboardJson(integration.id, dashboard, integration.metrics),
    ]),
  );
  const size = Object.entries(data).reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  if (size > configMapDataLimit) {
    throw new Error(
      `${integration.id}: its Grafana dashboards take ${size} bytes, over the 1 MiB a ConfigMap can hold; ` +
        'split them across integrations or trim them',
    );
  }
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      ...resourceMetadata(`${integration.id}-grafana-dashboards`, integration.id, options, { grafana_dashboard: '1' }),
      ...(options.folder ? { annotations: { [options.folderAnnotation ?? defaultFolderAnnotation]: options.folder } } : {}),
    },
    data,
  };
  return [{ path: integrationFiles(integration.id).grafanaConfigMap, content: toYaml(configMap, sourceModule) }];
};
