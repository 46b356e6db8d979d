// Names one Prometheus, Alertmanager or Grafana sees from every integration at once must be unique across the
// catalog: each clash is a problem naming both integrations and the name, exit 1, and nothing is written —
// also when one side comes from the build cache.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { grafanaUid } from '../../src/core/grafana-uid.js';
import type { Integration } from '../../src/model/index.js';
import { readTree } from '../../src/write/tree.js';
import { catalogClashes } from '../../src/validate/structure.js';
import { calicoModule, intgen } from '../helpers/cli.js';
import { defineCalico } from '../helpers/calico.js';
import { reportedDiagnostics } from '../helpers/report.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'intgen-uniqueness-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A module defining Calico under another id, changed by `change` (with the definition as `i`). */
const calicoAs = (id: string, change = '') => `import calico from ${JSON.stringify(calicoModule)};
export default { params: calico.params, define(p) { const i = { ...structuredClone(calico.define(p)), id: ${JSON.stringify(id)} }; ${change}; return i; } };
`;

async function module(source: string, folder: string, code: string): Promise<void> {
  await mkdir(path.join(work, source, folder), { recursive: true });
  await writeFile(path.join(work, source, folder, 'index.js'), code);
}

describe('two integrations sharing a name', () => {
  const calico = defineCalico();
  const alerts = Object.entries(calico.alerts).flatMap(([group, list]) =>
    (list ?? []).map((a, index) => ({ path: `alerts.${group}[${index}].id`, id: a.id })),
  );
  // Both record the same series.
  const recording = "i.recordingRules = { derived: [{ record: 'felix:cluster_hosts:max', expr: 'max(felix_cluster_num_hosts)' }] }";

  test('every clash is a problem of the later one naming the earlier, exit 1, and nothing is written', async () => {
    await module('clash', 'calico', calicoAs('calico', recording));
    await module('clash', 'calico-copy', calicoAs('calico-copy', recording));
    const out = path.join(work, 'clash-out');
    const build = await intgen(['build', '--source', path.join(work, 'clash'), '--out', out]);
    expect(build.code).toBe(1);
    const errors = reportedDiagnostics(build.stderr);
    expect(errors).toEqual([
      ...calico.jobs.map(
        (job, index) =>
          `error structure/catalog-clash calico-copy: jobs[${index}].id: job id "${job.id}" is also calico's (jobs[${index}].id): it must be unique across integrations, as it is the job_name of a scrape config, and Prometheus refuses two`,
      ),
      ...alerts.map(
        (a) =>
          `error structure/catalog-clash calico-copy: ${a.path}: alert name "${a.id}" is also calico's (${a.path}): it must be unique across integrations, as Alertmanager routes and silences alerts by name`,
      ),
      `error structure/catalog-clash calico-copy: recordingRules.derived[0].record: recording rule "felix:cluster_hosts:max" is also calico's (recordingRules.derived[0].record): it must be unique across integrations, as both would write the same series`,
    ]);
    expect(build.stderr).toContain(`not written: ${out}/ is unchanged`);
    await expect(readTree(out)).resolves.toEqual(new Map());
  });

  test('a clash with an integration the build cache reuses is found as well', async () => {
    const source = path.join(work, 'cached');
    const out = path.join(work, 'cached-out');
    await module('cached', 'calico', calicoAs('calico'));
    const first = await intgen(['build', '--source', source, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    const before = await readTree(out);

    await module('cached', 'calico-copy', calicoAs('calico-copy', 'i.jobs = i.jobs.slice(0, 1); i.alerts = {}'));
    const second = await intgen(['build', '--source', source, '--out', out]);
    expect(second.code).toBe(1);
    expect(reportedDiagnostics(second.stderr).join('\n')).toContain(
      `error structure/catalog-clash calico-copy: jobs[0].id: job id "${calico.jobs[0]!.id}" is also calico's (jobs[0].id)`,
    );
    expect(await readTree(out)).toEqual(before);
    // Without the clash, calico is indeed reused.
    const check = await intgen(['check', '--source', source, '--out', out, '--only', 'calico']);
    expect(check.stdout).toMatch(/1 of 1 integration\(s\) unchanged since an earlier build/);
  });
});

describe('Grafana dashboard uids', () => {
  test('two long integration ids can share a uid only through its hash, which is checked too', () => {
    // Ids past Grafana's uid length are cut and hashed: ids sharing their start then differ only by the hash,
    // and a birthday search finds two dashboard ids whose hashes agree.
    const [a, b] = [`${'a'.repeat(31)}-one`, `${'a'.repeat(31)}-two`];
    const byUid = [new Map<string, string>(), new Map<string, string>()] as const;
    let pair: [string, string] | undefined;
    for (let n = 0; !pair; n++) {
      const dashboard = `d${n}`;
      const [uidA, uidB] = [grafanaUid(a, dashboard), grafanaUid(b, dashboard)];
      byUid[0].set(uidA, dashboard);
      byUid[1].set(uidB, dashboard);
      if (byUid[1].has(uidA)) pair = [dashboard, byUid[1].get(uidA)!];
      else if (byUid[0].has(uidB)) pair = [byUid[0].get(uidB)!, dashboard];
    }
    expect(grafanaUid(a, pair[0])).toBe(grafanaUid(b, pair[1]));
    const withDashboard = (id: string, dashboard: string) => {
      const integration = { ...defineCalico(), id };
      integration.dashboards = [{ ...integration.dashboards[0]!, id: dashboard }];
      integration.jobs = integration.jobs.map((job) => ({ ...job, id: `${id.slice(-3)}-${job.id}` })) as Integration['jobs'];
      integration.alerts = {};
      return integration;
    };
    expect(catalogClashes([withDashboard(a, pair[0]), withDashboard(b, pair[1])])).toEqual([
      {
        rule: 'structure/catalog-clash',
        severity: 'error',
        integration: b,
        item: pair[1],
        path: 'dashboards[0].id',
        message: `Grafana dashboard uid "${grafanaUid(a, pair[0])}" is also ${a}'s (dashboards[0].id): it must be unique across integrations, as Grafana keeps one dashboard per uid`,
      },
    ]);
  });
});

test('integrations may share group, dashboard and metric names: rule groups and uids are prefixed with the integration id', () => {
  const calico = defineCalico();
  const copy = { ...defineCalico(), id: 'calico-copy' };
  copy.jobs = copy.jobs.map((job) => ({ ...job, id: `copy-${job.id}` })) as Integration['jobs'];
  copy.alerts = Object.fromEntries(
    Object.entries(copy.alerts).map(([group, list]) => [group, (list ?? []).map((a) => ({ ...a, id: `Copy${a.id}` }))]),
  ) as Integration['alerts'];
  expect(catalogClashes([calico, copy])).toEqual([]);
});
