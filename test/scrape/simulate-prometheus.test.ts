// The simulator against Prometheus itself: one Prometheus server relabels many statically configured targets,
// each with its own pipeline, and /api/v1/targets shows what it made of each; the simulator must agree.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ScrapeJob } from '../../src/model/index.js';
import { relabelConfigs, type RelabelConfig } from '../../src/analysis/relabel/engine.js';
import { renderPodMonitors } from '../../src/outputs/pod-monitor/render.js';
import { relabel, type LabelSet } from '../../src/analysis/relabel/simulate.js';
import { operatorScrapeConfigs } from './prometheus-operator.js';
import {
  arbitraryPod,
  calicoIntegration,
  discoveredLabels,
  externalTool,
  pod,
  scrapeInput,
  seedAgentJobs,
  targetLabels,
} from './support.js';

const prometheus = '/usr/bin/prometheus';

interface Case {
  labels: LabelSet;
  steps: RelabelConfig[];
}

interface TargetsResponse {
  data: {
    activeTargets: { scrapePool: string; labels: LabelSet }[];
    droppedTargets: unknown[];
  };
}

const jobName = (index: number) => `case-${index}`;
const scrapeInterval = '1h'; // the targets are never actually scraped during the test

/**
 * What relabeling starts from: the target's labels plus the ones Prometheus adds first. (Prometheus 2.42's
 * discoveredLabels cannot stand in for it: relabeling may rewrite that label set in place.)
 */
const relabelInput = (labels: LabelSet, index: number): LabelSet =>
  scrapeInput({ job_name: jobName(index), scrape_interval: scrapeInterval }, labels);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Runs every case through one Prometheus server, one job per case, and reads back each target's labels,
 * or undefined for a dropped one (once every target is accounted for, those without an active one).
 */
async function relabelWithPrometheus(cases: Case[]): Promise<(LabelSet | undefined)[]> {
  const dir = await mkdtemp(join(tmpdir(), 'intgen-relabel-'));
  const jobs = cases.map(({ labels: { __address__, ...labels }, steps }, index) => ({
    job_name: jobName(index),
    scrape_interval: scrapeInterval,
    static_configs: [{ targets: [__address__], labels }],
    relabel_configs: steps,
  }));
  await writeFile(join(dir, 'prometheus.yml'), stringify({ scrape_configs: jobs }));
  const port = await freePort();
  const server = spawn(
    prometheus,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=error',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  try {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      if (server.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/targets`).catch(() => undefined);
      if (!response?.ok) continue;
      const { data } = (await response.json()) as TargetsResponse;
      const active = new Map(data.activeTargets.map((target) => [target.scrapePool, target.labels]));
      if (active.size + data.droppedTargets.length === cases.length) return cases.map((_, index) => active.get(jobName(index)));
    }
    throw new Error(`prometheus did not report every target in time:\n${log}`);
  } finally {
    server.kill();
    await new Promise((resolve) => (server.exitCode === null ? server.once('exit', resolve) : resolve(undefined)));
    await rm(dir, { recursive: true, force: true });
  }
}

// Steps Prometheus accepts at load time that keep __address__ (a target without one is an error, not a
// result); values chosen to hit the edges of matching, template expansion and every action.
const sources = fc.subarray(['a', 'b', '__meta_c', 'missing', 'job'], { minLength: 1 });
const regex = fc.constantFrom('(.*)', '(a)(b)?c', '([a-z]+)-(.*)', '(?P<n>[^;]*);(.*)', 'x|abc', '', '.*', '(?i)ABC', '\\d+', '(A)(.*)');
const arbitraryStep: fc.Arbitrary<RelabelConfig> = fc.oneof(
  fc.record({
    action: fc.constant('replace' as const),
    source_labels: sources,
    separator: fc.constantFrom(';', '/', ''),
    regex,
    target_label: fc.constantFrom('t', '__meta_t', 'x_${1}', '$1', 'instance'),
    replacement: fc.constantFrom('$1', '${1}x', '$1x', '$2$$', '$n', 'lit', '', '$0', '$01', '$-'),
  }),
  fc.record({ action: fc.constantFrom('keep' as const, 'drop' as const), source_labels: sources, regex }),
  fc.record({
    action: fc.constant('hashmod' as const),
    source_labels: sources,
    modulus: fc.constantFrom(1, 7, 1000, 2 ** 40),
    target_label: fc.constant('h'),
  }),
  fc.record({
    action: fc.constantFrom('lowercase' as const, 'uppercase' as const),
    source_labels: sources,
    target_label: fc.constantFrom('t', 'a'),
  }),
  fc.record({
    action: fc.constantFrom('keepequal' as const, 'dropequal' as const),
    source_labels: sources,
    target_label: fc.constantFrom('a', 'b', 't'),
  }),
  fc.record({
    action: fc.constant('labelmap' as const),
    regex: fc.constantFrom('(a|b)', '__meta_(.+)', '(.)'),
    replacement: fc.constantFrom('m_$1', '${1}_copy'),
  }),
  fc.record({ action: fc.constant('labeldrop' as const), regex: fc.constantFrom('a', 'b.*', 't', 'm_.*') }),
  fc.record({ action: fc.constant('labelkeep' as const), regex: fc.constantFrom('(__.*|job|a|t)', '__.*|b') }),
);
const value = fc.constantFrom('x', 'abc', 'ABC', 'a-b-c', 'Bar-ß-İ-Σ', '42', 'a;b', 'ac');
const arbitraryCase: fc.Arbitrary<Case> = fc.record({
  labels: fc.record({ __address__: fc.constant('10.0.0.1:80'), a: value, b: value, __meta_c: value }, { requiredKeys: ['__address__'] }),
  steps: fc.array(arbitraryStep, { minLength: 1, maxLength: 4 }),
});

/** The pipelines this project ships or compares with, on pods that exercise them. */
async function pipelineCases(): Promise<Case[]> {
  const felix: ScrapeJob = {
    id: 'felix',
    description: 'felix',
    containers: ['calico-node'],
    integrationType: 'calico',
    port: 9091,
    keepMetrics: 'all',
  };
  const copying: ScrapeJob = { ...felix, path: '/custom', copyPodMetadata: ['uid', 'name'], copyPodLabels: ['app.kubernetes.io/name'] };
  // What prometheus-operator makes of the job's PodMonitor: its own steps, sharding included, then the monitor's.
  const integration = { ...(await calicoIntegration()), jobs: [copying] as [ScrapeJob] };
  const [podMonitor] = parseAllDocuments(renderPodMonitors({ integration, params: [], sourceModule: 'test', config: {} })[0]!.content).map(
    (document) => document.toJS(),
  );
  const pipelines = [
    ...seedAgentJobs().map((job) => job.relabel_configs),
    relabelConfigs(felix, 'sysdig-agent'),
    relabelConfigs(copying, 'prometheus'),
    ...operatorScrapeConfigs(podMonitor, 'monitoring').map((config) => config.relabel_configs),
  ];
  const pods = [
    pod({ address: '10.0.0.5:8080', labels: { 'app.kubernetes.io/name': 'felix' } }),
    pod({ container: 'calico-kube-controllers', address: '10.0.0.6:8080' }),
    pod({
      podIp: 'fd00::5',
      address: '[fd00::5]:8080',
      annotations: { 'prometheus.io/path': '/annotated', 'prometheus.io/scheme': 'https' },
    }),
    ...fc.sample(arbitraryPod, { numRuns: 4, seed: 7 }),
  ];
  return pipelines.flatMap((steps) => pods.map((simulated) => ({ labels: discoveredLabels(simulated), steps })));
}

describe('simulator against Prometheus', () => {
  it('relabels as the Prometheus server does', { timeout: 90_000 }, async (context) => {
    const tool = externalTool(prometheus);
    if (!tool.available) return context.skip(tool.reason);
    const cases = [...(await pipelineCases()), ...fc.sample(arbitraryCase, { numRuns: 150, seed: 42 })];
    const observed = await relabelWithPrometheus(cases);
    let kept = 0;
    cases.forEach(({ labels, steps }, index) => {
      const simulated = relabel(relabelInput(labels, index), steps);
      expect(simulated && targetLabels(simulated), `${jobName(index)}: ${JSON.stringify({ labels, steps })}`).toEqual(observed[index]);
      if (simulated) kept += 1;
    });
    expect(kept).toBeGreaterThan(20);
  });
});
