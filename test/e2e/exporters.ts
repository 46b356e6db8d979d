// Felix-like and calico-kube-controllers-like exporters: node:http servers on loopback addresses serving the
// Prometheus text format at /metrics, on the ports the real components listen on. They model the software,
// not the integration under test: metric names, types and ports are Calico 3.23's, written out here, so a
// catalog or job that disagrees with Calico fails against them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Felix serves its Prometheus metrics on 9091, calico-kube-controllers on 9094. */
export const felixPort = 9091;
export const kubeControllersPort = 9094;

export type ExporterMode = 'healthy' | 'broken';

type Labels = Record<string, string>;

interface Sample {
  /** Appended to the family name: `_sum`, `_count`, or nothing. */
  suffix?: '_sum' | '_count';
  labels?: Labels;
  value: number;
}

interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'summary';
  help: string;
  samples: Sample[];
}

/** What one scrape sees: how many scrapes came before it in the current mode, and the mode. */
interface ScrapeState {
  mode: ExporterMode;
  /** Scrapes served in total, this one included: traffic counters grow with it. */
  scrape: number;
  /** Scrapes served since the exporter broke, this one included; 0 while healthy. */
  brokenScrapes: number;
}

export interface LatencyLevels {
  /** A latency (seconds) below every alert threshold. */
  healthySeconds: number;
  /** A latency (seconds) far above every alert threshold. */
  brokenSeconds: number;
}

/** How full the small IP pool is, as a share of its addresses. */
export interface PoolLevels {
  /** Below every utilization threshold. */
  healthyShare: number;
  /** Above every utilization threshold, short of full. */
  brokenShare: number;
}

export interface ExporterLevels {
  latency: LatencyLevels;
  pool: PoolLevels;
}

const summaryQuantiles = ['0.5', '0.9', '0.99'] as const;
/** Each quantile as a multiple of the median, so p99 is the highest and p50 still clears a threshold when broken. */
const quantileSpread: Record<(typeof summaryQuantiles)[number], number> = { '0.5': 1, '0.9': 2, '0.99': 4 };

/** A summary whose quantiles sit at `median` (spread upwards), with `_sum`/`_count` growing by one observation per scrape. */
function summary(name: string, help: string, median: number, scrape: number, labels: Labels = {}): Family {
  return {
    name,
    type: 'summary',
    help,
    samples: [
      ...summaryQuantiles.map((quantile) => ({ labels: { ...labels, quantile }, value: median * quantileSpread[quantile] })),
      { suffix: '_sum', labels, value: median * scrape },
      { suffix: '_count', labels, value: scrape },
    ],
  };
}

const single = (name: string, type: Family['type'], help: string, value: number): Family => ({ name, type, help, samples: [{ value }] });

/** The error counters: flat at a few old errors while healthy, growing by one every scrape once broken. */
const errorsBeforeTheTest = 3;

// Felix's latency summaries with the unit each one reports in, and its batch-size summaries.
const felixLatencies: [name: string, unitsPerSecond: number, help: string][] = [
  ['felix_calc_graph_update_time_seconds', 1, 'Seconds to update calculation graph for each datastore OnUpdate call.'],
  ['felix_exec_time_micros', 1e6, 'Summary of time taken to fork/exec child processes (microseconds).'],
  ['felix_int_dataplane_apply_time_seconds', 1, 'Time in seconds that it took to apply a dataplane update.'],
  ['felix_iptables_lock_acquire_secs', 1, 'Time in seconds that it took to acquire the iptables lock(s).'],
  ['felix_route_table_list_seconds', 1, 'Time taken to list all the interfaces during a resync.'],
  ['felix_route_table_per_iface_sync_seconds', 1, 'Time taken to sync each interface.'],
];
const felixBatchSizes: [name: string, help: string][] = [
  ['felix_int_dataplane_msg_batch_size', 'Number of messages processed in each batch.'],
  ['felix_int_dataplane_iface_msg_batch_size', 'Number of interface state messages processed in each batch.'],
  ['felix_int_dataplane_addr_msg_batch_size', 'Number of interface address messages processed in each batch.'],
];
const felixErrorCounters: [name: string, help: string][] = [
  ['felix_int_dataplane_failures', 'Number of times dataplane updates failed and will be retried.'],
  ['felix_ipset_errors', 'Number of ipset command failures.'],
  ['felix_iptables_restore_errors', 'Number of iptables-restore errors.'],
  ['felix_iptables_save_errors', 'Number of iptables-save errors.'],
  ['felix_log_errors', 'Number of errors encountered while logging.'],
];
const felixTrafficCounters: [name: string, help: string, perScrape: number][] = [
  ['felix_ipset_calls', 'Number of ipset commands executed.', 4],
  ['felix_ipset_lines_executed', 'Number of ipset operations executed.', 40],
  ['felix_iptables_restore_calls', 'Number of iptables-restore calls.', 2],
  ['felix_iptables_save_calls', 'Number of iptables-save calls.', 1],
];

/** Everything felix 3.23 exposes that matters here: the integration's 22 metrics and some it does not keep. */
function felixFamilies(state: ScrapeState, latency: LatencyLevels): Family[] {
  const broken = state.mode === 'broken';
  const latencySeconds = broken ? latency.brokenSeconds : latency.healthySeconds;
  const batchMedian = broken ? 500 : 2;
  return [
    ...felixLatencies.map(([name, unitsPerSecond, help]) => summary(name, help, latencySeconds * unitsPerSecond, state.scrape)),
    ...felixBatchSizes.map(([name, help]) => summary(name, help, batchMedian, state.scrape)),
    ...felixErrorCounters.map(([name, help]) => single(name, 'counter', help, errorsBeforeTheTest + state.brokenScrapes)),
    ...felixTrafficCounters.map(([name, help, perScrape]) => single(name, 'counter', help, perScrape * state.scrape)),
    {
      name: 'felix_iptables_lines_executed',
      type: 'counter',
      help: 'Number of iptables rule updates executed.',
      samples: ['4', '6'].flatMap((ipVersion) =>
        ['filter', 'nat', 'mangle', 'raw'].map((table) => ({ labels: { ip_version: ipVersion, table }, value: 10 * state.scrape })),
      ),
    },
    single('felix_cluster_num_hosts', 'gauge', 'Total number of Calico hosts in the cluster.', 3),
    single('felix_cluster_num_policies', 'gauge', 'Total number of policies cluster-wide.', 12),
    single('felix_cluster_num_profiles', 'gauge', 'Total number of profiles cluster-wide.', 5),
    // Exposed by felix, not part of the integration: the felix job must drop these.
    single('felix_active_local_endpoints', 'gauge', 'Number of active endpoints on this host.', 7),
    single('felix_resyncs_started', 'counter', 'Number of times Felix has started resyncing with the datastore.', 1),
    {
      name: 'felix_int_dataplane_messages',
      type: 'counter',
      help: 'Number dataplane messages by type.',
      samples: ['ifaces', 'addrs'].map((type) => ({ labels: { type }, value: 5 * state.scrape })),
    },
    ...goRuntimeFamilies(state),
  ];
}

/** What the Go client library adds to every Go program's /metrics, felix's and kube-controllers' alike. */
function goRuntimeFamilies(state: ScrapeState): Family[] {
  return [
    single('go_goroutines', 'gauge', 'Number of goroutines that currently exist.', 120),
    single('process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', 0.25 * state.scrape),
    single('process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', 52_428_800),
  ];
}

/** The IP pools of the simulated cluster: a roomy default pool, and a small one that fills up once broken. */
export const ipPools = {
  roomy: { name: 'default-ipv4-ippool', size: 65_536 },
  small: { name: 'edge-ippool', size: 256 },
} as const;
export const ipamNodes = ['node-1', 'node-2'] as const;
/** Once broken, the node whose allocations in the small pool the garbage collector cannot reclaim. */
export const leakingNode = ipamNodes[0];
/** Addresses per IPAM block: Calico's default block size, /26. */
const blockSize = 64;

interface PoolState {
  inUse: number;
  borrowed: number;
  gcCandidates: number;
}

/**
 * Per pool and node, what kube-controllers counts. Healthy: a few addresses of the roomy pool and the small pool
 * at its healthy share. Broken: the small pool at its broken share, one node borrowing from the other's blocks and
 * leaked allocations on the other that the garbage collector does not reclaim.
 */
function ipamState(state: ScrapeState, pool: PoolLevels): Map<string, Map<string, PoolState>> {
  const broken = state.mode === 'broken';
  const smallPerNode = Math.floor((ipPools.small.size * (broken ? pool.brokenShare : pool.healthyShare)) / ipamNodes.length);
  const nodes = (perNode: (node: string) => PoolState) => new Map(ipamNodes.map((node) => [node, perNode(node)]));
  return new Map([
    [ipPools.roomy.name, nodes(() => ({ inUse: 14, borrowed: 0, gcCandidates: 0 }))],
    [
      ipPools.small.name,
      nodes((node) => ({
        inUse: smallPerNode,
        borrowed: broken && node !== leakingNode ? 3 : 0,
        gcCandidates: broken && node === leakingNode ? 6 : 0,
      })),
    ],
  ]);
}

/** calico-kube-controllers 3.23: IPAM gauges and the GC reclamation counter by pool and node, and the legacy per-node gauges. */
function kubeControllersFamilies(state: ScrapeState, pool: PoolLevels): Family[] {
  const pools = ipamState(state, pool);
  const perPoolAndNode = (value: (counts: PoolState) => number): Sample[] =>
    [...pools].flatMap(([ippool, nodes]) => [...nodes].map(([node, counts]) => ({ labels: { ippool, node }, value: value(counts) })));
  const blocks = (counts: PoolState) => Math.ceil(counts.inUse / blockSize);
  const perNode = (value: (counts: PoolState) => number): Sample[] =>
    ipamNodes.map((node) => ({
      labels: { node },
      value: [...pools.values()].reduce((total, nodes) => total + value(nodes.get(node)!), 0),
    }));
  const family = (name: string, type: Family['type'], help: string, samples: Sample[]): Family => ({ name, type, help, samples });
  return [
    family(
      'ipam_allocations_in_use',
      'gauge',
      'IPs currently allocated in IPAM to a workload or tunnel endpoint.',
      perPoolAndNode((c) => c.inUse),
    ),
    family(
      'ipam_allocations_borrowed',
      'gauge',
      'IPs currently allocated in IPAM to a workload or tunnel endpoint, where the allocation was borrowed from a block affine to another node.',
      perPoolAndNode((c) => c.borrowed),
    ),
    family(
      'ipam_allocations_gc_candidates',
      'gauge',
      'Allocations that are currently marked by the garbage collector as potential candidates to reclaim. Under normal operation, this metric should return to zero after the garbage collector confirms that this allocation can be reclaimed and reclaims it, or the allocation is confirmed as valid.',
      perPoolAndNode((c) => c.gcCandidates),
    ),
    family(
      'ipam_allocations_gc_reclamations',
      'counter',
      'The total allocations that have been reclaimed by the garbage collector over time. Under normal operation, this counter should increase, and increases of this counter should align to a return to zero for the candidate gauge.',
      perPoolAndNode(() => 2),
    ),
    family('ipam_blocks', 'gauge', 'IPAM blocks currently allocated for the IP pool.', perPoolAndNode(blocks)),
    family(
      'ipam_ippool_size',
      'gauge',
      'Total number of addresses in the IP Pool',
      Object.values(ipPools).map(({ name, size }) => ({ labels: { ippool: name }, value: size })),
    ),
    family('ipam_blocks_per_node', 'gauge', 'Number of blocks in IPAM', perNode(blocks)),
    family(
      'ipam_allocations_per_node',
      'gauge',
      'Number of IPs allocated',
      perNode((c) => c.inUse),
    ),
    family(
      'ipam_allocations_borrowed_per_node',
      'gauge',
      'Number of allocated IPs that are from non-affine blocks.',
      perNode((c) => c.borrowed),
    ),
    ...goRuntimeFamilies(state),
    // The Go client's own handler metrics, which the keep-list drops with the runtime's.
    family('promhttp_metric_handler_requests_total', 'counter', 'Total number of scrapes by HTTP status code.', [
      { labels: { code: '200' }, value: state.scrape },
    ]),
  ];
}

const escapeLabelValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The Prometheus text exposition format, version 0.0.4. */
function exposition(families: Family[]): string {
  const lines = families.flatMap((family) => [
    `# HELP ${family.name} ${family.help}`,
    `# TYPE ${family.name} ${family.type}`,
    ...family.samples.map((sample) => {
      const labels = Object.entries(sample.labels ?? {});
      const labelText = labels.length ? `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}` : '';
      return `${family.name}${sample.suffix ?? ''}${labelText} ${sample.value}`;
    }),
  ]);
  return `${lines.join('\n')}\n`;
}

/** How many samples of each series name (family name plus suffix) one scrape exposes. */
function sampleCounts(families: Family[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const family of families) {
    for (const sample of family.samples) {
      const name = family.name + (sample.suffix ?? '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

export interface Exporter {
  /** host:port the exporter listens on. */
  address: string;
  host: string;
  /** Series names one scrape exposes, with how many samples of each. */
  exposedSamples(): Map<string, number>;
  /** Scrapes served in the current mode, and when the latest of them was served (ms since the epoch). */
  scrapesInMode(): { count: number; lastServedAt: number | undefined };
  close(): Promise<void>;
}

export interface ExporterSet {
  felix: Exporter;
  kubeControllers: Exporter;
  mode(): ExporterMode;
  setMode(mode: ExporterMode): void;
  close(): Promise<void>;
}

/**
 * Loopback addresses in 127.0.0.0/24, from a random start so that concurrent runs of this test rarely meet;
 * every address is tried at most once. 127.0.0.1 is left out: other local services tend to listen there.
 */
export function loopbackAddresses(): () => string {
  const count = 253;
  const start = Math.floor(Math.random() * count);
  let next = 0;
  return () => {
    if (next >= count) throw new Error('no free loopback address left in 127.0.0.2-254');
    const host = `127.0.0.${2 + ((start + next) % count)}`;
    next += 1;
    return host;
  };
}

function listen(server: Server, host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL') resolve(false);
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A bounded number of addresses is tried; each is taken by another process only when a run collides. */
const maxBindAttempts = 20;

async function startExporter(
  nextAddress: () => string,
  port: number,
  families: (state: ScrapeState) => Family[],
  modeOf: () => ExporterMode,
): Promise<Exporter & { modeChanged(): void }> {
  let scrape = 0;
  let brokenScrapes = 0;
  let inMode = { count: 0, lastServedAt: undefined as number | undefined };
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    scrape += 1;
    const mode = modeOf();
    if (mode === 'broken') brokenScrapes += 1;
    const body = exposition(families({ mode, scrape, brokenScrapes }));
    response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(body, () => {
      inMode = { count: inMode.count + 1, lastServedAt: Date.now() };
    });
  });
  for (let attempt = 0; attempt < maxBindAttempts; attempt += 1) {
    const host = nextAddress();
    if (await listen(server, host, port)) {
      const bound = server.address() as AddressInfo;
      return {
        host,
        address: `${bound.address}:${bound.port}`,
        exposedSamples: () => sampleCounts(families({ mode: modeOf(), scrape: 1, brokenScrapes: 0 })),
        scrapesInMode: () => ({ ...inMode }),
        modeChanged: () => {
          inMode = { count: 0, lastServedAt: undefined };
        },
        close: () => closeServer(server),
      };
    }
  }
  throw new Error(`could not bind port ${port} on any of ${maxBindAttempts} loopback addresses`);
}

/** Starts a felix and a calico-kube-controllers exporter, each on its own loopback address; both start healthy. */
export async function startExporters(nextAddress: () => string, levels: ExporterLevels): Promise<ExporterSet> {
  let mode: ExporterMode = 'healthy';
  const modeOf = () => mode;
  const felix = await startExporter(nextAddress, felixPort, (state) => felixFamilies(state, levels.latency), modeOf);
  const kubeControllers = await startExporter(
    nextAddress,
    kubeControllersPort,
    (state) => kubeControllersFamilies(state, levels.pool),
    modeOf,
  ).catch(async (error: unknown) => {
    await felix.close();
    throw error;
  });
  return {
    felix,
    kubeControllers,
    mode: modeOf,
    setMode: (next) => {
      mode = next;
      felix.modeChanged();
      kubeControllers.modeChanged();
    },
    close: async () => {
      await Promise.all([felix.close(), kubeControllers.close()]);
    },
  };
}
