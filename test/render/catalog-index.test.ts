import { describe, expect, it } from 'vitest';
import { estimateJobSeries, estimateSeries, exposedFamilies } from '../../src/analysis/relabel/series-estimate.js';
import type { Dashboard, Integration, Metric, ScrapeJob } from '../../src/model/index.js';
import { catalogEntry } from '../../src/outputs/catalog-index/entry.js';
import { renderCatalogIndex } from '../../src/outputs/catalog-index/render.js';
import type { RenderContext } from '../../src/core/types.js';
import { defineCalico } from '../helpers/calico.js';

function calicoContext(): RenderContext {
  return { integration: defineCalico(), params: [], sourceModule: 'src/integrations/calico/index.ts', config: {} };
}

function withIntegration(ctx: RenderContext, changes: Partial<Integration>): RenderContext {
  return { ...ctx, integration: { ...ctx.integration, ...changes } };
}

interface IndexEntry {
  id: string;
  name: string;
  versions: string[];
  counts: Record<string, number>;
  seriesPerTarget: unknown[];
  parameters: unknown[];
  dashboards: { id: string; title: string }[];
  files: string[];
}

function renderIndex(
  contexts: RenderContext[],
  rendered: ReadonlyMap<string, string> = new Map(),
): { text: string; integrations: IndexEntry[] } {
  const filesOf = (ctx: RenderContext) => [...rendered.keys()].filter((file) => file.startsWith(`${ctx.integration.id}/`));
  const file = renderCatalogIndex(contexts.map((ctx) => catalogEntry(ctx, filesOf(ctx))));
  expect(file.path).toBe('index.json');
  const text = file.content;
  return { text, integrations: (JSON.parse(text) as { integrations: IndexEntry[] }).integrations };
}

const dashboard: Dashboard = {
  id: 'felix',
  title: 'Felix',
  description: 'Felix health.',
  variables: [],
  rows: [
    { title: 'Errors', panels: [{ id: 'a', type: 'stat', title: 'A', description: 'a', queries: [{ expr: 'felix_cluster_num_hosts' }] }] },
    {
      title: 'Traffic',
      panels: [
        { id: 'b', type: 'timeseries', title: 'B', description: 'b', queries: [{ expr: 'rate(felix_ipset_calls[5m])' }] },
        { id: 'c', type: 'text', title: 'C', description: 'c', content: 'text' },
      ],
    },
  ],
};

describe('catalog index', () => {
  it('lists Calico with its counts, series estimate and files', () => {
    const ctx = calicoContext();
    const { integration } = ctx;
    const { integrations } = renderIndex([ctx]);
    expect(integrations.map((entry) => entry.id)).toEqual(['calico']);
    const [entry] = integrations;
    expect(entry?.name).toBe('Calico');
    expect(entry?.versions).toEqual(['3.23.3']);
    const alertGroups = Object.values(integration.alerts);
    expect(entry?.counts).toEqual({
      metrics: 31,
      alerts: alertGroups.reduce((total, group) => total + (group?.length ?? 0), 0),
      recordingRules: Object.values(integration.recordingRules ?? {}).reduce((total, group) => total + (group?.length ?? 0), 0),
      dashboards: integration.dashboards.length,
      panels: integration.dashboards.reduce((total, d) => total + d.rows.reduce((sum, row) => sum + row.panels.length, 0), 0),
      jobs: 2,
    });
    expect(entry?.seriesPerTarget).toEqual([
      { job: 'calico-node-default', keepMetrics: 'catalog', metrics: 22, exposedPerTarget: 65, seriesPerTarget: 47 },
      { job: 'calico-controller-default', keepMetrics: 'catalog', metrics: 9, exposedPerTarget: 132, seriesPerTarget: 132 },
    ]);
  });

  it('lists the parameters with their defaults and the values of this build', () => {
    const ctx = calicoContext();
    const params = [{ name: 'errorWindow', type: 'duration' as const, description: 'd', default: '5m', value: '10m' }];
    const { integrations } = renderIndex([{ ...ctx, params }]);
    expect(integrations[0]?.parameters).toEqual([{ name: 'errorWindow', type: 'duration', default: '5m', value: '10m' }]);
  });

  it('counts dashboards and panels and lists each dashboard file per product', () => {
    const { integrations } = renderIndex([withIntegration(calicoContext(), { dashboards: [dashboard] })]);
    expect(integrations[0]?.counts.dashboards).toBe(1);
    expect(integrations[0]?.counts.panels).toBe(3);
    expect(integrations[0]?.dashboards).toEqual([{ id: 'felix', title: 'Felix' }]);
  });

  it('lists exactly the files rendered for each integration, sorted', () => {
    const ctx = calicoContext();
    const other = withIntegration(ctx, { id: 'calico-two' });
    const rendered = new Map([
      ['calico/prometheus/rules.yaml', ''],
      ['calico-two/README.md', ''],
      ['calico/README.md', ''],
      ['calico/dashboards/grafana/felix.json', ''],
    ]);
    const { integrations } = renderIndex([ctx, other], rendered);
    expect(integrations.map((entry) => [entry.id, entry.files])).toEqual([
      ['calico', ['calico/README.md', 'calico/dashboards/grafana/felix.json', 'calico/prometheus/rules.yaml']],
      ['calico-two', ['calico-two/README.md']],
    ]);
  });

  it('sorts integrations by id and renders the same bytes whatever the input order', () => {
    const ctx = calicoContext();
    const other = withIntegration(ctx, { id: 'aardvark', name: 'Aardvark' });
    const zebra = withIntegration(ctx, { id: 'zebra', name: 'Zebra' });
    const forward = renderIndex([zebra, ctx, other]);
    expect(forward.integrations.map((entry) => entry.id)).toEqual(['aardvark', 'calico', 'zebra']);
    expect(renderIndex([other, ctx, zebra]).text).toBe(forward.text);
    expect(forward.text.endsWith('}\n')).toBe(true);
  });
});

describe('series estimate', () => {
  const job: ScrapeJob = {
    id: 'app',
    description: 'An app.',
    containers: ['app'],
    integrationType: 'app',
    port: 8080,
    keepMetrics: 'catalog',
  };
  const catalog: Metric[] = [
    // 3 × 2 label values: 6 series.
    {
      name: 'app_requests',
      type: 'counter',
      help: 'Requests.',
      unit: 'count',
      job: 'app',
      labels: [
        { name: 'code', cardinality: 3 },
        { name: 'method', cardinality: 2 },
      ],
    },
    // 1 series.
    { name: 'app_up', type: 'gauge', help: 'Up.', unit: 'none', job: 'app' },
    // 2 label values × (3 quantiles + _sum + _count) = 10 series, of which the 6 quantile series carry the metric's own name.
    {
      name: 'app_latency_seconds',
      type: 'summary',
      help: 'Latency.',
      unit: 'seconds',
      job: 'app',
      quantiles: [0.5, 0.9, 0.99],
      labels: [{ name: 'route', cardinality: 2 }],
    },
    // 3 buckets + +Inf + _sum + _count = 6 series, none of them named app_size_bytes itself.
    { name: 'app_size_bytes', type: 'histogram', help: 'Sizes.', unit: 'bytes', job: 'app', buckets: [100, 1000, 10000] },
    // Another job's metric: not counted for this one.
    { name: 'other_total', type: 'counter', help: 'Other.', unit: 'count', job: 'other' },
  ];

  it('lists what each metric type exposes', () => {
    expect(catalog.map(exposedFamilies)).toEqual([
      [{ name: 'app_requests', series: 6 }],
      [{ name: 'app_up', series: 1 }],
      [
        { name: 'app_latency_seconds', series: 6 },
        { name: 'app_latency_seconds_sum', series: 2 },
        { name: 'app_latency_seconds_count', series: 2 },
      ],
      [
        { name: 'app_size_bytes_bucket', series: 4 },
        { name: 'app_size_bytes_sum', series: 1 },
        { name: 'app_size_bytes_count', series: 1 },
      ],
      [{ name: 'other_total', series: 1 }],
    ]);
  });

  it('equals the hand-computed count for a small catalog, after the keep-list', () => {
    // Exposed: 6 + 1 + 10 + 6 = 23. The keep-list keeps the counter, the gauge, the summary's quantile series
    // (not its _sum and _count) and all of the histogram's series: 6 + 1 + 6 + 6 = 19.
    expect(estimateJobSeries(job, catalog)).toEqual({
      job: 'app',
      keepMetrics: 'catalog',
      metrics: 4,
      exposedPerTarget: 23,
      seriesPerTarget: 19,
    });
  });

  it('counts a native histogram as one series per label set, kept under its own name', () => {
    const native: Metric = {
      name: 'app_wait_seconds',
      type: 'histogram',
      histogram: 'native',
      help: 'Waits.',
      unit: 'seconds',
      job: 'app',
      labels: [{ name: 'queue', cardinality: 3 }],
    };
    expect(exposedFamilies(native)).toEqual([{ name: 'app_wait_seconds', series: 3 }]);
    expect(estimateJobSeries(job, [native])).toMatchObject({ exposedPerTarget: 3, seriesPerTarget: 3 });
  });

  it('reports a job that keeps everything as unbounded', () => {
    const everything: ScrapeJob = { ...job, id: 'other', keepMetrics: 'all' };
    expect(estimateSeries({ jobs: [job, everything], metrics: catalog }).map((estimate) => estimate.seriesPerTarget)).toEqual([
      19,
      'unbounded',
    ]);
  });
});
