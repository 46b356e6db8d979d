import { param, type ParamValues } from 'intgen';

/**
 * Thresholds and windows of the Calico alerts; override per build in intgen.config.json.
 * Latency thresholds apply to the p99 that felix's summaries report over their own sliding 10-minute window,
 * so a threshold crossing is already smoothed before `latencyFor` starts counting.
 */
export const params = {
  errorWindow: param.duration('5m', 'Window over which an error counter must increase for an error alert to fire.'),
  errorFor: param.duration(
    '10m',
    'How long every error window must see new errors before an error alert fires. Felix retries failed operations, so one transient failure is not worth an alert; failures that keep coming for this long are.',
  ),
  latencyFor: param.duration(
    '10m',
    'How long a p99 latency must stay above its threshold before a latency alert fires; rides out the burst of work of a felix restart or full resync.',
  ),
  calcGraphUpdateP99Seconds: param.number(
    0.1,
    'seconds',
    'p99 time to update the calculation graph for one datastore OnUpdate call above which felix is falling behind the datastore. Normally well under a millisecond per update; 100ms leaves room for large policy sets while still catching a felix that cannot keep up.',
  ),
  dataplaneApplyP99Seconds: param.number(
    1,
    'seconds',
    'p99 time to apply one dataplane update above which new pods and policy changes on the node wait noticeably. Normally tens of milliseconds, a few hundred on nodes with many endpoints; beyond a second the delay is visible to workloads.',
  ),
  iptablesLockAcquireP99Seconds: param.number(
    0.5,
    'seconds',
    'p99 time to acquire the iptables (xtables) lock above which another process holds it for too long. Normally close to zero; half a second at p99 means every felix rule update is being held up.',
  ),
  routeTableListP99Seconds: param.number(
    1,
    'seconds',
    'p99 time to list all the interfaces during a route-table resync above which netlink is answering too slowly. Normally milliseconds; the list grows with the pods on the node, so the threshold is generous.',
  ),
  routeTableIfaceSyncP99Seconds: param.number(
    0.25,
    'seconds',
    'p99 time to sync the routes of one interface above which routes to new pods appear late. Normally a few milliseconds per interface.',
  ),
  forkExecP99Seconds: param.number(
    0.1,
    'seconds',
    'p99 time to fork/exec one child process (such as iptables-restore or ipset), in seconds; the alert converts felix_exec_time_micros from microseconds. Normally around a millisecond; at 100ms every command felix runs starts late.',
  ),
  ipPoolUtilizationWarning: param.number(
    0.8,
    'ratio',
    "Share of an IP pool's addresses in use above which the pool is running out: a warning while there is still room to add a pool or grow this one before new pods fail to get an address.",
  ),
  ipPoolUtilizationCritical: param.number(
    0.95,
    'ratio',
    "Share of an IP pool's addresses in use above which the pool is nearly exhausted: a rollout or a node that claims another block can leave new pods without an address. Must be above ipPoolUtilizationWarning.",
  ),
  ipPoolUtilizationFor: param.duration(
    '15m',
    "How long a pool's utilization must stay above a threshold before its alert fires; rides out the extra pods of a rolling update.",
  ),
  ipamLeakFor: param.duration(
    '30m',
    'How long allocations must stay garbage-collection candidates before the leak alert fires. kube-controllers releases a leaked address once it has been a candidate for its leak grace period (leakGracePeriod, 15m by default) and checks every half grace period, so a candidate normally clears within one and a half grace periods; raise this with leakGracePeriod.',
  ),
};

export type CalicoParams = ParamValues<typeof params>;
