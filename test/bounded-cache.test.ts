import { expect, test } from 'vitest';
import { boundedCache } from '../src/support/bounded-cache.js';

/** A cache of `limit` over String, and the keys it computed, in order. */
function counting(limit: number) {
  const computed: number[] = [];
  const cached = boundedCache(limit, (key: number) => {
    computed.push(key);
    return String(key);
  });
  return { cached, computed };
}

test('computes a key once while it is remembered', () => {
  const { cached, computed } = counting(8);
  expect([1, 2, 1, 2, 1].map(cached)).toEqual(['1', '2', '1', '2', '1']);
  expect(computed).toEqual([1, 2]);
});

test('remembers at least the last limit / 2 distinct keys, and at most limit', () => {
  const { cached, computed } = counting(8);
  for (let key = 0; key < 100; key += 1) cached(key);
  computed.length = 0;
  for (let key = 99; key >= 96; key -= 1) cached(key);
  expect(computed).toEqual([]);
  for (let key = 0; key < 100; key += 1) cached(key);
  expect(computed.length).toBeGreaterThanOrEqual(100 - 8);
});

test('a key used again is kept however long ago it was first computed', () => {
  const { cached, computed } = counting(4);
  for (let key = 0; key < 50; key += 1) {
    cached(-1);
    cached(key);
  }
  expect(computed.filter((key) => key === -1)).toEqual([-1]);
});
