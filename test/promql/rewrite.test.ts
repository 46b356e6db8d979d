import { describe, expect, it } from 'vitest';
import { replaceMatchers, type MatcherToAdd } from '../../src/analysis/promql/rewrite.js';

describe('replaceMatchers', () => {
  const variable: MatcherToAdd = { label: 'cluster', op: '=~', value: '$cluster' };
  const onCluster = (expr: string) => replaceMatchers(expr, (m) => m.label === 'cluster', [variable]);

  it.each([
    ['x{cluster="prod"}', 'x{cluster=~"$cluster"}'],
    ['x{job="a", cluster="prod"}', 'x{job="a", cluster=~"$cluster"}'],
    ['x{cluster=~"a|b", cluster!="b", job="a"}', 'x{cluster=~"$cluster", job="a"}'],
    ['x{job="a", cluster=~"a|b", cluster!="b"}', 'x{job="a", cluster=~"$cluster"}'],
    [
      'sum by (cluster) (rate(x{cluster="p"}[5m])) / y{cluster="p"}',
      'sum by (cluster) (rate(x{cluster=~"$cluster"}[5m])) / y{cluster=~"$cluster"}',
    ],
    ['x{job="a"}', 'x{job="a"}'],
  ])('%s → %s', (expr, expected) => {
    expect(onCluster(expr)).toBe(expected);
  });

  it('puts every replacement matcher where the first picked one was', () => {
    expect(
      replaceMatchers('x{job="a", cluster="p", env="e"}', (m) => m.label === 'cluster', [
        { label: 'cluster', op: '=', value: 'p' },
        variable,
      ]),
    ).toBe('x{job="a", cluster="p", cluster=~"$cluster", env="e"}');
  });

  it('replaces only the matchers picked', () => {
    expect(replaceMatchers('x{cluster="prod"} + y{cluster="dev"}', (m) => m.value === 'prod', [variable])).toBe(
      'x{cluster=~"$cluster"} + y{cluster="dev"}',
    );
  });
});
