import type { Docs } from 'intgen';

export const docs: Docs = {
  prerequisites: [
    {
      title: 'Verify the calico-node pods',
      body: [
        'Once Calico is installed in the cluster, the calico-node DaemonSet runs one calico-node pod on every node.',
        'If the pods take too long to appear, check the node labels: describe your nodes and look for the',
        '`projectcalico.org/ds-ready=true` label. If a node lacks it, add it:',
      ].join('\n'),
      commands: [{ command: 'kubectl label nodes <node-name> projectcalico.org/ds-ready=true' }],
    },
    {
      title: 'Enable Calico Prometheus metrics',
      body: [
        'Felix, the Calico agent inside every calico-node pod, can expose Prometheus metrics natively, but the option',
        'is not always enabled. Turn it on in the default FelixConfiguration; felix then serves its metrics on port 9091.',
      ].join('\n'),
      commands: [
        {
          command: `kubectl patch felixconfiguration default --type merge --patch '{"spec":{"prometheusMetricsEnabled": true}}'`,
          output: 'felixconfiguration.projectcalico.org/default patched',
        },
      ],
    },
  ],
  installation: [
    {
      title: 'No exporter to install',
      body: [
        'Felix and calico-kube-controllers expose their metrics themselves: once the prerequisites are met, nothing',
        'else has to run in the cluster.',
      ].join('\n'),
    },
    {
      title: 'Enable the integration',
      body: [
        'The integration is disabled by default in Sysdig Monitor: enable it in your account (see *Enable and Disable',
        'Integrations*). The Sysdig agent then scrapes with the default jobs listed under *Agent configuration*:',
        '',
        '- `calico-node-default` scrapes felix on port 9091 of every `calico-node` container on the node and keeps',
        '  only the metrics of this integration.',
        '- `calico-controller-default` scrapes `calico-kube-controllers` on port 9094 and keeps only its IPAM metrics',
        '  listed under *Metrics* (see *calico-kube-controllers metrics* below).',
        '',
        'A pod whose `promcat.sysdig.com/integration_type` annotation names another integration is left to that',
        'integration, and a pod annotated `promcat.sysdig.com/omit: "true"` is not scraped at all.',
      ].join('\n'),
    },
  ],
  notes: [
    {
      title: 'Metric names across Calico versions',
      body: [
        'The catalog follows Calico 3.23, where felix counters carry no `_total` suffix. Later versions differ:',
        '',
        '- `felix_route_table_list_seconds` and `felix_route_table_per_iface_sync_seconds` were removed in Calico 3.29.',
        '- `felix_iptables_lock_acquire_secs` was removed in Calico 3.32.',
        '- Later versions describe `felix_int_dataplane_apply_time_seconds` as the time of each incremental update',
        '  after the initial resync.',
        '',
        'On newer versions the panels and alerts built on removed metrics show no data.',
      ].join('\n'),
    },
    {
      title: 'calico-kube-controllers metrics',
      body: [
        'calico-kube-controllers reports Calico IP address management for the whole cluster on port 9094: per IP pool',
        "and node, the allocations in use, borrowed from another node's block and marked by the garbage collector as",
        'possible leaks, the blocks, and the pool sizes. The alerts warn when a pool fills up (`ipPoolUtilizationWarning`,',
        '`ipPoolUtilizationCritical`) and when allocations stay garbage-collection candidates for `ipamLeakFor`.',
        '',
        "Sysdig's default `calico-controller-default` job keeps everything kube-controllers exposes. This job keeps the",
        'catalog instead, so its series are bounded by the pools and nodes of the cluster: what it drops are the Go',
        'runtime and process metrics (`go_*`, `process_*`, `promhttp_*`), which no alert or panel reads. The legacy',
        'per-node gauges `ipam_blocks_per_node`, `ipam_allocations_per_node` and `ipam_allocations_borrowed_per_node`',
        'stay in the catalog for dashboards built on them; the panels read `ipam_blocks`, `ipam_allocations_in_use`',
        'and `ipam_allocations_borrowed`, which add the IP pool.',
      ].join('\n'),
    },
  ],
};
