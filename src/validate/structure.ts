// Checks JSON Schema cannot express: ids that must be unique because they name files or job_names, within an
// integration and across the catalog, durations within what Prometheus reads, and the module/folder
// correspondence. (Duplicate alerts and panels within an integration are lint findings.)
import { grafanaUid } from '../core/grafana-uid.js';
import { durationProblem } from '../model/durations.js';
import type { Integration } from '../model/index.js';
import type { Problem } from '../core/problems.js';
import type { SchemaProblem } from '../core/diagnostics.js';

function duplicates<T>(items: readonly T[], key: (item: T) => string, path: (index: number) => string, what: string): SchemaProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: SchemaProblem[] = [];
  items.forEach((item, index) => {
    const k = key(item);
    const first = firstIndex.get(k);
    if (first === undefined) firstIndex.set(k, index);
    else problems.push({ path: path(index), message: `duplicate ${what} ${JSON.stringify(k)} (first at ${path(first)})` });
  });
  return problems;
}

/** The duration fields (the schema's Duration, whose pattern cannot bound the sum) with their paths. */
function durationFields(integration: Integration): [path: string, duration: string | undefined][] {
  const fields: [string, string | undefined][] = [];
  for (const [groupId, alerts] of Object.entries(integration.alerts)) {
    (alerts ?? []).forEach((alert, i) => {
      const path = `alerts.${groupId}[${i}]`;
      fields.push([`${path}.for`, alert.for]);
      (alert.tests ?? []).forEach((test, j) => fields.push([`${path}.tests[${j}].interval`, test.interval], [`${path}.tests[${j}].evalTime`, test.evalTime]));
    });
  }
  integration.jobs.forEach((job, j) => fields.push([`jobs[${j}].scrapeInterval`, job.scrapeInterval]));
  return fields;
}

export function structureProblems(integration: Integration, folder: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (integration.id !== folder) {
    problems.push({ path: 'id', message: `must equal the module's folder name ${JSON.stringify(folder)} (got ${JSON.stringify(integration.id)})` });
  }
  problems.push(...duplicates(integration.metrics, (m) => m.name, (i) => `metrics[${i}].name`, 'metric'));
  problems.push(...duplicates(integration.jobs, (j) => j.id, (i) => `jobs[${i}].id`, 'job id'));
  problems.push(...duplicates(integration.dashboards, (d) => d.id, (i) => `dashboards[${i}].id`, 'dashboard id'));
  for (const [path, duration] of durationFields(integration)) {
    const problem = duration === undefined ? undefined : durationProblem(duration);
    if (problem) problems.push({ path, message: problem });
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
export function catalogClashes(integrations: readonly Integration[]): Problem[] {
  const kinds: { what: string; why: string; names: (i: Integration) => [name: string, path: string][] }[] = [
    {
      what: 'job id',
      why: 'it is the job_name of a scrape config, and Prometheus refuses two',
      names: (i) => i.jobs.map((job, index) => [job.id, `jobs[${index}].id`]),
    },
    {
      what: 'alert name',
      why: 'Alertmanager routes and silences alerts by name',
      names: (i) =>
        Object.entries(i.alerts).flatMap(([group, alerts]) => (alerts ?? []).map((a, index): [string, string] => [a.id, `alerts.${group}[${index}].id`])),
    },
    {
      what: 'recording rule',
      why: 'both would write the same series',
      names: (i) =>
        Object.entries(i.recordingRules ?? {}).flatMap(([group, rules]) =>
          (rules ?? []).map((r, index): [string, string] => [r.record, `recordingRules.${group}[${index}].record`]),
        ),
    },
    {
      what: 'Grafana dashboard uid',
      why: 'Grafana keeps one dashboard per uid',
      names: (i) => i.dashboards.map((d, index) => [grafanaUid(i.id, d.id), `dashboards[${index}].id`]),
    },
  ];
  const problems: Problem[] = [];
  for (const { what, why, names } of kinds) {
    const claims = new Map<string, Claim>();
    for (const integration of integrations) {
      for (const [name, path] of names(integration)) {
        const first = claims.get(name);
        if (!first) claims.set(name, { integration: integration.id, path });
        // The same name twice in one integration is that integration's own problem (structure or lint).
        else if (first.integration !== integration.id) {
          problems.push({
            integration: integration.id,
            path,
            message: `${what} ${JSON.stringify(name)} is also ${first.integration}'s (${first.path}): it must be unique across integrations, as ${why}`,
          });
        }
      }
    }
  }
  return problems;
}
