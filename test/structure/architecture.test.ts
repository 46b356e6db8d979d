import { expect, test } from 'vitest';
import { documentedLayers, sourceFolders } from './layers.js';

test("ARCHITECTURE.md's layers are exactly src/'s folders", () => {
  expect([...documentedLayers()].sort()).toEqual(sourceFolders());
});

test('ARCHITECTURE.md names each folder once', () => {
  const layers = documentedLayers();
  expect(layers.length).toBe(new Set(layers).size);
});
