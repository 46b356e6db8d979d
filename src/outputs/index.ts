// Every output format, one renderer each. Adding a format is adding a file and a line here.
import { renderAgentJobs } from './agent-jobs/render.js';
import { renderDocsPage } from './docs/render.js';
import { renderGrafanaConfigMap } from './grafana/configmap.js';
import { renderGrafanaDashboards } from './grafana/render.js';
import { renderGrafanaV2Dashboards } from './grafana-v2/render.js';
import { renderMimirRules } from './mimir-rules/render.js';
import { renderPersesDashboards } from './perses/render.js';
import { renderPodMonitors } from './pod-monitor/render.js';
import { renderPrometheusOperatorRule } from './prometheus-rule/render.js';
import { renderPrometheusRuleTests } from './rule-tests/render.js';
import { renderPrometheusRules } from './prometheus-rules/render.js';
import { renderPrometheusScrape } from './scrape-config/render.js';
import { renderSysdigDashboards } from './sysdig/render.js';
import type { Renderer } from '../core/types.js';

export const renderers: Renderer[] = [
  renderPrometheusRules,
  renderPrometheusRuleTests,
  renderPrometheusOperatorRule,
  renderMimirRules,
  renderPrometheusScrape,
  renderPodMonitors,
  renderAgentJobs,
  renderGrafanaDashboards,
  renderGrafanaV2Dashboards,
  renderSysdigDashboards,
  renderPersesDashboards,
  renderGrafanaConfigMap,
  renderDocsPage,
];
