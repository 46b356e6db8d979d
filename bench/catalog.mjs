// A synthetic catalog for the benchmark: N integrations shaped like Calico (25 metrics of every type, 12 alerts
// with a firing and a quiet promtool case each, a 20-panel dashboard in signal rows, a catalog job and a keep-all
// job, docs sections), each with its own names (synth0042_… metrics, id synth-0042). Every definition is built
// here as data and written as JSON inside a small ES module that default-exports defineIntegration(…).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { durationSeconds, humanizeDuration, secondsDuration } from '../dist/model/index.js';

/** Largest catalog the benchmark builds: ~10 files and ~100 kB of output per integration. */
export const maxIntegrations = 5000;

/** The values the synthetic definitions are built for; the module exposes them as its parameters. */
const errorWindow = '5m';
const errorFor = '10m';
const latencyFor = '5m';
const saturationFor = '5m';

/** Seconds between test samples, and between promtool's rule evaluations. */
const sampleInterval = 60;

const errorOps = ['sync', 'flush', 'compact', 'replicate', 'resolve', 'dispatch'];
const callOps = ['requests', 'reads', 'writes', 'lookups'];
/** [name, unit, job role]: the last two belong to the keep-all sidecar job. */
const gauges = [
  ['queue_depth', 'count', 'app'],
  ['open_connections', 'count', 'app'],
  ['cache_entries', 'count', 'app'],
  ['worker_threads', 'count', 'app'],
  ['cluster_members', 'count', 'sidecar'],
  ['configured_tenants', 'count', 'sidecar'],
];
/** [name, unit, p99 threshold in seconds]; the first four have latency alerts. */
const summaries = [
  ['sync_duration_seconds', 'seconds', 0.5],
  ['flush_duration_seconds', 'seconds', 1],
  ['compact_duration_seconds', 'seconds', 2],
  ['exec_time_micros', 'microseconds', 0.25],
  ['batch_size', 'count'],
  ['pending_batch_size', 'count'],
  ['retry_batch_size', 'count'],
];
const histograms = [
  ['request_duration_seconds', 'seconds', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]],
  ['response_size_bytes', 'bytes', [100, 1000, 10000, 100000, 1000000]],
];
const unitsPerSecond = { seconds: 1, microseconds: 1e6 };

const title = (words) =>
  words
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
const camel = (words) => title(words).replaceAll(' ', '');

export function syntheticIntegration(index) {
  const tag = String(index).padStart(4, '0');
  const id = `synth-${tag}`;
  const metric = (name) => `synth${tag}_${name}`;
  const appJob = {
    id: `${id}-app`,
    description: `Metrics of the synthetic application ${tag}, kept to the catalog.`,
    containers: [`${id}-app`],
    integrationType: id,
    port: 9100,
    copyPodMetadata: ['uid', 'container_name'],
    keepMetrics: 'catalog',
  };
  const sidecarJob = {
    id: `${id}-sidecar`,
    description: `Metrics of the synthetic sidecar ${tag}, kept whole.`,
    containers: [`${id}-sidecar`],
    integrationType: `${id}-sidecar`,
    port: 9101,
    copyPodMetadata: ['uid'],
    keepMetrics: 'all',
  };
  const instance = `10.0.0.1:${appJob.port}`;
  const sampleLabels = { instance, job: appJob.id };
  const selector = (name, extra = {}) =>
    `${name}{${Object.entries({ ...sampleLabels, ...extra })
      .map(([k, v]) => `${k}="${v}"`)
      .join(', ')}}`;

  const jobOf = (role) => (role === 'sidecar' ? sidecarJob.id : appJob.id);
  const metrics = [
    ...errorOps.map((op) => ({
      name: metric(`${op}_errors_total`),
      type: 'counter',
      help: `Failed ${op} operations.`,
      unit: 'count',
      job: appJob.id,
    })),
    ...callOps.map((op, i) => ({
      name: metric(`${op}_total`),
      type: 'counter',
      help: `${title(op)} served.`,
      unit: 'count',
      job: appJob.id,
      ...(i === callOps.length - 1 ? { labels: [{ name: 'method', description: 'Lookup method.', cardinality: 4 }] } : {}),
    })),
    ...gauges.map(([name, unit, role]) => ({
      name: metric(name),
      type: 'gauge',
      help: `Current ${name.replaceAll('_', ' ')}.`,
      unit,
      job: jobOf(role),
    })),
    ...summaries.map(([name, unit]) => ({
      name: metric(name),
      type: 'summary',
      help: `Summary of ${name.replaceAll('_', ' ')}.`,
      unit,
      job: appJob.id,
      quantiles: [0.5, 0.9, 0.99],
    })),
    // On the keep-all job: a catalog job's keep-list names the metric itself, which drops a histogram's _bucket series.
    ...histograms.map(([name, unit, buckets]) => ({
      name: metric(name),
      type: 'histogram',
      help: `Histogram of ${name.replaceAll('_', ' ')}.`,
      unit,
      job: sidecarJob.id,
      buckets,
    })),
  ];

  // Alerts: an annotation is a function of facts, given Go templates for the rule and concrete values for a test.
  const templates = (value) => ({ instance: '{{ $labels.instance }}', value });
  const alertOf = ({ alertId, alertTitle, expr, forDuration, severity, summary, description, tests }) => ({
    id: alertId,
    title: alertTitle,
    expr,
    for: forDuration,
    severity,
    summary: summary(templates(tests.template)),
    description: description(templates(tests.template)),
    tests: tests.cases.map((c) => ({
      name: c.name,
      interval: secondsDuration(sampleInterval),
      evalTime: c.evalTime,
      series: c.series,
      alerts: c.firing ? [{ labels: { ...sampleLabels, ...c.labels }, summary: summary(c.facts), description: description(c.facts) }] : [],
    })),
  });

  const errorEval = durationSeconds(errorWindow) + durationSeconds(errorFor) + sampleInterval;
  const errorSamples = errorEval / sampleInterval;
  const errorAlerts = errorOps.map((op, i) =>
    alertOf({
      alertId: `Synth${tag}${camel(op)}Failing`,
      alertTitle: `[Synth ${tag}] ${title(op)} Operations Are Failing`,
      expr: `increase(${metric(`${op}_errors_total`)}[${errorWindow}]) > 0`,
      forDuration: errorFor,
      severity: i === 0 ? 'critical' : 'warning',
      summary: (f) => `${title(op)} operations keep failing on ${f.instance}`,
      description: (f) =>
        `${f.value} ${op} operations failed on ${f.instance} in the last ${errorWindow} (synthetic ${tag}).\nCheck the ${op} logs.`,
      tests: {
        template: '{{ $value | humanize }}',
        cases: [
          // One error a minute: every 5m window holds five new errors.
          {
            name: 'fires while errors keep occurring',
            evalTime: secondsDuration(errorEval),
            series: [{ series: selector(metric(`${op}_errors_total`)), values: `0+1x${errorSamples}` }],
            firing: true,
            facts: { instance, value: '5' },
          },
          {
            name: 'stays quiet after a single transient error',
            evalTime: secondsDuration(errorEval),
            series: [{ series: selector(metric(`${op}_errors_total`)), values: `0 1x${errorSamples}` }],
          },
        ],
      },
    }),
  );

  const latencyEval = durationSeconds(latencyFor) + sampleInterval;
  const latencySamples = latencyEval / sampleInterval;
  const latencyAlerts = summaries
    .filter(([, , threshold]) => threshold !== undefined)
    .map(([name, unit, threshold]) => {
      const scale = unitsPerSecond[unit];
      const p99 = `${metric(name)}{quantile="0.99"}`;
      const quantileSeries = (multiples) =>
        Object.entries(multiples).map(([q, m]) => ({
          series: selector(metric(name), { quantile: q }),
          values: `${m * threshold * scale}x${latencySamples}`,
        }));
      return alertOf({
        alertId: `Synth${tag}${camel(name)}High`,
        alertTitle: `[Synth ${tag}] High ${title(name)}`,
        expr: `${scale === 1 ? p99 : `${p99} / ${scale}`} > ${threshold}`,
        forDuration: latencyFor,
        severity: 'warning',
        summary: (f) => `${title(name)} is high on ${f.instance}`,
        description: (f) =>
          `p99 ${name.replaceAll('_', ' ')} is ${f.value} on ${f.instance}, above ${humanizeDuration(threshold)} (synthetic ${tag}).`,
        tests: {
          template: '{{ $value | humanizeDuration }}',
          cases: [
            {
              name: 'fires when p99 stays above the threshold',
              evalTime: secondsDuration(latencyEval),
              series: quantileSeries({ 0.5: 0.5, 0.9: 2, 0.99: 4 }),
              firing: true,
              labels: { quantile: '0.99' },
              facts: { instance, value: humanizeDuration(4 * threshold) },
            },
            {
              name: 'stays quiet when p99 is below the threshold',
              evalTime: secondsDuration(latencyEval),
              series: quantileSeries({ 0.5: 0.125, 0.9: 0.25, 0.99: 0.5 }),
            },
          ],
        },
      });
    });

  const saturationEval = durationSeconds(saturationFor) + sampleInterval;
  const saturationAlerts = gauges.slice(0, 2).map(([name], i) => {
    const threshold = (i + 1) * 100;
    return alertOf({
      alertId: `Synth${tag}${camel(name)}High`,
      alertTitle: `[Synth ${tag}] Too Many ${title(name)}`,
      expr: `${metric(name)} > ${threshold}`,
      forDuration: saturationFor,
      severity: 'info',
      summary: (f) => `${title(name)} is high on ${f.instance}`,
      description: (f) => `${name.replaceAll('_', ' ')} is ${f.value} on ${f.instance}, above ${threshold} (synthetic ${tag}).`,
      tests: {
        template: '{{ $value | humanize }}',
        cases: [
          {
            name: 'fires while the gauge stays above the threshold',
            evalTime: secondsDuration(saturationEval),
            series: [{ series: selector(metric(name)), values: `${4 * threshold}x${saturationEval / sampleInterval}` }],
            firing: true,
            facts: { instance, value: String(4 * threshold) },
          },
          {
            name: 'stays quiet below the threshold',
            evalTime: secondsDuration(saturationEval),
            series: [{ series: selector(metric(name)), values: `${threshold / 2}x${saturationEval / sampleInterval}` }],
          },
        ],
      },
    });
  });

  // Dashboard: 20 panels in an overview row and one row per golden signal.
  const legend = '{{instance}}';
  const rate = (name) => `rate(${metric(name)}[5m])`;
  const quantilePanel = ([name, unit]) => ({
    id: name.replaceAll('_', '-'),
    type: 'timeseries',
    title: title(name),
    description: `Quantiles of ${name.replaceAll('_', ' ')} per instance.`,
    unit,
    queries: [0.5, 0.9, 0.99].map((q) => ({ expr: `${metric(name)}{quantile="${q}"}`, legend: `${legend} p${q * 100}` })),
  });
  const dashboard = {
    id: id,
    title: `Synth ${tag}`,
    description: `Health of the synthetic application ${tag}, by golden signal.`,
    tags: ['synthetic', 'benchmark'],
    variables: [{ name: 'instance', label: 'Instance', metric: metric('queue_depth') }],
    rows: [
      {
        title: 'Overview',
        description: 'Cluster-wide counts every sidecar reports.',
        panels: gauges.slice(4).map(([name, unit]) => ({
          id: name.replaceAll('_', '-'),
          type: 'stat',
          title: title(name),
          description: `${title(name)} across the cluster.`,
          unit,
          queries: [{ expr: `max(${metric(name)})`, legend: title(name) }],
          thresholds: [{ value: 1000, severity: 'warning' }],
        })),
      },
      {
        title: 'Errors',
        signal: 'errors',
        description: 'Failed operations per second.',
        panels: errorOps.map((op) => ({
          id: `${op}-errors`,
          type: 'timeseries',
          title: `${title(op)} errors`,
          description: `Failed ${op} operations per second.`,
          unit: 'per-second',
          queries: [{ expr: rate(`${op}_errors_total`), legend }],
        })),
      },
      {
        title: 'Latency',
        signal: 'latency',
        description: 'Quantiles each instance computes, and histogram p99s.',
        panels: [
          ...summaries.slice(0, 4).map(quantilePanel),
          ...histograms.map(([name, unit]) => ({
            id: name.replaceAll('_', '-'),
            type: 'timeseries',
            title: `${title(name)} p99`,
            description: `p99 of ${name.replaceAll('_', ' ')} from the histogram buckets.`,
            unit,
            queries: [{ expr: `histogram_quantile(0.99, sum by (instance, le) (${rate(`${name}_bucket`)}))`, legend: `${legend} p99` }],
          })),
        ],
      },
      {
        title: 'Saturation',
        signal: 'saturation',
        description: 'Batch sizes and queues: larger means working harder to keep up.',
        panels: [
          ...summaries.slice(4).map(quantilePanel),
          {
            id: 'resources',
            type: 'timeseries',
            title: 'Queues and resources',
            description: 'Queue depth, connections, cache entries and worker threads.',
            unit: 'count',
            queries: gauges.slice(0, 4).map(([name]) => ({ expr: metric(name), legend: `${legend} ${name.replaceAll('_', ' ')}` })),
          },
        ],
      },
      {
        title: 'Traffic',
        signal: 'traffic',
        description: 'Work done per second.',
        panels: [
          {
            id: 'calls',
            type: 'timeseries',
            title: 'Calls',
            description: 'Requests, reads and writes per second.',
            unit: 'per-second',
            queries: callOps.slice(0, 3).map((op) => ({ expr: rate(`${op}_total`), legend: `${legend} ${op}` })),
          },
          {
            id: 'lookups',
            type: 'table',
            title: 'Lookups by method',
            description: 'Lookups per second, by method.',
            unit: 'per-second',
            queries: [{ expr: `sum by (instance, method) (${rate('lookups_total')})`, legend: `${legend} {{method}}` }],
          },
        ],
      },
    ],
  };

  const section = (sectionTitle, body, command) => ({
    title: sectionTitle,
    body,
    ...(command ? { commands: [{ command, output: 'ok' }] } : {}),
  });
  return {
    params: {
      errorWindow: { type: 'duration', default: errorWindow, description: 'Window over which an error counter must increase.' },
      errorFor: { type: 'duration', default: errorFor, description: 'How long errors must keep coming before an error alert fires.' },
      latencyFor: { type: 'duration', default: latencyFor, description: 'How long a p99 must stay above its threshold.' },
    },
    integration: {
      id,
      name: `Synth ${tag}`,
      description: `Synthetic integration ${tag}, shaped like Calico, for the benchmark.`,
      versions: ['1.0.0'],
      exporter: 'Built in: the synthetic application exposes Prometheus metrics natively.',
      metrics,
      alerts: { errors: errorAlerts, latency: latencyAlerts, saturation: saturationAlerts },
      dashboards: [dashboard],
      jobs: [appJob, sidecarJob],
      docs: {
        prerequisites: [
          section(
            'Enable metrics',
            `Start synthetic application ${tag} with metrics enabled.`,
            `kubectl patch deploy ${id}-app --patch '{"spec":{}}'`,
          ),
          section('Check the pods', 'Every node runs one pod.', `kubectl get pods -l app=${id}`),
        ],
        installation: [
          section('No exporter to install', 'The application exposes its metrics itself.'),
          section('Enable the integration', `The agent scrapes with the jobs \`${appJob.id}\` and \`${sidecarJob.id}\`.`),
        ],
        notes: [section('Synthetic', 'This integration exists only to measure the generator.')],
      },
    },
  };
}

/**
 * The module source of one synthetic integration. define() returns the data built for the parameters' defaults
 * (the benchmark never overrides them).
 */
function moduleSource(index, modelUrl) {
  const { params, integration } = syntheticIntegration(index);
  return [
    '// Generated by bench/catalog.mjs: a synthetic integration for the benchmark.',
    `import { defineIntegration } from ${JSON.stringify(modelUrl)};`,
    `const params = ${JSON.stringify(params)};`,
    `const integration = ${JSON.stringify(integration)};`,
    'export default defineIntegration({ params, define: () => integration });',
    '',
  ].join('\n');
}

/**
 * Writes `count` integration folders (synth-0001 …) under `dir`, each with an index.js importing `modelUrl`
 * (index.ts with `typescript`: the same module, loaded through esbuild as a user's TypeScript is).
 */
export async function writeSyntheticCatalog(dir, count, modelUrl, { typescript = false } = {}) {
  if (!Number.isInteger(count) || count < 1 || count > maxIntegrations) {
    throw new RangeError(`integrations must be a whole number from 1 to ${maxIntegrations} (got ${count})`);
  }
  for (let index = 1; index <= count; index += 1) {
    const folder = path.join(dir, `synth-${String(index).padStart(4, '0')}`);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, typescript ? 'index.ts' : 'index.js'), moduleSource(index, modelUrl));
  }
}
