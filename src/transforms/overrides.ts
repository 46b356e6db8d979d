// The build config's overrides (`alerts`, `overrides.<id>`): what a team that installs an integration changes
// without forking its module — alerts, groups and dashboards left out, alert labels and annotations added,
// severities remapped, a runbook link per alert, rule group and scrape intervals, job ports. Applied to the
// definition, so every output follows: rules and their unit tests (expected labels and annotations come from
// the rule), PrometheusRule, dashboards and their ConfigMap, scrape jobs, the docs page and the catalog index.
import { durationProblem } from '../model/durations.js';
import type { Alert, AlertOverrides, BuildConfig, Integration, IntegrationOverrides, RuleGroupOptions, ScrapeJob } from '../model/index.js';
import type { RenderContext } from '../core/types.js';
import type { Diagnostic, LocatedProblem } from '../core/diagnostics.js';
import { rateWindowRule } from '../lint/checks/promql.js';
import { lintIntegration, type LintResult } from '../lint/lint.js';
import { alertsOf } from '../core/counts.js';
import { unknownName } from '../core/names.js';

export function applyOverrides(ctx: RenderContext): RenderContext {
  const own = ctx.config.overrides?.[ctx.integration.id];
  if (!own && !ctx.config.alerts) return ctx;
  return { ...ctx, integration: overrideIntegration(ctx.integration, ctx.config.alerts, own ?? {}) };
}

/** The placeholders of a runbook URL template, and what each stands for. */
const runbookPlaceholders = {
  integration: (at: AlertPlace) => at.integration,
  group: (at: AlertPlace) => at.group,
  alert: (at: AlertPlace) => at.alert,
};

interface AlertPlace {
  integration: string;
  group: string;
  alert: string;
}

const runbookUrl = (template: string, at: AlertPlace) =>
  template.replace(/\{\{(integration|group|alert)\}\}/g, (_, name: keyof typeof runbookPlaceholders) => runbookPlaceholders[name](at));

/**
 * What the JSON Schema cannot check in the overrides, before any definition is known: durations Prometheus
 * reads, and runbook templates that give URLs. The CLI reports these with the schema's problems.
 */
export function overrideConfigProblems(config: BuildConfig): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const sample: AlertPlace = { integration: 'integration', group: 'group', alert: 'Alert' };
  const checkRunbook = (overrides: AlertOverrides | undefined, path: string) => {
    if (overrides?.runbookUrl !== undefined && !URL.canParse(runbookUrl(overrides.runbookUrl, sample))) {
      problems.push({ path: `${path}.runbookUrl`, message: 'must be an absolute URL once its placeholders are filled in' });
    }
  };
  const checkDuration = (duration: string | undefined, path: string) => {
    const problem = duration === undefined ? undefined : durationProblem(duration);
    if (problem) problems.push({ path, message: problem });
  };
  checkRunbook(config.alerts, 'alerts');
  for (const [id, own] of Object.entries(config.overrides ?? {})) {
    const path = `overrides.${id}`;
    checkRunbook(own?.alerts, `${path}.alerts`);
    for (const [alert, overrides] of Object.entries(own?.alertsById ?? {})) checkRunbook(overrides, `${path}.alertsById.${alert}`);
    for (const [group, overrides] of Object.entries(own?.groups ?? {}))
      checkDuration(overrides?.interval, `${path}.groups.${group}.interval`);
    for (const [job, overrides] of Object.entries(own?.jobs ?? {}))
      checkDuration(overrides?.scrapeInterval, `${path}.jobs.${job}.scrapeInterval`);
  }
  return problems;
}

/**
 * Every alert, alert group, rule group, dashboard and job id the integration's overrides name that its
 * definition lacks, each naming the ids there are (paths into the build config).
 */
export function overrideNameProblems(integration: Integration, config: BuildConfig): LocatedProblem[] {
  const own = config.overrides?.[integration.id];
  if (!own) return [];
  const path = `overrides.${integration.id}`;
  const alertIds = alertsOf(integration).map((alert) => alert.id);
  const alertGroups = Object.keys(integration.alerts);
  const ruleGroups = [...new Set([...alertGroups, ...Object.keys(integration.recordingRules ?? {})])];
  const checks: [what: string, names: string[], known: string[], at: (index: number, name: string) => string][] = [
    ['alert', own.disable?.alerts ?? [], alertIds, (i) => `${path}.disable.alerts[${i}]`],
    ['alert group', own.disable?.groups ?? [], alertGroups, (i) => `${path}.disable.groups[${i}]`],
    ['dashboard', own.disable?.dashboards ?? [], integration.dashboards.map((d) => d.id), (i) => `${path}.disable.dashboards[${i}]`],
    ['alert', Object.keys(own.alertsById ?? {}), alertIds, (_, name) => `${path}.alertsById.${name}`],
    ['rule group', Object.keys(own.groups ?? {}), ruleGroups, (_, name) => `${path}.groups.${name}`],
    ['job', Object.keys(own.jobs ?? {}), integration.jobs.map((job) => job.id), (_, name) => `${path}.jobs.${name}`],
  ];
  return checks.flatMap(([what, names, known, at]) =>
    names.flatMap((name, index) =>
      known.includes(name) ? [] : [{ path: at(index, name), message: `${integration.id} has ${unknownName(what, name, known)}` }],
    ),
  );
}

/**
 * What lint finds in the overridden definition beyond what it found in the module's own (`own`): a rate window
 * shorter than two intervals of a job whose scrape interval is overridden. No other override changes what a lint
 * rule checks: labels and annotations are static text, and what is disabled is not rendered.
 */
export function overrideLintFindings(ctx: RenderContext, own: LintResult): Diagnostic[] {
  const jobs = Object.values(ctx.config.overrides?.[ctx.integration.id]?.jobs ?? {});
  if (!jobs.some((job) => job?.scrapeInterval !== undefined)) return [];
  const key = (d: Diagnostic) => JSON.stringify([d.rule, d.item, d.path, d.range, d.message]);
  const known = new Set([...own.findings, ...own.excluded.map((e) => e.finding)].map(key));
  return lintIntegration(applyOverrides(ctx).integration, { ruleTarget: ctx.config.ruleTarget, only: [rateWindowRule] }).findings.filter(
    (finding) => !known.has(key(finding)),
  );
}

function overrideIntegration(integration: Integration, everyAlert: AlertOverrides | undefined, own: IntegrationOverrides): Integration {
  const disabledAlerts = new Set(own.disable?.alerts);
  const disabledGroups = new Set(own.disable?.groups);
  const disabledDashboards = new Set(own.disable?.dashboards);
  const alerts: Integration['alerts'] = {};
  for (const [group, groupAlerts] of Object.entries(integration.alerts)) {
    if (disabledGroups.has(group)) continue;
    const kept = (groupAlerts ?? [])
      .filter((alert) => !disabledAlerts.has(alert.id))
      .map((alert) =>
        overrideAlert(alert, { integration: integration.id, group, alert: alert.id }, [everyAlert, own.alerts, own.alertsById?.[alert.id]]),
      );
    const [first, ...rest] = kept;
    if (first) alerts[group] = [first, ...rest];
  }
  const overridden: Integration = {
    ...integration,
    alerts,
    dashboards: integration.dashboards.filter((dashboard) => !disabledDashboards.has(dashboard.id)),
    jobs: mapJobs(integration.jobs, own.jobs ?? {}),
  };
  const ruleGroups = overriddenRuleGroups(integration, alerts, own.groups ?? {});
  if (ruleGroups) overridden.ruleGroups = ruleGroups;
  else delete overridden.ruleGroups;
  return overridden;
}

/** The layers in order, later ones winning: every alert's, the integration's, the alert's own. */
function overrideAlert(alert: Alert, at: AlertPlace, layers: (AlertOverrides | undefined)[]): Alert {
  const merged = (pick: (layer: AlertOverrides) => Record<string, string | undefined> | undefined) =>
    Object.assign({}, ...layers.map((layer) => (layer ? pick(layer) : undefined))) as Record<string, string | undefined>;
  const severities = merged((layer) => layer.severities);
  const labels = { ...alert.labels, ...merged((layer) => layer.labels) };
  const severity = severities[labels.severity ?? alert.severity];
  if (severity !== undefined) labels.severity = severity;
  const annotations = { ...alert.annotations, ...merged((layer) => layer.annotations) };
  const runbook = layers.findLast((layer) => layer?.runbookUrl !== undefined)?.runbookUrl;
  return {
    ...alert,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(runbook === undefined ? {} : { runbook: runbookUrl(runbook, at) }),
  };
}

function mapJobs(jobs: Integration['jobs'], overrides: NonNullable<IntegrationOverrides['jobs']>): Integration['jobs'] {
  const [first, ...rest] = jobs.map((job): ScrapeJob => {
    const own = overrides[job.id];
    return own ? { ...job, ...own } : job;
  });
  return [first!, ...rest];
}

/** The definition's rule group options with the overridden intervals, for the rule groups that remain; none when there are none. */
function overriddenRuleGroups(
  integration: Integration,
  alerts: Integration['alerts'],
  overrides: NonNullable<IntegrationOverrides['groups']>,
): Integration['ruleGroups'] {
  const remaining = new Set([...Object.keys(alerts), ...Object.keys(integration.recordingRules ?? {})]);
  const groups = [...new Set([...Object.keys(integration.ruleGroups ?? {}), ...Object.keys(overrides)])]
    .filter((group) => remaining.has(group))
    .map((group): [string, RuleGroupOptions] => {
      const interval = overrides[group]?.interval;
      return [group, { ...integration.ruleGroups?.[group], ...(interval ? { interval } : {}) }];
    })
    .filter(([, options]) => Object.keys(options).length > 0);
  return groups.length > 0 ? Object.fromEntries(groups) : undefined;
}
