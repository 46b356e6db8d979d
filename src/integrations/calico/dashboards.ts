import type { Dashboard, Panel, Query } from '../../model/index.js';
import { metrics } from './metrics.js';

// Felix's metrics carry no node label of their own: the scrape target's `instance` tells the nodes apart.
const legend = '{{instance}}';

/** Each felix reports the same cluster-wide count, so the cluster's value is their maximum. */
function clusterCount(id: string, title: string, metric: string, description: string): Panel {
  return { id, type: 'stat', title, description, unit: 'count', queries: [{ expr: `max(${metric})`, legend: title }] };
}

/** Per-second rate of a felix counter, one series per node. */
function counterRate(id: string, title: string, metric: string, description: string, by?: string[]): Panel {
  const rate = `rate(${metric}[5m])`;
  const query: Query = by
    ? { expr: `sum by (instance, ${by.join(', ')}) (${rate})`, legend: [legend, ...by.map((label) => `{{${label}}}`)].join(' ') }
    : { expr: rate, legend };
  return { id, type: 'timeseries', title, description, unit: 'per-second', queries: [query] };
}

/**
 * Felix's latency and batch-size metrics are summaries: each node exposes its own quantiles (no buckets), so a
 * panel plots every quantile of every node, in the metric's own unit, both read from the catalog.
 */
function summaryQuantiles(id: string, title: string, metric: string, description: string): Panel {
  const summary = metrics.find((m) => m.name === metric);
  if (summary?.type !== 'summary' || !summary.quantiles) throw new Error(`${metric} is not a summary of the Calico catalog`);
  const { quantiles, unit } = summary;
  return {
    id,
    type: 'timeseries',
    title,
    description,
    unit,
    queries: quantiles.map((q) => ({ expr: `${metric}{quantile="${q}"}`, legend: `${legend} p${+(q * 100).toFixed(1)}` })),
  };
}

const calico: Dashboard = {
  id: 'calico',
  title: 'Calico',
  description:
    'Health of Calico on every node, by golden signal: felix dataplane and iptables/ipset errors, processing latency, ' +
    'batch sizes and command rates, with the cluster-wide counts of hosts, policies and profiles.',
  tags: ['calico', 'networking', 'kubernetes'],
  variables: [{ name: 'instance', label: 'Node (felix)', metric: 'felix_cluster_num_hosts' }],
  rows: [
    {
      title: 'Cluster overview',
      description:
        'What Calico manages across the cluster. Felix reads these counts from the datastore, so every node reports the same values.',
      panels: [
        clusterCount(
          'hosts',
          'Hosts',
          'felix_cluster_num_hosts',
          'Calico hosts (nodes running felix) in the cluster. On a host, a host endpoint (HostEndpoint) represents one or ' +
            "more of its real or virtual interfaces and enforces Calico policy on traffic entering or leaving the host's " +
            'default network namespace through them: `interfaceName: *` covers all of its interfaces; `interfaceName: eth0`, ' +
            "or an empty interfaceName with one of the interface's IPs in expectedIPs, covers one. A host endpoint may carry " +
            'labels and a list of profiles that Calico uses to apply policy to the interface.',
        ),
        clusterCount(
          'policies',
          'Policies',
          'felix_cluster_num_policies',
          'Network policies cluster-wide. Kubernetes and Calico policies are very similar and work alongside each other: ' +
            'network policy lets developers secure access to and from their applications in the same language they deploy ' +
            'them with, without having to understand low-level networking.',
        ),
        clusterCount(
          'profiles',
          'Profiles',
          'felix_cluster_num_profiles',
          'Profiles cluster-wide. Profiles group endpoints so that they inherit a shared set of labels; each endpoint or ' +
            'host endpoint can be assigned zero or more profiles. Profiles can also carry policy rules, but that is ' +
            'deprecated in favour of NetworkPolicy and GlobalNetworkPolicy.',
        ),
      ],
    },
    {
      title: 'Errors',
      signal: 'errors',
      description:
        'Failures while felix programs the node. Any sustained non-zero rate means routes and policy on that node lag behind the cluster.',
      panels: [
        counterRate(
          'dataplane-failures',
          'Dataplane update failures',
          'felix_int_dataplane_failures',
          'Dataplane updates that failed and will be retried. The dataplane (standard Linux, eBPF or Windows HNS) is the ' +
            "base of Calico's work: networking, network policy and IP address management all go through it, so errors " +
            'here are the keystone of Calico monitoring.',
        ),
        counterRate(
          'ipset-errors',
          'Ipset command failures',
          'felix_ipset_errors',
          'Ipset commands that failed. IP sets are stored collections of IP addresses, networks, MAC addresses, ports or ' +
            'interface names that iptables rules match against; Calico keeps policy dynamic by changing IP sets instead ' +
            'of rules, so failing ipset commands leave policy matching stale members.',
        ),
        counterRate(
          'iptables-save-errors',
          'Iptables save failures',
          'felix_iptables_save_errors',
          'iptables-save calls that failed. Felix reads the current rules with iptables-save (ip6tables-save for IPv6) ' +
            'before changing them; programming these rules is the core of what Calico does on a node.',
        ),
        counterRate(
          'iptables-restore-errors',
          'Iptables restore failures',
          'felix_iptables_restore_errors',
          'iptables-restore calls that failed. Felix writes its rule updates with iptables-restore (ip6tables-restore ' +
            "for IPv6); a failure means the node's rules did not change as intended.",
        ),
        counterRate('log-errors', 'Logging errors', 'felix_log_errors', 'Errors felix hit while writing its own logs.'),
      ],
    },
    {
      title: 'Latency',
      signal: 'latency',
      description:
        'Calico provides no buckets: its latency metrics are summaries with the quantiles 0.5, 0.9 and 0.99, computed ' +
        'by each felix. Compare them per node; averaging quantiles across nodes means nothing.',
      panels: [
        summaryQuantiles(
          'calc-graph-update-time',
          'Datastore OnUpdate (calculation graph)',
          'felix_calc_graph_update_time_seconds',
          'Time to update the calculation graph for each datastore OnUpdate call: how long felix takes to digest a ' +
            'change to pods, policies or other Calico resources.',
        ),
        summaryQuantiles(
          'dataplane-apply-time',
          'Dataplane update',
          'felix_int_dataplane_apply_time_seconds',
          'Time to apply a dataplane update: the delay between felix deciding on a change and the node enforcing it.',
        ),
        summaryQuantiles(
          'iptables-lock-acquire-time',
          'Iptables lock acquisition',
          'felix_iptables_lock_acquire_secs',
          'Time to acquire the iptables lock. Felix shares the lock with every other process that edits iptables on ' +
            'the node (kube-proxy among them); long waits delay rule updates.',
        ),
        summaryQuantiles(
          'route-table-list-time',
          'Interface listing during resync',
          'felix_route_table_list_seconds',
          'Time to list all the interfaces during a route table resync.',
        ),
        summaryQuantiles(
          'route-table-iface-sync-time',
          'Interface sync',
          'felix_route_table_per_iface_sync_seconds',
          "Time to sync the routes of each interface.",
        ),
        summaryQuantiles(
          'exec-time',
          'Fork/exec of child processes',
          'felix_exec_time_micros',
          'Time to fork/exec the child processes felix runs, such as iptables-restore and ipset (reported in microseconds).',
        ),
      ],
    },
    {
      title: 'Saturation',
      signal: 'saturation',
      description:
        'Batch size is how Calico shows saturation: felix batches dataplane messages when it falls behind, so larger ' +
        'batches mean it is working harder to keep up.',
      panels: [
        summaryQuantiles(
          'dataplane-msg-batch-size',
          'Dataplane message batch size',
          'felix_int_dataplane_msg_batch_size',
          'Messages processed in each dataplane batch. Higher values indicate more batching to try to keep up.',
        ),
        summaryQuantiles(
          'dataplane-iface-msg-batch-size',
          'Interface state message batch size',
          'felix_int_dataplane_iface_msg_batch_size',
          'Interface state messages processed in each batch. Higher values indicate more batching to try to keep up.',
        ),
        summaryQuantiles(
          'dataplane-addr-msg-batch-size',
          'Interface address message batch size',
          'felix_int_dataplane_addr_msg_batch_size',
          'Interface address messages processed in each batch. Higher values indicate more batching to try to keep up.',
        ),
      ],
    },
    {
      title: 'Traffic',
      signal: 'traffic',
      description:
        'Ipset and iptables commands are the lowest level of Calico: every policy or endpoint that is created, updated ' +
        'or deleted becomes these commands, so their rates are the work Calico does on each node.',
      panels: [
        counterRate('ipset-calls', 'Ipset commands', 'felix_ipset_calls', 'Ipset commands executed.'),
        counterRate('ipset-lines', 'Ipset operations', 'felix_ipset_lines_executed', 'Ipset operations executed (lines fed to ipset).'),
        counterRate(
          'iptables-lines',
          'Iptables rule updates',
          'felix_iptables_lines_executed',
          'Iptables rule updates executed, by table (filter, nat, mangle, raw), IPv4 and IPv6 together.',
          ['table'],
        ),
        counterRate('iptables-restore-calls', 'Iptables-restore calls', 'felix_iptables_restore_calls', 'iptables-restore calls executed.'),
        counterRate('iptables-save-calls', 'Iptables-save calls', 'felix_iptables_save_calls', 'iptables-save calls executed.'),
      ],
    },
  ],
};

export const dashboards: Dashboard[] = [calico];
