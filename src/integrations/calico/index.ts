import { defineIntegration } from 'intgen';
import { alerts } from './alerts.js';
import { dashboards } from './dashboards.js';
import { docs } from './docs.js';
import { jobs } from './jobs.js';
import { legacyMetrics, metrics } from './metrics.js';
import { params } from './params.js';

export default defineIntegration({
  params,
  define: (p) => {
    if (p.ipPoolUtilizationWarning >= p.ipPoolUtilizationCritical) {
      throw new Error(
        `ipPoolUtilizationWarning (${p.ipPoolUtilizationWarning}) must be below ipPoolUtilizationCritical (${p.ipPoolUtilizationCritical})`,
      );
    }
    return {
      id: 'calico',
      name: 'Calico',
      description:
        'Calico networking and network policy: felix dataplane health (errors, latency, saturation, traffic) and cluster-wide policy counts, and IP address management (pool utilization, blocks, leaked allocations) from calico-kube-controllers; both expose their metrics natively.',
      versions: ['3.23.3'],
      exporter: 'Built in: felix and calico-kube-controllers expose Prometheus metrics natively; no exporter is needed.',
      metrics,
      alerts: alerts(p),
      dashboards: dashboards(p),
      jobs,
      docs,
      lintExclusions: legacyMetrics.map((metric) => ({
        rule: 'metric/unused',
        item: metric.name,
        reason: 'Legacy per-node gauge, kept for dashboards built on it; the panels read its per-pool replacement.',
      })),
    };
  },
});
