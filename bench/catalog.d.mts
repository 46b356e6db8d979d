// Types of catalog.mjs, for the tests that build a synthetic catalog too.
export const maxIntegrations: number;
/** The definition of synthetic integration `index` (id synth-0042 for 42), as plain data. */
export function syntheticIntegration(index: number): { params: Record<string, unknown>; integration: Record<string, unknown> };
/** Writes `count` integration folders (synth-0001 …) under `dir`, each with an index.js (or index.ts) importing `modelUrl`. */
export function writeSyntheticCatalog(dir: string, count: number, modelUrl: string, options?: { typescript?: boolean }): Promise<void>;
