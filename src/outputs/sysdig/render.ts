// <id>/dashboards/sysdig/<dashboard-id>.json: each dashboard of the integration as a Sysdig Monitor dashboard.
import { integrationFiles } from '../paths.js';
import { sysdigDashboard } from './dashboard.js';
import { toJson } from '../../serialize/json.js';
import type { Renderer } from '../../core/types.js';

export const renderSysdigDashboards: Renderer = ({ integration }) =>
  integration.dashboards.map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('sysdig', dashboard.id),
    content: toJson(sysdigDashboard(dashboard, integration.metrics)),
  }));
