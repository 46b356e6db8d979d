import { errorsIncreasing, gaugeAbove, gaugeRatioAbove, summaryQuantileAbove, type Integration } from 'intgen';
import { felixJob, kubeControllersJob } from './jobs.js';
import { m } from './metrics.js';
import type { CalicoParams } from './params.js';

/**
 * Severities, chosen deliberately: failing dataplane updates leave a node's routes and policy stale (critical);
 * the command failures and latencies behind them degrade a node without breaking it yet (warning); logging
 * errors and slow fork/exec are causes whose impact, if any, the other alerts report (info). An IP pool that is
 * nearly exhausted is about to leave new pods without an address (critical); one filling up, or addresses the
 * garbage collector cannot reclaim, leave time to act (warning).
 */
export function alerts(p: CalicoParams): Integration['alerts'] {
  const failing = { job: felixJob, window: p.errorWindow, for: p.errorFor };
  const slow = { job: felixJob, quantile: 0.99, for: p.latencyFor } as const;
  // kube-controllers reports the whole cluster per IP pool: the utilization sums a pool's allocations over its
  // nodes, so the promtool series carry a node the pool size lacks.
  const pool = 'default-ipv4-ippool';
  const utilization = {
    job: kubeControllersJob,
    for: p.ipPoolUtilizationFor,
    numerator: m.ipam_allocations_in_use,
    denominator: m.ipam_ippool_size,
    by: ['ippool'],
    testLabels: { ippool: pool },
    numeratorLabels: { node: 'node-1' },
  };
  return {
    'felix-errors': [
      errorsIncreasing({
        ...failing,
        id: 'CalicoDataplaneUpdatesFailing',
        title: '[Calico-Node] Dataplane Updates Are Failing and Retrying',
        metric: m.felix_int_dataplane_failures,
        severity: 'critical',
        summary: ({ instance }) => `Dataplane updates keep failing on ${instance}`,
        description: ({ instance, value }) =>
          `Felix on ${instance} failed to apply ${value} dataplane updates in the last ${p.errorWindow} and keeps retrying them. ` +
          `Until an update applies, this node's routes, IP sets and iptables rules lag behind the cluster's pods and policies.\n` +
          'Check the calico-node logs on that node for the operation that fails.',
      }),
      errorsIncreasing({
        ...failing,
        id: 'CalicoIpsetCommandFailures',
        title: '[Calico-Node] IP Set Command Failures',
        metric: m.felix_ipset_errors,
        severity: 'warning',
        summary: ({ instance }) => `ipset commands are failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} ipset commands failed on ${instance} in the last ${p.errorWindow}. ` +
          'Felix keeps the IP sets that policy rules match on up to date with ipset; while its commands fail, policy may match stale addresses.\n' +
          'Check the calico-node logs for the ipset error.',
      }),
      errorsIncreasing({
        ...failing,
        id: 'CalicoIptablesRestoreFailures',
        title: '[Calico-Node] IP Tables Restore Failures',
        metric: m.felix_iptables_restore_errors,
        severity: 'warning',
        summary: ({ instance }) => `iptables-restore is failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} iptables-restore calls failed on ${instance} in the last ${p.errorWindow}. ` +
          "Felix writes its policy and NAT rules with iptables-restore, so this node's rules are not being updated.\n" +
          'Check the calico-node logs for the rejected rules, and whether another process holds the xtables lock.',
      }),
      errorsIncreasing({
        ...failing,
        id: 'CalicoIptablesSaveFailures',
        title: '[Calico-Node] IP Tables Save Failures',
        metric: m.felix_iptables_save_errors,
        severity: 'warning',
        summary: ({ instance }) => `iptables-save is failing on ${instance}`,
        description: ({ instance, value }) =>
          `${value} iptables-save calls failed on ${instance} in the last ${p.errorWindow}. ` +
          'Felix reads the rules in place with iptables-save to find and repair drift; while it fails, felix cannot check what it programmed.\n' +
          'Check the calico-node logs for the iptables-save error.',
      }),
      errorsIncreasing({
        ...failing,
        id: 'CalicoLoggingErrors',
        title: '[Calico-Node] Errors While Logging',
        metric: m.felix_log_errors,
        severity: 'info',
        summary: ({ instance }) => `Felix cannot write its logs on ${instance}`,
        description: ({ instance, value }) =>
          `Felix on ${instance} hit ${value} errors while logging in the last ${p.errorWindow}. ` +
          'Networking is unaffected, but log lines are being lost.\n' +
          "Check felix's log destinations, such as free space for its log file.",
      }),
    ],
    'felix-latency': [
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoDatastoreOnUpdateLatencyHigh',
        title: '[Calico-Node] Latency Increase in Datastore OnUpdate Call',
        metric: m.felix_calc_graph_update_time_seconds,
        threshold: p.calcGraphUpdateP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Felix on ${instance} is slow to process datastore updates`,
        description: ({ instance, value, threshold }) =>
          `Updating the calculation graph for one datastore OnUpdate call takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          'Felix is falling behind the datastore, so policy and endpoint changes reach this node late.\n' +
          'Check whether felix is CPU-throttled, and how many policies and endpoints it tracks.',
      }),
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoDataplaneUpdateLatencyHigh',
        title: '[Calico-Node] Latency Increase in Dataplane Update',
        metric: m.felix_int_dataplane_apply_time_seconds,
        threshold: p.dataplaneApplyP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Dataplane updates are slow on ${instance}`,
        description: ({ instance, value, threshold }) =>
          `Applying one dataplane update takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          'New pods on this node wait that long for connectivity, and policy changes apply late.\n' +
          "Check the same node's iptables lock and fork/exec latencies, the usual causes.",
      }),
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoIptablesLockAcquireLatencyHigh',
        title: '[Calico-Node] Latency Increase in Acquire Iptables Lock',
        metric: m.felix_iptables_lock_acquire_secs,
        threshold: p.iptablesLockAcquireP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Felix waits long for the iptables lock on ${instance}`,
        description: ({ instance, value, threshold }) =>
          `Acquiring the iptables lock takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          "Another process on the node holds the xtables lock for long, holding up felix's rule updates.\n" +
          'Check which other agents on the node (kube-proxy, other firewalls) run iptables, and how often.',
      }),
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoInterfaceListLatencyHigh',
        title: '[Calico-Node] Latency Increase While Listing All the Interfaces during a Resync',
        metric: m.felix_route_table_list_seconds,
        threshold: p.routeTableListP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Listing interfaces during a resync is slow on ${instance}`,
        description: ({ instance, value, threshold }) =>
          `Listing all the interfaces during a route-table resync takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          'The kernel answers netlink slowly, which delays every route resync on this node.\n' +
          'Check the number of interfaces on the node and its CPU load.',
      }),
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoInterfaceResyncLatencyHigh',
        title: '[Calico-Node] Latency Increase in Interface Resync',
        metric: m.felix_route_table_per_iface_sync_seconds,
        threshold: p.routeTableIfaceSyncP99Seconds,
        severity: 'warning',
        summary: ({ instance }) => `Syncing interface routes is slow on ${instance}`,
        description: ({ instance, value, threshold }) =>
          `Syncing the routes of one interface takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          'Routes to new pods on this node appear late.\n' +
          'Check the CPU load of the node and of felix.',
      }),
      summaryQuantileAbove({
        ...slow,
        id: 'CalicoForkExecLatencyHigh',
        title: '[Calico-Node] Fork/Exec Child Processes Results in High Latency',
        metric: m.felix_exec_time_micros,
        threshold: p.forkExecP99Seconds,
        severity: 'info',
        summary: ({ instance }) => `Starting child processes is slow for felix on ${instance}`,
        description: ({ instance, value, threshold }) =>
          `Forking and executing one child process (such as iptables-restore or ipset) takes ${value} at p99 on ${instance}, ` +
          `above the ${threshold} threshold. ` +
          'Every command felix runs to program the dataplane starts that much later.\n' +
          "Check the node's CPU and memory pressure, and whether felix is CPU-throttled.",
      }),
    ],
    ipam: [
      gaugeRatioAbove({
        ...utilization,
        id: 'CalicoIPPoolUtilizationHigh',
        title: '[Calico-Kube-Controllers] IP Pool Running Out of Addresses',
        share: p.ipPoolUtilizationWarning,
        severity: 'warning',
        summary: ({ label }) => `IP pool ${label('ippool')} is running out of addresses`,
        description: ({ label, value, threshold }) =>
          `${value} of the addresses of IP pool ${label('ippool')} are allocated, above the ${threshold} threshold. ` +
          "Once the pool has no free block left, nodes borrow addresses from other nodes' blocks, and then new pods fail to start without an address.\n" +
          'Add an IP pool or grow this one, and check the leaked-allocations alert for addresses held by pods that no longer exist.',
      }),
      gaugeRatioAbove({
        ...utilization,
        id: 'CalicoIPPoolNearlyExhausted',
        title: '[Calico-Kube-Controllers] IP Pool Nearly Exhausted',
        share: p.ipPoolUtilizationCritical,
        severity: 'critical',
        summary: ({ label }) => `IP pool ${label('ippool')} is nearly exhausted`,
        description: ({ label, value, threshold }) =>
          `${value} of the addresses of IP pool ${label('ippool')} are allocated, above the ${threshold} threshold. ` +
          'A rollout, or a node that needs another block, can leave new pods stuck in ContainerCreating without an address.\n' +
          'Add an IP pool now (calicoctl ipam show --show-blocks shows where the addresses are), then release leaked allocations.',
      }),
      gaugeAbove({
        id: 'CalicoIPAMAllocationsLeaking',
        title: '[Calico-Kube-Controllers] IP Allocations Not Garbage Collected',
        job: kubeControllersJob,
        metric: m.ipam_allocations_gc_candidates,
        threshold: 0,
        by: ['ippool', 'node'],
        testLabels: { ippool: pool, node: 'node-1' },
        for: p.ipamLeakFor,
        severity: 'warning',
        summary: ({ label }) => `IP allocations on ${label('node')} are not being garbage collected`,
        description: ({ label, value }) =>
          `${value} allocations of IP pool ${label('ippool')} on node ${label('node')} have been garbage-collection candidates ` +
          `for more than ${p.ipamLeakFor}: their pods are gone or hold another address, but the addresses stay allocated. ` +
          'kube-controllers normally releases them after its leak grace period; candidates that stay this long are held, ' +
          'often by an IPAM handle that still owns a valid address, and shrink the pool.\n' +
          'Run calicoctl ipam check to list them, and check the calico-kube-controllers logs.',
      }),
    ],
  };
}
