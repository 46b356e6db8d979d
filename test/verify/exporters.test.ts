// The e2e test's fake felix and calico-kube-controllers, which model Calico 3.23 and not the integration,
// verified over HTTP against Calico's catalog with the CLI: it matches them, healthy and broken; a catalog
// label that Calico does not expose is caught.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExporters, loopbackAddresses, type ExporterSet } from '../e2e/exporters.js';
import { calicoModule, intgen } from '../helpers/cli.js';

const levels = { latency: { healthySeconds: 0.001, brokenSeconds: 100 }, pool: { healthyShare: 0.4, brokenShare: 0.97 } };

describe('verify against the fake Calico exporters', () => {
  let exporters: ExporterSet;
  const work = path.join(tmpdir(), `intgen-verify-${process.pid}`);
  beforeAll(async () => {
    exporters = await startExporters(loopbackAddresses(), levels);
  });
  afterAll(async () => {
    await exporters?.close();
    await rm(work, { recursive: true, force: true });
  });
  const metricsArgs = () => [
    '--metrics',
    `calico-node-default=http://${exporters.felix.address}/metrics`,
    '--metrics',
    `calico-controller-default=http://${exporters.kubeControllers.address}/metrics`,
  ];

  it('matches both jobs, healthy and broken', async () => {
    for (const mode of ['healthy', 'broken'] as const) {
      exporters.setMode(mode);
      const run = await intgen(['verify', ...metricsArgs(), '--format', 'json']);
      expect(run.stderr, mode).toBe('');
      const report = JSON.parse(run.stdout) as { ok: boolean; findings: unknown[]; jobs: { job: string; uncatalogued: string[] }[] };
      expect(report.findings, mode).toEqual([]);
      expect(report.ok).toBe(true);
      expect(run.code).toBe(0);
      expect(report.jobs.map((j) => j.job)).toEqual(['calico-node-default', 'calico-controller-default']);
    }
  });

  it('catches a label the catalog gives a felix metric that felix does not expose, exit 1', async () => {
    const dir = path.join(work, 'labelled', 'calico');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'index.js'),
      `import calico from ${JSON.stringify(calicoModule)};
export default { params: calico.params, define(p) {
  const i = calico.define(p);
  i.metrics.find((m) => m.name === 'felix_ipset_errors').labels = [{ name: 'type', cardinality: 3 }];
  return i;
} };\n`,
    );
    const run = await intgen(['verify', '--source', path.dirname(dir), ...metricsArgs()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('calico/calico-node-default ← http://');
    expect(run.stdout).toContain('verify/absent-label');
    expect(run.stdout).toContain('the catalog declares label type, which no exposed sample carries');
  });

  it('a bare source needs its job named when there are several; an unknown job is a usage error', async () => {
    const bare = await intgen(['verify', '--metrics', `http://${exporters.felix.address}/metrics`]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('name the job it is an exposition of');
    const unknown = await intgen(['verify', '--metrics', 'calico-nodes=felix.prom']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no job "calico-nodes" (jobs: calico-node-default, calico-controller-default)');
  });
});
