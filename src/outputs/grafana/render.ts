// <id>/dashboards/grafana/<dashboard-id>.json: each dashboard of the integration as Grafana dashboard JSON.
import { integrationFiles } from '../paths.js';
import { grafanaDashboardJson } from './dashboard.js';
import type { Renderer } from '../../core/types.js';

export const renderGrafanaDashboards: Renderer = ({ integration }) =>
  integration.dashboards.map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('grafana', dashboard.id),
    content: grafanaDashboardJson(integration.id, dashboard),
  }));
