// Lint never throws: whatever the definition and whatever text sits in its fields, it returns findings,
// each naming a known rule, a path that exists, and a range inside the text at that path.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Alert, Dashboard, Integration, Metric, Panel, Query, ScrapeJob } from '../../src/model/index.js';
import { lintIntegration, lintRuleIds, type LintResult } from '../../src/lint/lint.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { valueAt } from './fixture-assertions.js';

const metricNames = ['demo_errors', 'demo_queue_length', 'demo_request_seconds', 'demo_request_seconds_count', 'up'];
const fragments = [
  ...metricNames,
  'rate(',
  'irate(',
  'increase(',
  'sum by (instance) (',
  'without (pod)',
  'count_values("v", ',
  'histogram_quantile(0.9, ',
  'label_replace(',
  'absent(',
  ')',
  '(',
  '[5m]',
  '[1m:]',
  '[$__rate_interval]',
  '$__interval',
  '${node}',
  '$x',
  '{',
  '}',
  'quantile="0.9"',
  'quantile=~"0.(9',
  ' > ',
  ' > bool ',
  ' and on (instance) ',
  ' * on (a) group_left (b) ',
  ' or ',
  ',',
  '"',
  "'",
  '`',
  '#',
  '\n',
  ' offset 5m',
  '@ start()',
  '{{',
  '}}',
  '{{-',
  '-}}',
  '$labels.',
  '.Labels.',
  'instance',
  '$value',
  ' | humanize',
  'index $labels "',
  'if ',
  'else',
  'end',
  'range $i, $x := ',
  ' := ',
  '/*',
  '*/',
  'printf "%s" ',
  '\\',
  '\u{1F600}',
  '\uD800',
];
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.array(fc.constantFrom(...fragments), { maxLength: 14 }).map((parts) => parts.join('')),
);
const name = fc.oneof(fc.constantFrom(...metricNames), text);
const ids = fc.constantFrom('a', 'b', 'demo-default');
const labels = fc.dictionary(fc.constantFrom('team', 'severity', 'runbook'), text, { maxKeys: 2 });
const duration = fc.oneof(fc.constantFrom('30s', '1m', '5m', '1h30m', ''), text);

const metric: fc.Arbitrary<Metric> = fc.record(
  {
    name,
    type: fc.constantFrom('counter', 'gauge', 'summary', 'histogram'),
    help: text,
    unit: fc.constant('count'),
    job: ids,
    quantiles: fc.array(fc.double(), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<[number, ...number[]]>,
    buckets: fc.array(fc.double(), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<[number, ...number[]]>,
  },
  { requiredKeys: ['name', 'type', 'help', 'unit', 'job'] },
);

const job: fc.Arbitrary<ScrapeJob> = fc.record(
  {
    id: ids,
    description: text,
    containers: fc.array(text, { minLength: 1, maxLength: 2 }) as fc.Arbitrary<[string, ...string[]]>,
    integrationType: text,
    port: fc.integer(),
    path: text,
    scrapeInterval: duration,
    copyPodMetadata: fc.subarray(['uid', 'name', 'namespace', 'container_name', 'node_name'] as const),
    copyPodLabels: fc.array(text, { maxLength: 2 }),
    keepMetrics: fc.constantFrom('catalog', 'all'),
  },
  { requiredKeys: ['id', 'description', 'containers', 'integrationType', 'port', 'keepMetrics'] },
);

const alert: fc.Arbitrary<Alert> = fc.record(
  {
    id: fc.oneof(fc.constantFrom('DemoErrors', 'DemoSlow'), text),
    title: text,
    expr: text,
    for: duration,
    severity: fc.constantFrom('critical', 'warning', 'info'),
    labels,
    summary: text,
    description: text,
    tests: fc.array(
      fc.record({
        name: text,
        series: fc.array(fc.record({ series: text, values: text }), { minLength: 1, maxLength: 2 }) as fc.Arbitrary<
          [{ series: string; values: string }, ...{ series: string; values: string }[]]
        >,
        evalTime: duration,
        alerts: fc.array(fc.record({ labels, summary: text, description: text }), { maxLength: 1 }),
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['id', 'title', 'expr', 'for', 'severity', 'summary', 'description'] },
);

const panelFields = { id: fc.constantFrom('p1', 'p2', 'p3'), title: text, description: text };
const panel: fc.Arbitrary<Panel> = fc.oneof(
  fc.record({
    ...panelFields,
    type: fc.constantFrom('timeseries', 'stat', 'table'),
    queries: fc.array(fc.record({ expr: text, legend: text }, { requiredKeys: ['expr'] }), { minLength: 1, maxLength: 2 }) as fc.Arbitrary<
      [Query, ...Query[]]
    >,
  }),
  fc.record({ ...panelFields, type: fc.constant('text'), content: text }),
);

const dashboard: fc.Arbitrary<Dashboard> = fc.record({
  id: fc.constantFrom('d1', 'd2'),
  title: text,
  description: text,
  variables: fc.array(fc.record({ name: fc.constantFrom('instance', 'node'), label: text, metric: name }), { maxLength: 2 }),
  rows: fc.array(
    fc.record(
      { title: text, panels: fc.array(panel, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<[Panel, ...Panel[]]> },
      { requiredKeys: ['title', 'panels'] },
    ),
    { minLength: 1, maxLength: 2 },
  ) as fc.Arbitrary<Dashboard['rows']>,
});

const integration: fc.Arbitrary<Integration> = fc.record(
  {
    id: text,
    name: text,
    description: text,
    versions: fc.array(text, { minLength: 1, maxLength: 1 }) as fc.Arbitrary<[string]>,
    exporter: text,
    metrics: fc.array(metric, { minLength: 1, maxLength: 4 }) as fc.Arbitrary<[Metric, ...Metric[]]>,
    externalSeries: fc.array(name, { maxLength: 2 }),
    alerts: fc.dictionary(
      fc.constantFrom('g1', 'g2'),
      fc.array(alert, { minLength: 1, maxLength: 3 }) as fc.Arbitrary<[Alert, ...Alert[]]>,
      {
        maxKeys: 2,
      },
    ),
    recordingRules: fc.dictionary(
      fc.constantFrom('g1', 'r1'),
      fc.array(fc.record({ record: name, expr: text }), { minLength: 1, maxLength: 2 }) as fc.Arbitrary<[{ record: string; expr: string }]>,
      { maxKeys: 2 },
    ),
    dashboards: fc.array(dashboard, { maxLength: 2 }),
    jobs: fc.array(job, { minLength: 1, maxLength: 2 }) as fc.Arbitrary<[ScrapeJob, ...ScrapeJob[]]>,
    docs: fc.constant({ prerequisites: [], installation: [] }),
    lintExclusions: fc.array(
      fc.record({ rule: fc.oneof(fc.constantFrom(...lintRuleIds), text), item: fc.oneof(name, text), reason: text }),
      {
        maxLength: 2,
      },
    ),
  },
  { requiredKeys: ['id', 'name', 'description', 'versions', 'exporter', 'metrics', 'alerts', 'dashboards', 'jobs', 'docs'] },
);

/** What every result must satisfy: known rules, resolvable paths, ranges inside their text. */
function expectWellFormed(definition: Integration, result: LintResult): void {
  for (const f of [...result.findings, ...result.excluded.map((e) => e.finding)]) {
    expect(lintRuleIds).toContain(f.rule);
    expect(['error', 'warning']).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    const at = valueAt(definition, f.path);
    // A finding about something missing names the property it should be in, inside an object that exists.
    const parent = f.path.replace(/(?:\.[^.[\]]+|\[\d+\])$/, '');
    expect(at ?? valueAt(definition, parent), `${f.rule} ${f.path}`).toBeDefined();
    if (f.range) {
      expect(typeof at, `${f.rule} ${f.path}`).toBe('string');
      expect(
        0 <= f.range.from && f.range.from <= f.range.to && f.range.to <= (at as string).length,
        `${f.rule} ${f.path} ${JSON.stringify(f.range)}`,
      ).toBe(true);
    }
  }
}

test('random definitions: lint returns well-formed findings and never throws', () => {
  fc.assert(
    fc.property(integration, (definition) => {
      expectWellFormed(definition, lintIntegration(definition));
    }),
    { numRuns: 200 },
  );
});

test('random text in every text field of a valid definition: lint returns well-formed findings', () => {
  const fields = fc.record({
    expr: text,
    title: text,
    summary: text,
    description: text,
    testSeries: text,
    panelTitle: text,
    panelDescription: text,
    query: text,
    legend: text,
    help: text,
  });
  fc.assert(
    fc.property(fields, (f) => {
      const definition = baseIntegration();
      const a = definition.alerts['demo-errors']![0];
      Object.assign(a, { expr: f.expr, title: f.title, summary: f.summary, description: f.description });
      a.tests![0]!.series[0].series = f.testSeries;
      const p = definition.dashboards[0]!.rows[0].panels[0];
      Object.assign(p, { title: f.panelTitle, description: f.panelDescription, queries: [{ expr: f.query, legend: f.legend }] });
      definition.metrics[0].help = f.help;
      expectWellFormed(definition, lintIntegration(definition));
    }),
    { numRuns: 500 },
  );
});
