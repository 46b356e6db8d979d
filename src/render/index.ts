// Every output format, one renderer each. Adding a format is adding a file and a line here.
import { renderAgentJobs } from './agent-jobs.js';
import { renderDocsPage } from './docs-page.js';
import { renderGrafanaConfigMap } from './grafana-configmap.js';
import { renderGrafanaDashboards } from './grafana-dashboard.js';
import { renderPrometheusOperatorRule } from './prometheus-operator-rule.js';
import { renderPrometheusRuleTests } from './prometheus-rule-tests.js';
import { renderPrometheusRules } from './prometheus-rules.js';
import { renderPrometheusScrape } from './prometheus-scrape.js';
import { renderSysdigDashboards } from './sysdig-dashboard.js';
import type { Renderer } from './types.js';

export const renderers: Renderer[] = [
  renderPrometheusRules,
  renderPrometheusRuleTests,
  renderPrometheusOperatorRule,
  renderPrometheusScrape,
  renderAgentJobs,
  renderGrafanaDashboards,
  renderSysdigDashboards,
  renderGrafanaConfigMap,
  renderDocsPage,
];

