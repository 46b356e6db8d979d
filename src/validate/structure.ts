// Checks JSON Schema cannot express: ids that must be unique because they name files or job_names, durations
// within what Prometheus reads, and the module/folder correspondence. (Duplicate alerts and panels are lint
// findings.)
import { durationProblem } from '../model/durations.js';
import type { Integration } from '../model/index.js';
import type { SchemaProblem } from './schema.js';

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
