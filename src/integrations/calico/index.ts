import { defineIntegration } from '../../model/index.js';
import { alerts } from './alerts.js';
import { dashboards } from './dashboards.js';
import { docs } from './docs.js';
import { jobs } from './jobs.js';
import { metrics } from './metrics.js';
import { params } from './params.js';

export default defineIntegration({
  params,
  define: (p) => ({
    id: 'calico',
    name: 'Calico',
    description:
      'Calico networking and network policy: felix dataplane health (errors, latency, saturation, traffic) and cluster-wide policy counts, from the metrics felix and calico-kube-controllers expose natively.',
    versions: ['3.23.3'],
    exporter: 'Built in: felix and calico-kube-controllers expose Prometheus metrics natively; no exporter is needed.',
    metrics,
    alerts: alerts(p),
    dashboards,
    jobs,
    docs,
  }),
});
