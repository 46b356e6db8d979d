// The layers of src/ as ARCHITECTURE.md lists them: the document is the one place the order is written, and the
// tests below hold the tree to it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { repo } from '../helpers/cli.js';

export const srcDir = path.join(repo, 'src');

/** Top-level folders of src/ in the order of ARCHITECTURE.md's "Layers" block: each imports only those above it. */
export function documentedLayers(): string[] {
  const doc = readFileSync(path.join(repo, 'ARCHITECTURE.md'), 'utf8');
  const block = /## Layers[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!block) throw new Error('ARCHITECTURE.md has no "## Layers" section with a ```text block');
  return [...block.matchAll(/^\s*([a-z-]+)\/\s/gm)].map((m) => m[1]!);
}

export const sourceFolders = () =>
  readdirSync(srcDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

export function sourceFiles(dir = srcDir): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** What `file` imports (static, dynamic and type-only alike), as written. */
export function specifiersOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((i) => i.fileName);
}

/** The intgen files `file` imports, as absolute .ts paths. */
export function importsOf(file: string): string[] {
  return specifiersOf(file)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name).replace(/\.js$/, '.ts'));
}

/** The top-level folder of src/ a file belongs to. */
export const layerOf = (file: string) => path.relative(srcDir, file).split(path.sep)[0]!;

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every cycle a depth-first walk meets, each as the files along it (the first repeated at the end). */
export function findCycles(graph: ImportGraph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (file: string, stack: string[]) => {
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, [...stack, next]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
  return cycles;
}

/** Imports that go to a folder not listed above the importer's (content modules are checked on their own). */
export function upwardImports(graph: ImportGraph, layers: readonly string[], layer: (file: string) => string): [string, string][] {
  const upward: [string, string][] = [];
  for (const [file, imports] of graph) {
    const from = layer(file);
    if (from === 'integrations') continue;
    for (const target of imports) {
      const to = layer(target);
      if (to !== from && !(layers.includes(to) && layers.indexOf(to) < layers.indexOf(from))) upward.push([file, target]);
    }
  }
  return upward;
}
