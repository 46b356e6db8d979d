// <id>/dashboards/grafana/<dashboard-id>.json: each dashboard of the integration as Grafana dashboard JSON.
import { integrationFiles } from '../catalog/paths.js';
import { grafanaDashboard } from '../dashboards/grafana.js';
import { toJson } from '../output/serialize.js';
import type { Renderer } from './types.js';

export const renderGrafanaDashboards: Renderer = ({ integration }) =>
  integration.dashboards.map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('grafana', dashboard.id),
    content: toJson(grafanaDashboard(integration.id, dashboard)),
  }));
