import { catalog, metricList, metricsOf } from 'intgen';
import { felixJob, kubeControllersJob } from './jobs.js';

// Types and help texts as felix and calico-kube-controllers 3.23 register them. Counters carry no _total suffix
// in this version.
const felix = metricsOf(felixJob.id);
const kubeControllers = metricsOf(kubeControllersJob.id);

// The labels of kube-controllers' IPAM metrics. Its one target reports the whole cluster, so `node` takes a
// value per node: the cardinality is a typical cluster's, for the series estimate.
const ippool = {
  name: 'ippool',
  description: 'The IP pool the block lies in; `no_ippool` for blocks no IP pool covers.',
  cardinality: 2,
};
/** The pool size names the pool itself; blocks outside any pool have no size. */
const sizedPool = { ...ippool, description: 'The IP pool.' };
const typicalNodes = 10;
const allocationNode = {
  name: 'node',
  description: 'The node the allocation was made on; `unknown_node` when the allocation records none.',
  cardinality: typicalNodes,
};
/** The legacy per-node gauges leave out allocations that record no node. */
const legacyAllocationNode = { ...allocationNode, description: 'The node the allocation was made on.' };
const blockNode = {
  name: 'node',
  description: 'The node the block is affine to; `no_affinity` for blocks affine to none.',
  cardinality: typicalNodes,
};

/** The catalog by name: `m.felix_ipset_errors` (a misspelt name does not compile). */
export const m = catalog(
  felix.summary('felix_calc_graph_update_time_seconds', 'Seconds to update calculation graph for each datastore OnUpdate call.', {
    unit: 'seconds',
  }),
  felix.gauge('felix_cluster_num_hosts', 'Total number of Calico hosts in the cluster.'),
  felix.gauge('felix_cluster_num_policies', 'Total number of policies cluster-wide.'),
  felix.gauge('felix_cluster_num_profiles', 'Total number of profiles cluster-wide.'),
  felix.summary('felix_exec_time_micros', 'Summary of time taken to fork/exec child processes (microseconds).', { unit: 'microseconds' }),
  felix.summary(
    'felix_int_dataplane_addr_msg_batch_size',
    "Number of interface address messages processed in each batch. Higher values indicate we're doing more batching to try to keep up.",
  ),
  felix.summary('felix_int_dataplane_apply_time_seconds', 'Time in seconds that it took to apply a dataplane update.', { unit: 'seconds' }),
  felix.counter('felix_int_dataplane_failures', 'Number of times dataplane updates failed and will be retried.'),
  felix.summary(
    'felix_int_dataplane_iface_msg_batch_size',
    "Number of interface state messages processed in each batch. Higher values indicate we're doing more batching to try to keep up.",
  ),
  felix.summary(
    'felix_int_dataplane_msg_batch_size',
    "Number of messages processed in each batch. Higher values indicate we're doing more batching to try to keep up.",
  ),
  felix.counter('felix_ipset_calls', 'Number of ipset commands executed.'),
  felix.counter('felix_ipset_errors', 'Number of ipset command failures.'),
  felix.counter('felix_ipset_lines_executed', 'Number of ipset operations executed.'),
  felix.counter('felix_iptables_lines_executed', 'Number of iptables rule updates executed.', {
    labels: [
      { name: 'ip_version', description: 'IP version of the table: 4 or 6.', cardinality: 2 },
      { name: 'table', description: 'iptables table: filter, nat, mangle or raw.', cardinality: 4 },
    ],
  }),
  felix.summary('felix_iptables_lock_acquire_secs', 'Time in seconds that it took to acquire the iptables lock(s).', { unit: 'seconds' }),
  felix.counter('felix_iptables_restore_calls', 'Number of iptables-restore calls.'),
  felix.counter('felix_iptables_restore_errors', 'Number of iptables-restore errors.'),
  felix.counter('felix_iptables_save_calls', 'Number of iptables-save calls.'),
  felix.counter('felix_iptables_save_errors', 'Number of iptables-save errors.'),
  felix.counter('felix_log_errors', 'Number of errors encountered while logging.'),
  felix.summary('felix_route_table_list_seconds', 'Time taken to list all the interfaces during a resync.', { unit: 'seconds' }),
  felix.summary('felix_route_table_per_iface_sync_seconds', 'Time taken to sync each interface.', { unit: 'seconds' }),
  kubeControllers.gauge('ipam_allocations_in_use', 'IPs currently allocated in IPAM to a workload or tunnel endpoint.', {
    labels: [ippool, allocationNode],
  }),
  kubeControllers.gauge(
    'ipam_allocations_borrowed',
    'IPs currently allocated in IPAM to a workload or tunnel endpoint, where the allocation was borrowed from a block affine to another node.',
    { labels: [ippool, allocationNode] },
  ),
  kubeControllers.gauge(
    'ipam_allocations_gc_candidates',
    'Allocations that are currently marked by the garbage collector as potential candidates to reclaim. Under normal operation, this metric should return to zero after the garbage collector confirms that this allocation can be reclaimed and reclaims it, or the allocation is confirmed as valid.',
    { labels: [ippool, allocationNode] },
  ),
  kubeControllers.counter(
    'ipam_allocations_gc_reclamations',
    'The total allocations that have been reclaimed by the garbage collector over time. Under normal operation, this counter should increase, and increases of this counter should align to a return to zero for the candidate gauge.',
    { labels: [ippool, allocationNode] },
  ),
  kubeControllers.gauge('ipam_blocks', 'IPAM blocks currently allocated for the IP pool.', { labels: [ippool, blockNode] }),
  kubeControllers.gauge('ipam_ippool_size', 'Total number of addresses in the IP Pool', { labels: [sizedPool] }),
  // Legacy: the per-node forms that ipam_blocks, ipam_allocations_in_use and ipam_allocations_borrowed replace.
  kubeControllers.gauge('ipam_blocks_per_node', 'Number of blocks in IPAM', { labels: [blockNode] }),
  kubeControllers.gauge('ipam_allocations_per_node', 'Number of IPs allocated', { labels: [legacyAllocationNode] }),
  kubeControllers.gauge('ipam_allocations_borrowed_per_node', 'Number of allocated IPs that are from non-affine blocks.', {
    labels: [legacyAllocationNode],
  }),
);

/** Legacy per-node gauges that calico-kube-controllers still exposes for dashboards built before Calico 3.23. */
export const legacyMetrics = [m.ipam_blocks_per_node, m.ipam_allocations_per_node, m.ipam_allocations_borrowed_per_node];

export const metrics = metricList(m);
