// End to end on a real Prometheus: the generated rules, agent jobs and Grafana dashboards of Calico, loaded into
// Debian's Prometheus 2.42 that scrapes felix-like exporters through simulated Kubernetes pods. Then the same
// checks against deliberately broken outputs, each of which must fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calico from '../../src/integrations/calico/index.js';
import type { ParamSpec } from '../../src/model/index.js';
import type { RelabelConfig } from '../../src/analysis/relabel/engine.js';
import { externalTool } from '../scrape/support.js';
import type { ExporterLevels, LatencyLevels, PoolLevels } from './exporters.js';
import { prometheusBinary } from './prometheus.js';
import {
  calicoOutputs,
  checks,
  felixJobName,
  startScenario,
  type AgentJob,
  type CheckName,
  type GeneratedOutputs,
  type Scenario,
} from './scenario.js';

const prometheus = externalTool(prometheusBinary);

/** Latencies the exporters report, from the module's alert thresholds: well under the lowest, far over the highest. */
function latencyLevels(): LatencyLevels {
  const thresholds = Object.values(calico.params as Record<string, ParamSpec>).flatMap((spec) =>
    spec.type === 'number' && spec.unit === 'seconds' ? [spec.default] : [],
  );
  if (thresholds.length === 0) throw new Error('the Calico params have no latency threshold in seconds');
  return { healthySeconds: Math.min(...thresholds) / 100, brokenSeconds: Math.max(...thresholds) * 100 };
}

/** How full the small IP pool is, from the module's utilization thresholds: half the warning share, or past the critical one. */
function poolLevels(): PoolLevels {
  const { ipPoolUtilizationWarning: warning, ipPoolUtilizationCritical: critical } = calico.params;
  return { healthyShare: warning.default / 2, brokenShare: (critical.default + 1) / 2 };
}

/**
 * `for` durations short enough for alerts to fire within the test: what the default outputs can only show as
 * pending, these show firing.
 */
const shortFor = { errorFor: '1s', latencyFor: '1s', ipPoolUtilizationFor: '1s', ipamLeakFor: '1s' };

const suite = prometheus.available ? describe : describe.skip;
const title = `Calico on a real Prometheus${prometheus.available ? '' : ` (skipped: ${prometheus.reason})`}`;

// Each wait inside a check is bounded (30s); these bound a whole check or scenario start-up.
const checkTimeoutMs = 60_000;
const scenarioTimeoutMs = 120_000;

suite(title, () => {
  const latency = latencyLevels();
  const levels: ExporterLevels = { latency, pool: poolLevels() };

  describe('with the generated outputs', () => {
    let scenario: Scenario | undefined;
    const started = () => {
      if (!scenario) throw new Error('the scenario did not start');
      return scenario;
    };

    beforeAll(async () => {
      scenario = await startScenario(await calicoOutputs(), levels);
    }, scenarioTimeoutMs);

    afterAll(async () => {
      await scenario?.stop();
    }, checkTimeoutMs);

    it(
      'scrapes exactly the Running calico pods on this node, on the ports the jobs rewrite to',
      () => checks.targets(started()),
      checkTimeoutMs,
    );

    it(
      'stores only catalog metrics for felix and kube-controllers, with the pod labels',
      () => checks.storedSeries(started()),
      checkTimeoutMs,
    );

    it('loads every rule, and every rule evaluates without error', () => checks.ruleHealth(started()), checkTimeoutMs);

    it('raises no alert while felix and the IP pools are healthy', () => checks.quietWhileHealthy(started()), checkTimeoutMs);

    it(
      'raises every alert once felix breaks and an IP pool is nearly exhausted, leaking allocations',
      () => checks.alertsWhenBroken(started()),
      checkTimeoutMs,
    );

    it('returns data for every Grafana panel query', () => checks.dashboardQueries(started()), checkTimeoutMs);

    it('returns data for every Perses panel query', () => checks.persesDashboardQueries(started()), checkTimeoutMs);
  });

  /** Drops the relabel steps that `matches` selects from every job; fails if there was none to drop. */
  const withoutRelabelSteps = (matches: (step: RelabelConfig) => boolean) => async (): Promise<GeneratedOutputs> => {
    const outputs = await calicoOutputs();
    const agentJobs = outputs.agentJobs.map(
      (job): AgentJob => ({
        ...job,
        relabel_configs: job.relabel_configs.filter((step) => !matches(step)),
      }),
    );
    expect(agentJobs, 'the mutation changes the jobs').not.toEqual(outputs.agentJobs);
    return { ...outputs, agentJobs };
  };

  /** Takes one metric out of the felix job's keep regex `(a|b|…)`. */
  const withoutKeptMetric = (metric: string) => async (): Promise<GeneratedOutputs> => {
    const outputs = await calicoOutputs();
    const dropName = (step: RelabelConfig): RelabelConfig => {
      const names = step.regex?.replace(/^\((.*)\)$/, '$1').split('|') ?? [];
      return names.includes(metric) ? { ...step, regex: `(${names.filter((name) => name !== metric).join('|')})` } : step;
    };
    const agentJobs = outputs.agentJobs.map(
      (job): AgentJob =>
        job.job_name === felixJobName ? { ...job, metric_relabel_configs: job.metric_relabel_configs?.map(dropName) } : job,
    );
    expect(agentJobs, 'the mutation changes the jobs').not.toEqual(outputs.agentJobs);
    return { ...outputs, agentJobs };
  };

  const mutations: { name: string; outputs: () => Promise<GeneratedOutputs>; failing: CheckName; message: string }[] = [
    {
      name: 'the address rewrite to the job port is dropped',
      outputs: withoutRelabelSteps((step) => step.target_label === '__address__'),
      failing: 'targets',
      message: 'active targets',
    },
    {
      name: 'the keep on this node’s host IP is dropped',
      outputs: withoutRelabelSteps((step) => step.source_labels?.includes('__meta_kubernetes_pod_host_ip') ?? false),
      failing: 'targets',
      message: 'active targets',
    },
    {
      name: 'a catalog metric is missing from the keep regex',
      outputs: withoutKeptMetric('felix_ipset_calls'),
      failing: 'storedSeries',
      message: `series names stored for ${felixJobName}`,
    },
    {
      name: 'an alert threshold is raised far above the broken latencies',
      outputs: () => calicoOutputs({ params: { calico: { forkExecP99Seconds: latency.brokenSeconds * 1_000 } } }),
      failing: 'alertsWhenBroken',
      message: 'alerts pending or firing once broken',
    },
    {
      name: 'the pool utilization thresholds are raised above the exhausted pool',
      outputs: () =>
        calicoOutputs({
          params: { calico: { ipPoolUtilizationWarning: (levels.pool.brokenShare + 1) / 2, ipPoolUtilizationCritical: 0.999 } },
        }),
      failing: 'alertsWhenBroken',
      message: 'alerts pending or firing once broken',
    },
  ];

  // With `for` durations shorter than the test, quiet means no alert even pending, and broken means firing.
  describe.concurrent('with short `for` durations', () => {
    it(
      'raises no alert while healthy, then fires every alert once broken',
      async () => {
        const scenario = await startScenario(await calicoOutputs({ params: { calico: shortFor } }), levels);
        try {
          await checks.quietWhileHealthy(scenario);
          await checks.alertsFireWhenBroken(scenario);
        } finally {
          await scenario.stop();
        }
      },
      scenarioTimeoutMs,
    );
  });

  // Each mutation runs its own exporters and Prometheus, so they run side by side: most of a scenario is
  // waiting (Prometheus's discovery sends its first targets after 5s).
  describe.concurrent('catches broken outputs', () => {
    it.each(mutations)(
      'fails $failing when $name',
      async ({ outputs, failing, message }) => {
        const scenario = await startScenario(await outputs(), levels);
        try {
          await expect(checks[failing](scenario)).rejects.toThrow(message);
        } finally {
          await scenario.stop();
        }
      },
      scenarioTimeoutMs,
    );
  });
});
