// Checks JSON Schema cannot express: ids that must be unique because they name files or job_names,
// and the module/folder correspondence. (Duplicate alerts and panels are lint findings.)
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

export function structureProblems(integration: Integration, folder: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (integration.id !== folder) {
    problems.push({ path: 'id', message: `must equal the module's folder name ${JSON.stringify(folder)} (got ${JSON.stringify(integration.id)})` });
  }
  problems.push(...duplicates(integration.metrics, (m) => m.name, (i) => `metrics[${i}].name`, 'metric'));
  problems.push(...duplicates(integration.jobs, (j) => j.id, (i) => `jobs[${i}].id`, 'job id'));
  problems.push(...duplicates(integration.dashboards, (d) => d.id, (i) => `dashboards[${i}].id`, 'dashboard id'));
  return problems;
}
