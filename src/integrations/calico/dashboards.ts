import { gaugePanel, gaugeRatioPanel, quantilePanel, ratePanel, statPanel, type Dashboard, type Row } from 'intgen';
import { m } from './metrics.js';
import type { CalicoParams } from './params.js';

/** What calico-kube-controllers reports of Calico IPAM, cluster-wide, per IP pool and node. */
function ipamRow(p: CalicoParams): Row {
  return {
    title: 'IP address management (kube-controllers)',
    description:
      'calico-kube-controllers reports Calico IPAM for the whole cluster, per IP pool and node: how full each pool is, ' +
      'how its blocks are spread over the nodes, and the allocations the garbage collector is reclaiming. It is one ' +
      'target, not a node: choose All in the node variable to see these panels.',
    panels: [
      gaugeRatioPanel({
        id: 'ippool-utilization',
        title: 'IP pool utilization',
        numerator: m.ipam_allocations_in_use,
        denominator: m.ipam_ippool_size,
        per: 'ippool',
        thresholds: [
          { value: p.ipPoolUtilizationWarning, severity: 'warning' },
          { value: p.ipPoolUtilizationCritical, severity: 'critical' },
        ],
        description:
          'Share of the addresses of each IP pool allocated to workloads and tunnel endpoints, with the thresholds of ' +
          'the utilization alerts. A full pool leaves new pods without an address.',
      }),
      gaugePanel({
        id: 'allocations-in-use',
        title: 'Allocations in use',
        metric: m.ipam_allocations_in_use,
        per: 'ippool',
        description: 'Addresses allocated from each IP pool, over all nodes.',
      }),
      gaugePanel({
        id: 'blocks-per-node',
        title: 'Blocks per node',
        metric: m.ipam_blocks,
        per: 'node',
        by: ['ippool'],
        description:
          'IPAM blocks affine to each node, per IP pool (`no_affinity`: blocks affine to none). A node claims another ' +
          'block when its blocks are full; many blocks on few nodes fragment the pool.',
      }),
      gaugePanel({
        id: 'borrowed-allocations',
        title: 'Borrowed allocations',
        metric: m.ipam_allocations_borrowed,
        per: 'node',
        by: ['ippool'],
        description:
          'Addresses a node allocated from a block affine to another node, because it could claim no block of its own: ' +
          'a sign the pool has no free block left. Each borrowed address needs a route of its own.',
      }),
      gaugePanel({
        id: 'gc-candidates',
        title: 'Garbage-collection candidates',
        metric: m.ipam_allocations_gc_candidates,
        per: 'node',
        by: ['ippool'],
        description:
          'Allocations whose pod no longer exists, waiting out the leak grace period before the garbage collector ' +
          'releases them. Returns to zero in normal operation; what stays is a leak.',
      }),
      ratePanel({
        id: 'gc-reclamations',
        title: 'Garbage-collection reclamations',
        metric: m.ipam_allocations_gc_reclamations,
        per: 'node',
        by: ['ippool'],
        description:
          'Leaked allocations the garbage collector released. Near zero in a healthy cluster; a steady rate means ' +
          'something keeps leaking addresses, such as pods whose network teardown failed.',
      }),
    ],
  };
}

const calico = (p: CalicoParams): Dashboard => ({
  id: 'calico',
  title: 'Calico',
  description:
    'Health of Calico on every node, by golden signal: felix dataplane and iptables/ipset errors, processing latency, ' +
    'batch sizes and command rates, with the cluster-wide counts of hosts, policies and profiles; and Calico IP ' +
    'address management from calico-kube-controllers: pool utilization, blocks per node and leaked allocations.',
  tags: ['calico', 'networking', 'kubernetes'],
  variables: [{ name: 'instance', label: 'Node (felix)', metric: m.felix_cluster_num_hosts.name }],
  rows: [
    {
      title: 'Cluster overview',
      description:
        'What Calico manages across the cluster. Felix reads these counts from the datastore, so every node reports the same values.',
      panels: [
        statPanel({
          id: 'hosts',
          title: 'Hosts',
          metric: m.felix_cluster_num_hosts,
          aggregate: 'max',
          description:
            'Calico hosts (nodes running felix) in the cluster. On a host, a host endpoint (HostEndpoint) represents one or ' +
            "more of its real or virtual interfaces and enforces Calico policy on traffic entering or leaving the host's " +
            'default network namespace through them: `interfaceName: *` covers all of its interfaces; `interfaceName: eth0`, ' +
            "or an empty interfaceName with one of the interface's IPs in expectedIPs, covers one. A host endpoint may carry " +
            'labels and a list of profiles that Calico uses to apply policy to the interface.',
        }),
        statPanel({
          id: 'policies',
          title: 'Policies',
          metric: m.felix_cluster_num_policies,
          aggregate: 'max',
          description:
            'Network policies cluster-wide. Kubernetes and Calico policies are very similar and work alongside each other: ' +
            'network policy lets developers secure access to and from their applications in the same language they deploy ' +
            'them with, without having to understand low-level networking.',
        }),
        statPanel({
          id: 'profiles',
          title: 'Profiles',
          metric: m.felix_cluster_num_profiles,
          aggregate: 'max',
          description:
            'Profiles cluster-wide. Profiles group endpoints so that they inherit a shared set of labels; each endpoint or ' +
            'host endpoint can be assigned zero or more profiles. Profiles can also carry policy rules, but that is ' +
            'deprecated in favour of NetworkPolicy and GlobalNetworkPolicy.',
        }),
      ],
    },
    {
      title: 'Errors',
      signal: 'errors',
      description:
        'Failures while felix programs the node. Any sustained non-zero rate means routes and policy on that node lag behind the cluster.',
      panels: [
        ratePanel({
          id: 'dataplane-failures',
          title: 'Dataplane update failures',
          metric: m.felix_int_dataplane_failures,
          description:
            'Dataplane updates that failed and will be retried. The dataplane (standard Linux, eBPF or Windows HNS) is the ' +
            "base of Calico's work: networking, network policy and IP address management all go through it, so errors " +
            'here are the keystone of Calico monitoring.',
        }),
        ratePanel({
          id: 'ipset-errors',
          title: 'Ipset command failures',
          metric: m.felix_ipset_errors,
          description:
            'Ipset commands that failed. IP sets are stored collections of IP addresses, networks, MAC addresses, ports or ' +
            'interface names that iptables rules match against; Calico keeps policy dynamic by changing IP sets instead ' +
            'of rules, so failing ipset commands leave policy matching stale members.',
        }),
        ratePanel({
          id: 'iptables-save-errors',
          title: 'Iptables save failures',
          metric: m.felix_iptables_save_errors,
          description:
            'iptables-save calls that failed. Felix reads the current rules with iptables-save (ip6tables-save for IPv6) ' +
            'before changing them; programming these rules is the core of what Calico does on a node.',
        }),
        ratePanel({
          id: 'iptables-restore-errors',
          title: 'Iptables restore failures',
          metric: m.felix_iptables_restore_errors,
          description:
            'iptables-restore calls that failed. Felix writes its rule updates with iptables-restore (ip6tables-restore ' +
            "for IPv6); a failure means the node's rules did not change as intended.",
        }),
        ratePanel({
          id: 'log-errors',
          title: 'Logging errors',
          metric: m.felix_log_errors,
          description: 'Errors felix hit while writing its own logs.',
        }),
      ],
    },
    {
      title: 'Latency',
      signal: 'latency',
      description:
        'Calico provides no buckets: its latency metrics are summaries with the quantiles 0.5, 0.9 and 0.99, computed ' +
        'by each felix. Compare them per node; averaging quantiles across nodes means nothing.',
      panels: [
        quantilePanel({
          id: 'calc-graph-update-time',
          title: 'Datastore OnUpdate (calculation graph)',
          metric: m.felix_calc_graph_update_time_seconds,
          description:
            'Time to update the calculation graph for each datastore OnUpdate call: how long felix takes to digest a ' +
            'change to pods, policies or other Calico resources.',
        }),
        quantilePanel({
          id: 'dataplane-apply-time',
          title: 'Dataplane update',
          metric: m.felix_int_dataplane_apply_time_seconds,
          description: 'Time to apply a dataplane update: the delay between felix deciding on a change and the node enforcing it.',
        }),
        quantilePanel({
          id: 'iptables-lock-acquire-time',
          title: 'Iptables lock acquisition',
          metric: m.felix_iptables_lock_acquire_secs,
          description:
            'Time to acquire the iptables lock. Felix shares the lock with every other process that edits iptables on ' +
            'the node (kube-proxy among them); long waits delay rule updates.',
        }),
        quantilePanel({
          id: 'route-table-list-time',
          title: 'Interface listing during resync',
          metric: m.felix_route_table_list_seconds,
          description: 'Time to list all the interfaces during a route table resync.',
        }),
        quantilePanel({
          id: 'route-table-iface-sync-time',
          title: 'Interface sync',
          metric: m.felix_route_table_per_iface_sync_seconds,
          description: 'Time to sync the routes of each interface.',
        }),
        quantilePanel({
          id: 'exec-time',
          title: 'Fork/exec of child processes',
          metric: m.felix_exec_time_micros,
          description: 'Time to fork/exec the child processes felix runs, such as iptables-restore and ipset (reported in microseconds).',
        }),
      ],
    },
    {
      title: 'Saturation',
      signal: 'saturation',
      description:
        'Batch size is how Calico shows saturation: felix batches dataplane messages when it falls behind, so larger ' +
        'batches mean it is working harder to keep up.',
      panels: [
        quantilePanel({
          id: 'dataplane-msg-batch-size',
          title: 'Dataplane message batch size',
          metric: m.felix_int_dataplane_msg_batch_size,
          description: 'Messages processed in each dataplane batch. Higher values indicate more batching to try to keep up.',
        }),
        quantilePanel({
          id: 'dataplane-iface-msg-batch-size',
          title: 'Interface state message batch size',
          metric: m.felix_int_dataplane_iface_msg_batch_size,
          description: 'Interface state messages processed in each batch. Higher values indicate more batching to try to keep up.',
        }),
        quantilePanel({
          id: 'dataplane-addr-msg-batch-size',
          title: 'Interface address message batch size',
          metric: m.felix_int_dataplane_addr_msg_batch_size,
          description: 'Interface address messages processed in each batch. Higher values indicate more batching to try to keep up.',
        }),
      ],
    },
    {
      title: 'Traffic',
      signal: 'traffic',
      description:
        'Ipset and iptables commands are the lowest level of Calico: every policy or endpoint that is created, updated ' +
        'or deleted becomes these commands, so their rates are the work Calico does on each node.',
      panels: [
        ratePanel({ id: 'ipset-calls', title: 'Ipset commands', metric: m.felix_ipset_calls, description: 'Ipset commands executed.' }),
        ratePanel({
          id: 'ipset-lines',
          title: 'Ipset operations',
          metric: m.felix_ipset_lines_executed,
          description: 'Ipset operations executed (lines fed to ipset).',
        }),
        ratePanel({
          id: 'iptables-lines',
          title: 'Iptables rule updates',
          metric: m.felix_iptables_lines_executed,
          by: ['table'],
          description: 'Iptables rule updates executed, by table (filter, nat, mangle, raw), IPv4 and IPv6 together.',
        }),
        ratePanel({
          id: 'iptables-restore-calls',
          title: 'Iptables-restore calls',
          metric: m.felix_iptables_restore_calls,
          description: 'iptables-restore calls executed.',
        }),
        ratePanel({
          id: 'iptables-save-calls',
          title: 'Iptables-save calls',
          metric: m.felix_iptables_save_calls,
          description: 'iptables-save calls executed.',
        }),
      ],
    },
    ipamRow(p),
  ],
});

export const dashboards = (p: CalicoParams): Dashboard[] => [calico(p)];
