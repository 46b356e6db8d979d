import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentedLayers, findCycles, importsOf, layerOf, sourceFiles, specifiersOf, srcDir, upwardImports } from './layers.js';

const graph = new Map(sourceFiles().map((file) => [file, importsOf(file)]));
const rel = (file: string) => path.relative(srcDir, file).split(path.sep).join('/');

describe('imports flow one way', () => {
  test('the checks find a cycle and an upward import in a graph that has them', () => {
    const sample = new Map([
      ['model/a', ['core/b']],
      ['core/b', ['model/a']],
    ]);
    expect(findCycles(sample)).toEqual([['model/a', 'core/b', 'model/a']]);
    expect(upwardImports(sample, ['model', 'core'], (f) => f.split('/')[0]!)).toEqual([['model/a', 'core/b']]);
  });

  test('no import cycle between files', () => {
    expect(findCycles(graph).map((cycle) => cycle.map(rel).join(' → '))).toEqual([]);
  });

  test('each folder imports only the folders listed above it in ARCHITECTURE.md', () => {
    expect(upwardImports(graph, documentedLayers(), layerOf).map(([f, t]) => `${rel(f)} → ${rel(t)}`)).toEqual([]);
  });

  test("content modules import only the public entry, 'intgen', and their own folder, as a user's modules do", () => {
    const strays: string[] = [];
    for (const file of graph.keys()) {
      if (layerOf(file) !== 'integrations') continue;
      const own = path.join(srcDir, 'integrations', rel(file).split('/')[1]!);
      for (const specifier of specifiersOf(file)) {
        const inOwnFolder = specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(`${own}${path.sep}`);
        if (specifier !== 'intgen' && !inOwnFolder) strays.push(`${rel(file)} → ${specifier}`);
      }
    }
    expect(strays).toEqual([]);
  });
});
