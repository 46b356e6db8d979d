// The PodMonitors against the CRD as prometheus-operator publishes it (../shared/reference). With CI=true it must be
// there; elsewhere these tests skip without it (test/scrape/pod-monitor.test.ts checks the resources without it).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildConfig, ScrapeJob } from '../../src/model/index.js';
import { renderPodMonitors } from '../../src/outputs/pod-monitor/render.js';
import type { RenderContext } from '../../src/core/types.js';
import { crdValidator, type ResourceValidator } from './kubernetes-crd.js';
import { calicoContext, integrationContexts } from './support.js';

const crdPath = fileURLToPath(
  new URL('../../../shared/reference/prometheus-operator/monitoring.coreos.com_podmonitors.yaml', import.meta.url),
);

const resourcesOf = (ctx: RenderContext) =>
  renderPodMonitors(ctx).flatMap((file) => parseAllDocuments(file.content).map((document) => document.toJS() as Record<string, unknown>));

describe('PodMonitors against the CRD schema of prometheus-operator', () => {
  let validate: ResourceValidator | undefined;
  beforeAll(() => {
    if (existsSync(crdPath)) validate = crdValidator(readFileSync(crdPath, 'utf8'), 'v1');
    else if (process.env.CI === 'true') throw new Error(`CI=true and the PodMonitor CRD is missing: ${crdPath}`);
  });
  const validator = (ctx: { skip: (condition: boolean, note?: string) => void }): ResourceValidator => {
    ctx.skip(validate === undefined, `the PodMonitor CRD is not at ${crdPath}`);
    return validate!;
  };

  it('accepts every integration’s PodMonitors, with and without build options', async (ctx) => {
    const check = validator(ctx);
    const configs: BuildConfig[] = [{}, { podMonitor: { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } } }];
    let checked = 0;
    for (const config of configs) {
      for (const context of await integrationContexts(config)) {
        for (const resource of resourcesOf(context)) {
          expect(check(resource), String((resource.metadata as { name: string }).name)).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(2 * configs.length);
  });

  it('accepts a PodMonitor of every optional job field', async (ctx) => {
    const check = validator(ctx);
    const calico = await calicoContext();
    const [felix] = calico.integration.jobs;
    const job: ScrapeJob = {
      ...felix,
      path: '/custom/metrics',
      scrapeInterval: '1m30s',
      copyPodMetadata: ['uid', 'name', 'namespace', 'container_name', 'node_name'],
      copyPodLabels: ['app.kubernetes.io/name', '3d.example.com/tier'],
      keepMetrics: 'all',
    };
    const [resource] = resourcesOf({ ...calico, integration: { ...calico.integration, jobs: [job] } });
    expect(check(resource)).toEqual([]);
  });

  it('rejects what the API server would: a malformed interval, a misspelt field', async (ctx) => {
    const check = validator(ctx);
    const [resource] = resourcesOf(await calicoContext()) as { spec: { podMetricsEndpoints: Record<string, unknown>[] } }[];
    resource!.spec.podMetricsEndpoints[0]!.interval = '30 seconds';
    resource!.spec.podMetricsEndpoints[0]!.portname = 'metrics';
    const problems = check(resource);
    expect(
      problems.some((problem) => problem.startsWith('/spec/podMetricsEndpoints/0/interval: must match pattern')),
      problems.join('\n'),
    ).toBe(true);
    expect(problems).toContain('/spec/podMetricsEndpoints/0: must NOT have additional properties (portname)');
  });
});
