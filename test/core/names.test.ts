// The did-you-mean of messages about a name that matches nothing (src/core/names.ts).
import { describe, expect, it } from 'vitest';
import { closestName, unknownName } from '../../src/core/names.js';

describe('closestName', () => {
  it.each([
    ['calcio', ['calico', 'etcd'], 'calico'],
    ['errorWindw', ['errorWindow', 'errorFor'], 'errorWindow'],
    ['CALICO', ['calico'], 'calico'],
    ['cordns', ['calico', 'coredns'], 'coredns'],
  ])('%s is a typo of %s', (name, known, expected) => {
    expect(closestName(name, known)).toBe(expected);
  });

  it.each([
    ['cordns', ['calico']],
    ['nope', ['calico']],
    ['ab', ['ac', 'ad']],
    ['x', []],
  ])('%s suggests nothing among %j', (name, known) => {
    expect(closestName(name, known)).toBeUndefined();
  });
});

describe('unknownName', () => {
  it('lists what there is, and the suggestion when there is one', () => {
    expect(unknownName('job', 'calico-nod', ['calico-node', 'x'])).toBe(
      'no job "calico-nod" (known: calico-node, x); did you mean "calico-node"?',
    );
    expect(unknownName('dashboard', 'a', [])).toBe('no dashboard "a" (known: none)');
  });
});
