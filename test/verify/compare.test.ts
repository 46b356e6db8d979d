// verify: the catalog against an exposition. A faithful one passes; each kind of mismatch is one finding at the
// catalog entry it is about, so the fix is clear.
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/analysis/exposition.js';
import type { Integration } from '../../src/model/index.js';
import { verifyJob } from '../../src/verify/compare.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';

/** The demo catalog, its errors counter labelled by code (two values on a target). */
function catalog(change: (i: Integration) => void = () => {}): Integration {
  const integration = baseIntegration();
  integration.metrics[0]!.labels = [{ name: 'code', cardinality: 2 }];
  change(integration);
  return integration;
}

/** What a faithful demo exporter exposes, plus some runtime metrics the catalog leaves out. */
const faithful = [
  '# TYPE demo_errors counter',
  'demo_errors{code="500"} 3',
  'demo_errors{code="503"} 1',
  '# TYPE demo_queue_length gauge',
  'demo_queue_length 7',
  '# TYPE demo_request_seconds summary',
  'demo_request_seconds{quantile="0.5"} 0.1',
  'demo_request_seconds{quantile="0.9"} 0.2',
  'demo_request_seconds{quantile="0.99"} 0.4',
  'demo_request_seconds_sum 12',
  'demo_request_seconds_count 80',
  '# TYPE go_goroutines gauge',
  'go_goroutines 20',
];

const verify = (integration: Integration, lines: string[]) =>
  verifyJob(integration, integration.jobs[0]!, parseExposition(lines.join('\n')), 'demo.prom');
const findings = (integration: Integration, lines: string[]) =>
  verify(integration, lines).findings.map((f) => [f.rule, f.severity, f.item, f.path]);
const replace = (from: string, to: string[]) => faithful.flatMap((line) => (line === from ? to : [line]));

describe('verify', () => {
  it('passes a faithful exposition, naming what the catalog leaves out', () => {
    const result = verify(catalog(), faithful);
    expect(result.findings).toEqual([]);
    expect(result.uncatalogued).toEqual(['go_goroutines']);
  });

  it('a metric the exporter does not have', () => {
    expect(findings(catalog(), replace('demo_queue_length 7', []))).toEqual([
      ['verify/missing', 'error', 'demo_queue_length', 'metrics[1]'],
    ]);
  });

  it('a type mismatch', () => {
    expect(findings(catalog(), replace('# TYPE demo_queue_length gauge', ['# TYPE demo_queue_length counter']))).toEqual([
      ['verify/type', 'error', 'demo_queue_length', 'metrics[1].type'],
    ]);
  });

  it('a wrong label: the one declared never appears, the one exposed is undeclared', () => {
    const wrong = catalog((i) => {
      i.metrics[0]!.labels = [{ name: 'type', cardinality: 2 }];
    });
    const result = verify(wrong, faithful);
    expect(result.findings.map((f) => [f.rule, f.path])).toEqual([
      ['verify/undeclared-label', 'metrics[0].labels'],
      ['verify/absent-label', 'metrics[0].labels[0]'],
    ]);
    expect(result.findings[0]!.message).toContain('code (2 values, e.g. "500", "503")');
    expect(result.findings[0]!.hint).toBe("declare { name: 'code', cardinality: 2 }");
  });

  it('a label with far more values than the estimate is a warning', () => {
    const codes = Array.from({ length: 5 }, (_, i) => `demo_errors{code="50${i}"} 1`);
    expect(findings(catalog(), replace('demo_errors{code="500"} 3', codes))).toEqual([
      ['verify/cardinality', 'warning', 'demo_errors', 'metrics[0].labels[0].cardinality'],
    ]);
  });

  it('summary quantiles and histogram buckets other than the catalog says', () => {
    expect(findings(catalog(), replace('demo_request_seconds{quantile="0.9"} 0.2', ['demo_request_seconds{quantile="0.95"} 0.2']))).toEqual(
      [['verify/buckets', 'error', 'demo_request_seconds', 'metrics[2].quantiles']],
    );
    const withHistogram = catalog((i) => {
      i.metrics.push({
        name: 'demo_wait_seconds',
        type: 'histogram',
        help: 'Wait.',
        unit: 'seconds',
        job: 'demo-default',
        buckets: [0.1, 1],
      });
    });
    const histogram = (bounds: string[]) => [
      ...faithful,
      '# TYPE demo_wait_seconds histogram',
      ...bounds.map((le) => `demo_wait_seconds_bucket{le="${le}"} 1`),
      'demo_wait_seconds_sum 1',
      'demo_wait_seconds_count 1',
    ];
    // 1 and 1.0 are one bound.
    expect(findings(withHistogram, histogram(['0.1', '1.0', '+Inf']))).toEqual([]);
    const result = verify(withHistogram, histogram(['0.1', '0.5', '1', '+Inf']));
    expect(result.findings.map((f) => [f.rule, f.path, f.hint])).toEqual([
      ['verify/buckets', 'metrics[3].buckets', 'set buckets: [0.1, 0.5, 1]'],
    ]);
  });

  it("an exposed series a panel reads that the job's keep-list drops", () => {
    const reading = catalog((i) => {
      i.externalSeries = ['demo_build_info'];
      const panel = i.dashboards[0]!.rows[0].panels[0]!;
      if (panel.type !== 'text') panel.queries.push({ expr: 'demo_build_info' });
    });
    expect(findings(reading, [...faithful, '# TYPE demo_build_info gauge', 'demo_build_info{version="1"} 1'])).toEqual([
      ['verify/dropped', 'error', 'demo/queue', 'dashboards[0].rows[0].panels[0].queries[1].expr'],
    ]);
    // A job that keeps everything drops nothing.
    reading.jobs[0]!.keepMetrics = 'all';
    expect(findings(reading, [...faithful, 'demo_build_info{version="1"} 1'])).toEqual([]);
  });

  it('a line the parser cannot read is an error of the job, by line', () => {
    expect(verify(catalog(), [...faithful, 'garbage here']).findings).toMatchObject([
      { rule: 'verify/exposition', item: 'demo-default', message: expect.stringMatching(/^demo\.prom line 14: cannot read the sample/) },
    ]);
  });
});
