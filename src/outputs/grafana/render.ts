// <id>/dashboards/grafana/<dashboard-id>.json: each dashboard of the integration as Grafana dashboard JSON, unless
// the build config's grafanaFormats leaves the classic model out.
import { integrationFiles } from '../paths.js';
import { grafanaDashboardJson } from './dashboard.js';
import { writesDashboardFormat } from '../dashboards/formats.js';
import type { Renderer } from '../../core/types.js';

export const renderGrafanaDashboards: Renderer = ({ integration, config }) =>
  (writesDashboardFormat(config, 'grafana') ? integration.dashboards : []).map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('grafana', dashboard.id),
    content: grafanaDashboardJson(integration.id, dashboard, integration.metrics),
  }));
