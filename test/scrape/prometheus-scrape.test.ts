import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Integration, ScrapeJob } from '../../src/model/index.js';
import { renderPrometheusScrape } from '../../src/outputs/scrape-config/render.js';
import { relabelConfigs, scrapeConfig } from '../../src/analysis/relabel/engine.js';
import { relabel } from '../../src/analysis/relabel/simulate.js';
import { arbitraryPod, calicoIntegration, discoveredLabels, externalTool, pod } from './support.js';

const promtool = '/usr/bin/promtool';

let calico: Integration;
let felix: ScrapeJob;

beforeAll(async () => {
  calico = await calicoIntegration();
  felix = calico.jobs[0];
});

const render = (integration: Integration) =>
  renderPrometheusScrape({ integration, params: [], sourceModule: 'src/integrations/calico/index.ts', config: {} });

const plain = (job: ScrapeJob) => relabelConfigs(job, 'prometheus');

async function checkConfig(path: string, content: string): Promise<{ ok: boolean; output: string }> {
  await writeFile(path, content);
  try {
    const { stdout, stderr } = await promisify(execFile)(promtool, ['check', 'config', path]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

describe('prometheus scrape renderer', () => {
  it('writes scrape_configs with the plain pipelines and nothing Sysdig-specific', () => {
    const [file, ...others] = render(calico);
    expect(others).toEqual([]);
    expect(file?.path).toBe('calico/prometheus/scrape.yaml');
    expect(parse(file!.content)).toEqual({ scrape_configs: calico.jobs.map((job) => scrapeConfig(job, calico.metrics, 'prometheus')) });
    expect(file!.content).not.toMatch(/__HOSTIPS__|promcat|sysdig_/);
  });

  it('passes promtool check config', async (context) => {
    const tool = externalTool(promtool);
    if (!tool.available) return context.skip(tool.reason);
    // The optional job settings too, so every key the renderer can emit is checked.
    const variant: Integration = {
      ...calico,
      jobs: [
        {
          ...felix,
          path: '/custom/metrics',
          scrapeInterval: '30s',
          copyPodMetadata: ['node_name'],
          copyPodLabels: ['app.kubernetes.io/name'],
        },
      ],
    };
    const dir = await mkdtemp(join(tmpdir(), 'intgen-scrape-'));
    try {
      for (const [name, integration] of [
        ['calico', calico],
        ['variant', variant],
      ] as const) {
        const content = render(integration)[0]!.content;
        const result = await checkConfig(join(dir, `${name}.yaml`), content);
        if (result.ok) continue;
        // Debian's Prometheus is built without Kubernetes discovery, so its promtool rejects the
        // kubernetes_sd_configs key itself; check everything else with the discovery swapped out.
        expect(result.output).toContain('field kubernetes_sd_configs not found');
        const { scrape_configs } = parse(content) as { scrape_configs: Record<string, unknown>[] };
        const withoutDiscovery = scrape_configs.map(({ kubernetes_sd_configs, ...rest }) => {
          expect(kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
          return { ...rest, static_configs: [] };
        });
        const retry = await checkConfig(join(dir, `${name}-static.yaml`), stringify({ scrape_configs: withoutDiscovery }));
        expect(retry.output).toContain('SUCCESS');
        expect(retry.ok).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('plain Prometheus pipeline', () => {
  it('keeps a Running felix container wherever it runs, with conventional pod labels', () => {
    const result = relabel(
      discoveredLabels(pod({ hostIp: '10.9.9.9', address: '10.0.0.5:9091', containerPort: 9091, uid: 'u-1' })),
      plain(felix),
    );
    expect(result).toMatchObject({
      __address__: '10.0.0.5:9091',
      namespace: 'calico-system',
      pod: 'calico-node-abcde',
      pod_uid: 'u-1',
      container: 'calico-node',
    });
    expect(Object.keys(result ?? {}).filter((name) => name.startsWith('sysdig_'))).toEqual([]);
  });

  it('drops a pod annotated prometheus.io/scrape: "false", whatever else it is', () => {
    fc.assert(
      fc.property(arbitraryPod, (simulated) => {
        const optedOut = { ...simulated, annotations: { ...simulated.annotations, 'prometheus.io/scrape': 'false' } };
        for (const job of calico.jobs) expect(relabel(discoveredLabels(optedOut), plain(job))).toBeUndefined();
      }),
    );
    expect(relabel(discoveredLabels(pod({ annotations: { 'prometheus.io/scrape': 'true' } })), plain(felix))).toBeDefined();
  });

  it.each([
    ['not Running', pod({ phase: 'Failed' })],
    ['another container', pod({ container: 'calico-typha' })],
  ])('drops a pod %s', (_, dropped) => {
    expect(relabel(discoveredLabels(dropped), plain(felix))).toBeUndefined();
  });

  it('ignores PromCat annotations', () => {
    const annotated = pod({ annotations: { 'promcat.sysdig.com/omit': 'true', 'promcat.sysdig.com/integration_type': 'other' } });
    expect(relabel(discoveredLabels(annotated), plain(felix))).toBeDefined();
  });

  it('honours the scheme and path annotations, but not a pod-wide port', () => {
    const annotations = { 'prometheus.io/scheme': 'https', 'prometheus.io/path': '/felix/metrics', 'prometheus.io/port': '1234' };
    expect(relabel(discoveredLabels(pod({ annotations })), plain(felix))).toMatchObject({
      __scheme__: 'https',
      __metrics_path__: '/felix/metrics',
      __address__: '10.0.0.5:9091',
    });
  });

  it("lets the path annotation override the job's path", () => {
    const job = { ...felix, path: '/custom' };
    expect(relabel(discoveredLabels(pod()), plain(job))?.__metrics_path__).toBe('/custom');
    const annotated = pod({ annotations: { 'prometheus.io/path': '/annotated' } });
    expect(relabel(discoveredLabels(annotated), plain(job))?.__metrics_path__).toBe('/annotated');
  });

  it('brackets an IPv6 pod IP in the address', () => {
    const v6 = pod({ podIp: 'fd00::5', address: '[fd00::5]:9091', containerPort: 9091 });
    expect(relabel(discoveredLabels(v6), plain(felix))?.__address__).toBe('[fd00::5]:9091');
    expect(relabel(discoveredLabels({ ...v6, address: 'fd00::5', containerPort: undefined }), plain(felix))?.__address__).toBe(
      '[fd00::5]:9091',
    );
  });
});
