import { describe, expect, it } from 'vitest';
import { isVectorSelector, parsePromQL } from '../../src/analysis/promql/parse.js';

describe('selectors', () => {
  it('name the innermost function around them, through aggregations and subqueries', () => {
    const funcs = (expr: string) => parsePromQL(expr).selectors.map((s) => [s.metric, s.func]);
    expect(funcs('sum(rate(a[5m])) / sum(b)')).toEqual([
      ['a', 'rate'],
      ['b', undefined],
    ]);
    expect(funcs('max_over_time(sum(rate(a[5m]))[1h:])')).toEqual([['a', 'rate']]);
    expect(funcs('histogram_quantile(0.9, sum by (le) (a))')).toEqual([['a', 'histogram_quantile']]);
  });

  it('keep their syntax node, for rules that look at what surrounds them', () => {
    const expr = 'rate(a{x="1"}[5m]) + b';
    for (const s of parsePromQL(expr).selectors) {
      expect(s.node.name).toBe('VectorSelector');
      expect([s.node.from, s.node.to]).toEqual([s.vector.from, s.vector.to]);
    }
  });
});

describe('function calls', () => {
  it('are listed in the order they are written, outer calls first, each with where its name is', () => {
    const expr = 'histogram_quantile(0.9, sum by (le) (rate(a[5m]))) / abs(vector(1))';
    expect(parsePromQL(expr).calls.map((c) => [c.name, expr.slice(c.identifier.from, c.identifier.to), expr.slice(c.from, c.to)])).toEqual([
      ['histogram_quantile', 'histogram_quantile', 'histogram_quantile(0.9, sum by (le) (rate(a[5m])))'],
      ['rate', 'rate', 'rate(a[5m])'],
      ['abs', 'abs', 'abs(vector(1))'],
      ['vector', 'vector', 'vector(1)'],
    ]);
  });

  it('keep their syntax node, for their arguments', () => {
    const [call] = parsePromQL('rate(a[5m])').calls;
    expect(call?.node.name).toBe('FunctionCall');
    expect(call?.node.getChild('FunctionCallBody')).not.toBeNull();
  });
});

describe('literals', () => {
  it('are the number and duration literals and duration expressions, in the order they are written', () => {
    const expr = 'rate(a[5m:1m] offset -1h)[1m+2m:] > 0.5';
    const { literals } = parsePromQL(expr);
    expect(literals.map((n) => [n.name, expr.slice(n.from, n.to)])).toEqual([
      ['DurationExpr', '5m'],
      ['NumberDurationLiteralInDurationContext', '5m'],
      ['DurationExpr', '1m'],
      ['NumberDurationLiteralInDurationContext', '1m'],
      ['OffsetDurationExpr', '-1h'],
      ['OffsetDurationExpr', '1h'],
      ['NumberDurationLiteralInDurationContext', '1h'],
      ['DurationExpr', '1m+2m'],
      ['DurationExpr', '1m'],
      ['NumberDurationLiteralInDurationContext', '1m'],
      ['DurationExpr', '2m'],
      ['NumberDurationLiteralInDurationContext', '2m'],
      ['NumberDurationLiteral', '0.5'],
    ]);
  });
});

describe('aggregations', () => {
  it('say where their operator is written', () => {
    const expr = 'sum by (x) (a) + limitk(2, b)';
    expect(parsePromQL(expr).aggregations.map((a) => [a.op, a.opRange && expr.slice(a.opRange.from, a.opRange.to)])).toEqual([
      ['sum', 'sum'],
      ['limitk', 'limitk'],
    ]);
  });
});

describe('isVectorSelector', () => {
  it.each(['up', 'a_b{job="x", instance=~"y.*"}', '{__name__="up"}', 'up{job="x",}'])('accepts %s', (text) => {
    expect(isVectorSelector(text)).toBe(true);
  });

  it.each(['', 'sum(up)', 'up[5m]', 'up > 1', 'up up', 'up{job=}', 'up{', '"up"'])('rejects %j', (text) => {
    expect(isVectorSelector(text)).toBe(false);
  });
});

describe('label matchers', () => {
  const matcher = (expr: string) => parsePromQL(expr).selectors[0]!.matchers.map(({ label, op, value }) => [label, op, value]);

  it('decode their values as Go strings, as Prometheus does', () => {
    expect(matcher(String.raw`a{path="C:\\tmp"}`)).toEqual([['path', '=', String.raw`C:\tmp`]]);
    expect(matcher(String.raw`a{x="\x41\u00e9\101"}`)).toEqual([['x', '=', 'AéA']]);
    expect(matcher(String.raw`a{x=~'it\'s'}`)).toEqual([['x', '=~', "it's"]]);
    expect(matcher(String.raw`a{x="\a"}`)).toEqual([['x', '=', '\u0007']]);
    expect(matcher('a{x=`raw\\n`}')).toEqual([['x', '=', String.raw`raw\n`]]);
  });

  it('decode quoted label names too', () => {
    expect(matcher(String.raw`{"a.b"="1", "c\"d"!="2"}`)).toEqual([
      ['a.b', '=', '1'],
      ['c"d', '!=', '2'],
    ]);
  });
});
