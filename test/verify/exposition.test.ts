// The exposition parser: what a scrape reads, and every line it cannot read reported by number.
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../src/analysis/exposition.js';

describe('the Prometheus text format', () => {
  const text = [
    '# HELP demo_errors Errors, with a \\\\ and a\\nnewline.',
    '# TYPE demo_errors counter',
    'demo_errors{instance="a",path="/x\\"y\\\\z\\n"} 3 1700000000000',
    '# a comment',
    '',
    '# TYPE demo_wait_seconds histogram',
    'demo_wait_seconds_bucket{le="0.1"} 1',
    'demo_wait_seconds_bucket{le="+Inf"} 2',
    'demo_wait_seconds_sum 0.3',
    'demo_wait_seconds_count 2',
    'demo_untyped -Inf',
    'demo_nan NaN',
  ].join('\n');
  const exposition = parseExposition(text);

  it('reads families with their type, help and samples, unescaping values', () => {
    expect(exposition.format).toBe('prometheus-text');
    expect(exposition.problems).toEqual([]);
    const errors = exposition.families.get('demo_errors')!;
    expect(errors).toMatchObject({ type: 'counter', help: 'Errors, with a \\ and a\nnewline.' });
    expect(errors.samples).toEqual([{ name: 'demo_errors', labels: { instance: 'a', path: '/x"y\\z\n' }, value: 3, line: 3 }]);
  });

  it("puts a histogram's _bucket, _sum and _count samples in its family", () => {
    const wait = exposition.families.get('demo_wait_seconds')!;
    expect(wait.samples.map((s) => s.name)).toEqual([
      'demo_wait_seconds_bucket',
      'demo_wait_seconds_bucket',
      'demo_wait_seconds_sum',
      'demo_wait_seconds_count',
    ]);
    expect(wait.samples[1]!.labels).toEqual({ le: '+Inf' });
    expect(exposition.families.has('demo_wait_seconds_sum')).toBe(false);
  });

  it('keeps a sample without TYPE as untyped, and reads Inf and NaN', () => {
    expect(exposition.families.get('demo_untyped')).toMatchObject({ type: 'untyped', samples: [{ value: Number.NEGATIVE_INFINITY }] });
    expect(exposition.families.get('demo_nan')!.samples[0]!.value).toBeNaN();
  });
});

describe('OpenMetrics', () => {
  const exposition = parseExposition(
    [
      '# TYPE demo_requests counter',
      '# UNIT demo_requests requests',
      '# HELP demo_requests Requests.',
      'demo_requests_total{code="200"} 10 # {trace_id="abc"} 1 1700000000.5',
      'demo_requests_created{code="200"} 1700000000',
      '{"demo.dotted", code="200"} 1',
      '# EOF',
    ].join('\n'),
  );

  it('reads the counter family from its _total and _created samples, its unit, and drops exemplars', () => {
    expect(exposition.format).toBe('openmetrics');
    expect(exposition.problems).toEqual([]);
    expect(exposition.families.get('demo_requests')).toMatchObject({
      type: 'counter',
      unit: 'requests',
      samples: [
        { name: 'demo_requests_total', labels: { code: '200' }, value: 10 },
        { name: 'demo_requests_created', value: 1700000000 },
      ],
    });
  });

  it('reads a quoted UTF-8 metric name', () => {
    expect(exposition.families.get('demo.dotted')!.samples[0]).toMatchObject({ labels: { code: '200' }, value: 1 });
  });
});

describe('garbage', () => {
  it('reports every line it cannot read, with its number, and reads the rest', () => {
    const exposition = parseExposition(
      [
        'demo_ok 1',
        'demo_bad{instance=a} 1',
        'demo_no_value',
        'demo_text{x="1"} one',
        '<html>oops</html>',
        'demo_open{x="1 2',
        '# TYPE demo_ok thing',
        'demo_twice{a="1",a="2"} 1',
        'demo_ok 2',
      ].join('\n'),
    );
    expect(exposition.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(exposition.problems[0]!.message).toContain('the value of label instance must be quoted');
    expect(exposition.problems[2]!.message).toContain('"one" is not a number');
    expect(exposition.problems[5]!.message).toContain('unknown TYPE "thing"');
    expect(exposition.families.get('demo_ok')!.samples.map((s) => s.value)).toEqual([1, 2]);
  });
});
