// A small catalog of every metric kind the kit takes, on one job, for the kit's tests.
import { catalog, metricsOf, type ScrapeJob } from '../../../src/model/index.js';

export const job: ScrapeJob = {
  id: 'kit-app',
  description: 'The kit tests’ application.',
  containers: ['kit-app'],
  integrationType: 'kit-app',
  port: 9100,
  scrapeInterval: '10s',
  keepMetrics: 'catalog',
};

const metric = metricsOf(job.id);

export const m = catalog(
  metric.counter('kit_errors_total', 'Requests that failed.'),
  metric.counter('kit_requests_total', 'Requests served.'),
  metric.gauge('kit_queue_length', 'Requests waiting.'),
  metric.gauge('kit_slots_in_use', 'Worker slots in use.', {
    labels: [
      { name: 'pool', cardinality: 2 },
      { name: 'worker', cardinality: 4 },
    ],
  }),
  metric.gauge('kit_slots', 'Worker slots of the pool.', { labels: [{ name: 'pool', cardinality: 2 }] }),
  metric.gauge('kit_replication_lag_milliseconds', 'How far the replica is behind.', { unit: 'milliseconds' }),
  metric.summary('kit_latency_seconds', 'Time to serve a request.', { unit: 'seconds' }),
  metric.summary('kit_lock_wait_milliseconds', 'Time to acquire the lock.', {
    unit: 'milliseconds',
    quantiles: [0.5, 0.75, 0.9, 0.99, 0.999],
  }),
  metric.summary('kit_batch_size', 'Requests per batch.', { quantiles: [0.5, 0.99] }),
  metric.histogram('kit_request_duration_seconds', 'Time to serve a request.', {
    unit: 'seconds',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    labels: [{ name: 'handler', cardinality: 5 }],
  }),
  metric.histogram('kit_response_size_bytes', 'Size of a response.', { unit: 'bytes', buckets: [100, 1000, 10_000, 100_000] }),
  metric.histogram('kit_exec_time_microseconds', 'Time to start a child process.', {
    unit: 'microseconds',
    buckets: [100, 1000, 10_000, 100_000],
  }),
);

export const annotations = {
  summary: ({ instance }: { instance: string }) => `slow on ${instance}`,
  description: ({ instance, value, threshold }: { instance: string; value: string; threshold: string }) =>
    `${value} on ${instance}, above ${threshold}`,
};
