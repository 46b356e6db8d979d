import { catalog, metricList, metricsOf } from '../../model/index.js';
import { felixJob } from './jobs.js';

// Types and help texts as felix 3.23 registers them. Counters carry no _total suffix in this version.
const felix = metricsOf(felixJob.id);

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
);

export const metrics = metricList(m);
