// Checks JSON Schema cannot express: ids that must be unique because they name files or job_names, within an
// integration and across the catalog, durations within what Prometheus reads, and the module/folder
// correspondence. (Duplicate alerts and panels within an integration are lint findings.)
import { grafanaUid } from '../core/grafana-uid.js';
import { durationProblem } from '../model/durations.js';
import { unknownName } from '../core/names.js';
import type { Integration } from '../model/index.js';
import { problemRules, type Diagnostic } from '../core/diagnostics.js';

const error = (integration: string, rule: string, item: string, path: string, message: string): Diagnostic => ({
  rule,
  severity: 'error',
  integration,
  item,
  path,
  message,
});

function duplicates<T>(
  integration: string,
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => string,
  what: string,
): Diagnostic[] {
  const firstIndex = new Map<string, number>();
  const problems: Diagnostic[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = firstIndex.get(k);
    if (first === undefined) firstIndex.set(k, index);
    else
      problems.push(
        error(integration, problemRules.duplicateId, k, path(index), `duplicate ${what} ${JSON.stringify(k)} (first at ${path(first)})`),
      );
  });
  return problems;
}

/** The duration fields (the schema's Duration, whose pattern cannot bound the sum) with their item and paths. */
function durationFields(integration: Integration): [item: string, path: string, duration: string | undefined][] {
  const fields: [string, string, string | undefined][] = [];
  for (const [groupId, alerts] of Object.entries(integration.alerts)) {
    (alerts ?? []).forEach((alert, i) => {
      const path = `alerts.${groupId}[${i}]`;
      fields.push([alert.id, `${path}.for`, alert.for], [alert.id, `${path}.keepFiringFor`, alert.keepFiringFor]);
      for (const [j, test] of (alert.tests ?? []).entries()) {
        fields.push([alert.id, `${path}.tests[${j}].interval`, test.interval], [alert.id, `${path}.tests[${j}].evalTime`, test.evalTime]);
      }
    });
  }
  for (const [j, job] of integration.jobs.entries()) fields.push([job.id, `jobs[${j}].scrapeInterval`, job.scrapeInterval]);
  for (const [groupId, options] of Object.entries(integration.ruleGroups ?? {})) {
    fields.push(
      [groupId, `ruleGroups.${groupId}.interval`, options?.interval],
      [groupId, `ruleGroups.${groupId}.queryOffset`, options?.queryOffset],
    );
  }
  return fields;
}

/** The problems of a definition that passed its schema; `folder` is its module's, which names the integration. */
export function structureProblems(integration: Integration, folder: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  if (integration.id !== folder) {
    const message = `must equal the module's folder name ${JSON.stringify(folder)} (got ${JSON.stringify(integration.id)})`;
    problems.push(error(folder, problemRules.folderMismatch, folder, 'id', message));
  }
  problems.push(
    ...duplicates(
      folder,
      integration.metrics,
      (m) => m.name,
      (i) => `metrics[${i}].name`,
      'metric',
    ),
  );
  problems.push(
    ...duplicates(
      folder,
      integration.jobs,
      (j) => j.id,
      (i) => `jobs[${i}].id`,
      'job id',
    ),
  );
  problems.push(
    ...duplicates(
      folder,
      integration.dashboards,
      (d) => d.id,
      (i) => `dashboards[${i}].id`,
      'dashboard id',
    ),
  );
  const groupIds = new Set([...Object.keys(integration.alerts), ...Object.keys(integration.recordingRules ?? {})]);
  for (const groupId of Object.keys(integration.ruleGroups ?? {})) {
    if (groupIds.has(groupId)) continue;
    const message = unknownName('rule group', groupId, [...groupIds]);
    problems.push(error(folder, problemRules.unknownRuleGroup, groupId, `ruleGroups.${groupId}`, message));
  }
  for (const [item, path, duration] of durationFields(integration)) {
    const problem = duration === undefined ? undefined : durationProblem(duration);
    if (problem) problems.push(error(folder, problemRules.durationRange, item, path, problem));
  }
  return problems;
}

/** A name one integration gives something, with where in its definition. */
interface Claim {
  integration: string;
  path: string;
}

/**
 * Names that must be unique across the catalog, not only within one integration, because its outputs are
 * deployed together: one Prometheus scrapes every job (it refuses a configuration that repeats a job_name),
 * evaluates every rule and sends every alert to one Alertmanager; Grafana keeps one dashboard per uid.
 *
 * Alert names are held to this too, although Prometheus accepts an alert name twice: Alertmanager routes,
 * silences and inhibitions, and promtool's unit tests, select alerts by name, so two integrations sharing one
 * would be silenced and routed together, which in a catalog is a copy-paste, not a plan. A recording rule name
 * is the series it writes: two rules writing one series overwrite each other's samples. Rule group names need
 * no check: they are `<integration>.<group>`, and integration ids (folders) are unique and contain no '.'.
 */
export function catalogClashes(integrations: readonly Integration[]): Diagnostic[] {
  // Each name with its path and the item that names it, as lint does: the job, alert or recording rule, the dashboard.
  const kinds: { what: string; why: string; names: (i: Integration) => [name: string, path: string, item: string][] }[] = [
    {
      what: 'job id',
      why: 'it is the job_name of a scrape config, and Prometheus refuses two',
      names: (i) => i.jobs.map((job, index) => [job.id, `jobs[${index}].id`, job.id]),
    },
    {
      what: 'alert name',
      why: 'Alertmanager routes and silences alerts by name',
      names: (i) =>
        Object.entries(i.alerts).flatMap(([group, alerts]) =>
          (alerts ?? []).map((a, index): [string, string, string] => [a.id, `alerts.${group}[${index}].id`, a.id]),
        ),
    },
    {
      what: 'recording rule',
      why: 'both would write the same series',
      names: (i) =>
        Object.entries(i.recordingRules ?? {}).flatMap(([group, rules]) =>
          (rules ?? []).map((r, index): [string, string, string] => [r.record, `recordingRules.${group}[${index}].record`, r.record]),
        ),
    },
    {
      what: 'Grafana dashboard uid',
      why: 'Grafana keeps one dashboard per uid',
      names: (i) => i.dashboards.map((d, index) => [grafanaUid(i.id, d.id), `dashboards[${index}].id`, d.id]),
    },
  ];
  const problems: Diagnostic[] = [];
  for (const { what, why, names } of kinds) {
    const claims = new Map<string, Claim>();
    for (const integration of integrations) {
      for (const [name, path, item] of names(integration)) {
        const first = claims.get(name);
        if (!first) claims.set(name, { integration: integration.id, path });
        // The same name twice in one integration is that integration's own problem (structure or lint).
        else if (first.integration !== integration.id) {
          const message = `${what} ${JSON.stringify(name)} is also ${first.integration}'s (${first.path}): it must be unique across integrations, as ${why}`;
          problems.push(error(integration.id, problemRules.catalogClash, item, path, message));
        }
      }
    }
  }
  return problems;
}
