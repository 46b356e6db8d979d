// <id>/dashboards/sysdig/<dashboard-id>.json: each dashboard of the integration as a Sysdig Monitor dashboard.
import { integrationFiles } from '../catalog/paths.js';
import { sysdigDashboard } from '../dashboards/sysdig.js';
import { toJson } from '../output/json.js';
import type { Renderer } from './types.js';

export const renderSysdigDashboards: Renderer = ({ integration }) =>
  integration.dashboards.map((dashboard) => ({
    path: integrationFiles(integration.id).dashboard('sysdig', dashboard.id),
    content: toJson(sysdigDashboard(dashboard)),
  }));
