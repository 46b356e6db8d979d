import { durationSeconds, humanizeDuration, secondsDuration, type Alert, type AlertTest, type Integration, type Labels, type Severity } from '../../model/index.js';
import { felixJob } from './jobs.js';
import { metrics } from './metrics.js';
import type { CalicoParams } from './params.js';

/**
 * Severities, chosen deliberately: failing dataplane updates leave a node's routes and policy stale (critical);
 * the command failures and latencies behind them degrade a node without breaking it yet (warning); logging
 * errors and slow fork/exec are causes whose impact, if any, the other alerts report (info).
 */
export function alerts(p: CalicoParams): Integration['alerts'] {
  return {
    'felix-errors': [
      errorAlert(p, {
        id: 'CalicoDataplaneUpdatesFailing',
        title: '[Calico-Node] Dataplane Updates Are Failing and Retrying',
        metric: 'felix_int_dataplane_failures',
        severity: 'critical',
        summary: ({ instance }) => `Dataplane updates keep failing on ${instance}`,
        description: ({ instance, value }) =>
          `Felix on ${instance} failed to apply ${value} dataplane updates in the last ${p.errorWindow} and keeps retrying them. ` +
          `Until an update applies, this node's routes, IP sets and iptables rules lag behind the cluster's pods and policies.\n` +
          'Check the calico-node logs on that node for the operation that fails.',
      }),
      errorAlert(p, {
        id: 'CalicoIpsetCommandFailures',
        title: '[Calico-Node] IP Set Command Failures',
        metric: 'felix_ipset_errors',
        severity: 'warning',
        summary: ({ instance }) => `ipset commands are failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} ipset commands failed on ${instance} in the last ${p.errorWindow}. ` +
          'Felix keeps the IP sets that policy rules match on up to date with ipset; while its commands fail, policy may match stale addresses.\n' +
          'Check the calico-node logs for the ipset error.',
      }),
      errorAlert(p, {
        id: 'CalicoIptablesRestoreFailures',
        title: '[Calico-Node] IP Tables Restore Failures',
        metric: 'felix_iptables_restore_errors',
        severity: 'warning',
        summary: ({ instance }) => `iptables-restore is failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} iptables-restore calls failed on ${instance} in the last ${p.errorWindow}. ` +
          "Felix writes its policy and NAT rules with iptables-restore, so this node's rules are not being updated.\n" +
          'Check the calico-node logs for the rejected rules, and whether another process holds the xtables lock.',
      }),
      errorAlert(p, {
        id: 'CalicoIptablesSaveFailures',
        title: '[Calico-Node] IP Tables Save Failures',
        metric: 'felix_iptables_save_errors',
        severity: 'warning',
        summary: ({ instance }) => `iptables-save is failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} iptables-save calls failed on ${instance} in the last ${p.errorWindow}. ` +
          'Felix reads the rules in place with iptables-save to find and repair drift; while it fails, felix cannot check what it programmed.\n' +
          'Check the calico-node logs for the iptables-save error.',
      }),
      errorAlert(p, {
        id: 'CalicoLoggingErrors',
        title: '[Calico-Node] Errors While Logging',
        metric: 'felix_log_errors',
        severity: 'info',
        summary: ({ instance }) => `Felix cannot write its logs on ${instance}`,
        description: ({ instance, value }) =>
          `Felix on ${instance} hit ${value} errors while logging in the last ${p.errorWindow}. ` +
          'Networking is unaffected, but log lines are being lost.\n' +
          "Check felix's log destinations, such as free space for its log file.",
      }),
    ],
    'felix-latency': [
      latencyAlert(p, {
        id: 'CalicoDatastoreOnUpdateLatencyHigh',
        title: '[Calico-Node] Latency Increase in Datastore OnUpdate Call',
        metric: 'felix_calc_graph_update_time_seconds',
        threshold: p.calcGraphUpdateP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Felix on ${instance} is slow to process datastore updates`,
        description: ({ instance, value }) =>
          `Updating the calculation graph for one datastore OnUpdate call takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.calcGraphUpdateP99Seconds)} threshold. ` +
          'Felix is falling behind the datastore, so policy and endpoint changes reach this node late.\n' +
          'Check whether felix is CPU-throttled, and how many policies and endpoints it tracks.',
      }),
      latencyAlert(p, {
        id: 'CalicoDataplaneUpdateLatencyHigh',
        title: '[Calico-Node] Latency Increase in Dataplane Update',
        metric: 'felix_int_dataplane_apply_time_seconds',
        threshold: p.dataplaneApplyP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Dataplane updates are slow on ${instance}`,
        description: ({ instance, value }) =>
          `Applying one dataplane update takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.dataplaneApplyP99Seconds)} threshold. ` +
          'New pods on this node wait that long for connectivity, and policy changes apply late.\n' +
          "Check the same node's iptables lock and fork/exec latencies, the usual causes.",
      }),
      latencyAlert(p, {
        id: 'CalicoIptablesLockAcquireLatencyHigh',
        title: '[Calico-Node] Latency Increase in Acquire Iptables Lock',
        metric: 'felix_iptables_lock_acquire_secs',
        threshold: p.iptablesLockAcquireP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Felix waits long for the iptables lock on ${instance}`,
        description: ({ instance, value }) =>
          `Acquiring the iptables lock takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.iptablesLockAcquireP99Seconds)} threshold. ` +
          "Another process on the node holds the xtables lock for long, holding up felix's rule updates.\n" +
          'Check which other agents on the node (kube-proxy, other firewalls) run iptables, and how often.',
      }),
      latencyAlert(p, {
        id: 'CalicoInterfaceListLatencyHigh',
        title: '[Calico-Node] Latency Increase While Listing All the Interfaces during a Resync',
        metric: 'felix_route_table_list_seconds',
        threshold: p.routeTableListP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Listing interfaces during a resync is slow on ${instance}`,
        description: ({ instance, value }) =>
          `Listing all the interfaces during a route-table resync takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.routeTableListP99Seconds)} threshold. ` +
          'The kernel answers netlink slowly, which delays every route resync on this node.\n' +
          'Check the number of interfaces on the node and its CPU load.',
      }),
      latencyAlert(p, {
        id: 'CalicoInterfaceResyncLatencyHigh',
        title: '[Calico-Node] Latency Increase in Interface Resync',
        metric: 'felix_route_table_per_iface_sync_seconds',
        threshold: p.routeTableIfaceSyncP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Syncing interface routes is slow on ${instance}`,
        description: ({ instance, value }) =>
          `Syncing the routes of one interface takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.routeTableIfaceSyncP99Seconds)} threshold. ` +
          'Routes to new pods on this node appear late.\n' +
          'Check the CPU load of the node and of felix.',
      }),
      latencyAlert(p, {
        id: 'CalicoForkExecLatencyHigh',
        title: '[Calico-Node] Fork/Exec Child Processes Results in High Latency',
        metric: 'felix_exec_time_micros',
        threshold: p.forkExecP99Seconds,
        severity: 'info',
        summary: ({ instance }) => `Starting child processes is slow for felix on ${instance}`,
        description: ({ instance, value }) =>
          `Forking and executing one child process (such as iptables-restore or ipset) takes ${value} at p99 on ${instance}, ` +
          `above the ${humanizeDuration(p.forkExecP99Seconds)} threshold. ` +
          'Every command felix runs to program the dataplane starts that much later.\n' +
          "Check the node's CPU and memory pressure, and whether felix is CPU-throttled.",
      }),
    ],
  };
}

/** What an annotation says about one firing series. */
interface Facts {
  instance: string;
  value: string;
}

/**
 * An annotation written once: given Go templates it is the rule's annotation; given a test case's concrete
 * facts it is the text Prometheus must render, which the promtool test checks.
 */
type Annotation = (facts: Facts) => string;

interface AlertSpec {
  id: string;
  title: string;
  metric: string;
  severity: Severity;
  summary: Annotation;
  description: Annotation;
}

// Where the test series come from: the felix target as the scrape job labels it.
const sampleInstance = `10.0.0.1:${felixJob.port}`;
const sampleLabels = { instance: sampleInstance, job: felixJob.id };
const selector = (metric: string, extra: Labels = {}) =>
  `${metric}{${Object.entries({ ...sampleLabels, ...extra })
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}}`;

/** promtool evaluates the rules once a minute (the evaluation_interval of rules.test.yaml). */
const ruleEvaluationSeconds = 60;

/** Error alerts fire while an error counter keeps increasing. */
function errorAlert(p: CalicoParams, spec: AlertSpec): Alert {
  const templates: Facts = { instance: '{{ $labels.instance }}', value: '{{ $value | humanize }}' };
  return {
    id: spec.id,
    title: spec.title,
    expr: `increase(${spec.metric}[${p.errorWindow}]) > 0`,
    for: p.errorFor,
    severity: spec.severity,
    summary: spec.summary(templates),
    description: spec.description(templates),
    tests: errorTests(p, spec),
  };
}

/**
 * Samples a fifth of the error window apart, one new error each: any full window then holds exactly five new
 * errors, whatever window a build configures. Evaluated once the errors have lasted a window plus `for`.
 */
function errorTests(p: CalicoParams, spec: AlertSpec): AlertTest[] {
  const errorsPerWindow = 5;
  const windowSeconds = durationSeconds(p.errorWindow);
  const sampleSeconds = windowSeconds / errorsPerWindow;
  const evalSeconds = windowSeconds + durationSeconds(p.errorFor) + ruleEvaluationSeconds;
  const samples = Math.ceil(evalSeconds / sampleSeconds);
  // humanize prints a small whole number as is.
  const facts: Facts = { instance: sampleInstance, value: String(errorsPerWindow) };
  const base = { interval: secondsDuration(sampleSeconds), evalTime: secondsDuration(evalSeconds) };
  return [
    {
      name: 'fires while errors keep occurring',
      ...base,
      series: [{ series: selector(spec.metric), values: `0+1x${samples}` }],
      alerts: [{ labels: sampleLabels, summary: spec.summary(facts), description: spec.description(facts) }],
    },
    {
      name: 'stays quiet after a single transient error',
      ...base,
      series: [{ series: selector(spec.metric), values: `0 1x${samples}` }],
      alerts: [],
    },
  ];
}

interface LatencyAlertSpec extends AlertSpec {
  /** Absolute p99 threshold, in seconds whatever the metric's unit. */
  threshold: number;
}

/** How many of a latency metric's units make one second. */
const unitsPerSecond: Partial<Record<string, number>> = { seconds: 1, milliseconds: 1e3, microseconds: 1e6 };

/** Latency alerts compare a summary's p99, converted to seconds, with an absolute threshold. */
function latencyAlert(p: CalicoParams, spec: LatencyAlertSpec): Alert {
  const unit = metrics.find((m) => m.name === spec.metric)?.unit ?? 'unknown metric';
  const scale = unitsPerSecond[unit];
  if (scale === undefined) throw new Error(`${spec.id}: ${spec.metric} is not a latency in a time unit (${unit})`);
  const p99 = `${spec.metric}{quantile="0.99"}`;
  const templates: Facts = { instance: '{{ $labels.instance }}', value: '{{ $value | humanizeDuration }}' };
  return {
    id: spec.id,
    title: spec.title,
    expr: `${scale === 1 ? p99 : `${p99} / ${scale}`} > ${spec.threshold}`,
    for: p.latencyFor,
    severity: spec.severity,
    summary: spec.summary(templates),
    description: spec.description(templates),
    tests: latencyTests(p, spec, scale),
  };
}

/**
 * Quantiles as multiples of the threshold. Firing: p90 and p99 above it, so a rule that ignored the quantile
 * would raise a second alert. Quiet: every quantile below it.
 */
function latencyTests(p: CalicoParams, spec: LatencyAlertSpec, scale: number): AlertTest[] {
  const evalSeconds = durationSeconds(p.latencyFor) + ruleEvaluationSeconds;
  const samples = Math.ceil(evalSeconds / ruleEvaluationSeconds);
  const series = (multiples: Record<'0.5' | '0.9' | '0.99', number>): AlertTest['series'] => {
    const quantile = (q: keyof typeof multiples) => ({
      series: selector(spec.metric, { quantile: q }),
      values: `${multiples[q] * spec.threshold * scale}x${samples}`,
    });
    return [quantile('0.5'), quantile('0.9'), quantile('0.99')];
  };
  const firing = { '0.5': 0.5, '0.9': 2, '0.99': 4 };
  const facts: Facts = { instance: sampleInstance, value: humanizeDuration(firing['0.99'] * spec.threshold) };
  const base = { interval: secondsDuration(ruleEvaluationSeconds), evalTime: secondsDuration(evalSeconds) };
  return [
    {
      name: 'fires when p99 stays above the threshold',
      ...base,
      series: series(firing),
      alerts: [
        { labels: { ...sampleLabels, quantile: '0.99' }, summary: spec.summary(facts), description: spec.description(facts) },
      ],
    },
    {
      name: 'stays quiet when p99 is below the threshold',
      ...base,
      series: series({ '0.5': 0.125, '0.9': 0.25, '0.99': 0.5 }),
      alerts: [],
    },
  ];
}
