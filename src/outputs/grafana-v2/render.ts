// <id>/dashboards/grafana-v2/<dashboard-id>.json: each dashboard of the integration as Grafana's v2 dashboard
// resource, unless the build config's grafanaFormats leaves v2 out.
import { integrationFiles } from '../paths.js';
import { writesDashboardFormat } from '../dashboards/formats.js';
import { grafanaV2Dashboard } from './dashboard.js';
import { toJson } from '../../serialize/json.js';
import type { Renderer } from '../../core/types.js';

export const renderGrafanaV2Dashboards: Renderer = ({ integration, config }) =>
  (writesDashboardFormat(config, 'grafana-v2') ? integration.dashboards : []).map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('grafana-v2', dashboard.id),
    content: toJson(grafanaV2Dashboard(integration.id, dashboard, integration.metrics)),
  }));
