// One integration through the stages after loading: define (unless the caller did), validate and lint, then
// transform and render. The same function runs in the CLI's own thread and in the worker threads of a large
// catalog (parallel.ts), so what it returns is data a thread can post: no functions, no class instances.
import type { BuildConfig } from '../model/index.js';
import type { Defined, LoadedModule, RenderedFile } from '../core/types.js';
import { digest, inputsDigest, type Entry } from '../incremental/entry.js';
import { catalogEntry, type CatalogEntry } from '../outputs/catalog-index/entry.js';
import { renderers } from '../outputs/index.js';
import { applyTransforms } from '../transforms/index.js';
import { sameOnDisk } from '../write/tree.js';
import { evaluateModule, type IntegrationResult } from './evaluate.js';

export interface IntegrationOptions {
  config: BuildConfig;
  /** Render the outputs of a definition that passed (build, check, test) or only validate and lint (lint). */
  render: boolean;
  /**
   * out/ as it is now (its real path): a rendered file found there byte for byte is not handed back, only named
   * as unchanged, so a large catalog is never held in memory whole and never copied between threads.
   */
  compareWith?: string;
  /**
   * The build cache's tool fingerprint when the build is recorded (incremental/build-cache.ts): every rendered file
   * and the inputs are digested for the record, here, on the thread that built it.
   */
  recordedWith?: string;
}

export interface RenderedIntegration {
  /** The files out/ does not hold as rendered (all of them without `compareWith`). */
  files: RenderedFile[];
  /** Files out/ holds byte for byte as rendered. */
  unchanged: string[];
  /** For the build cache's record (when asked for): the inputs' digest, and path → digest of every rendered file. */
  record?: Pick<Entry, 'inputs' | 'files'>;
  catalogEntry: CatalogEntry;
}

export interface IntegrationBuild {
  result: IntegrationResult;
  /** A definition that passed and was rendered: its outputs, or what rendering threw. */
  output?: { rendered: RenderedIntegration } | { renderError: unknown };
}

/** Never throws for a bad module (evaluate.ts); a renderer that throws is returned as `renderError`. */
export function buildIntegration(loaded: LoadedModule, options: IntegrationOptions, defined?: Defined): IntegrationBuild {
  const result = evaluateModule(loaded, options.config, defined);
  if (result.status !== 'linted' || !options.render || result.diagnostics.some((d) => d.severity === 'error')) return { result };
  try {
    return { result, output: { rendered: renderIntegration(loaded, result.context, options) } };
  } catch (renderError) {
    return { result, output: { renderError } };
  }
}

function renderIntegration(
  loaded: LoadedModule,
  context: Parameters<typeof applyTransforms>[0],
  options: IntegrationOptions,
): RenderedIntegration {
  const { recordedWith } = options;
  // Of the definition as defined, before the transforms: what the next run digests to decide whether to reuse it.
  const inputs = recordedWith === undefined ? undefined : inputsDigest(recordedWith, loaded, loaded.module.params, context);
  const ctx = applyTransforms(context);
  const rendered = renderers.flatMap((renderer) => renderer(ctx));
  const files: RenderedFile[] = [];
  const unchanged: string[] = [];
  const digests: Record<string, string> = {};
  for (const file of rendered) {
    // Encoded once, for the comparison and the digest alike.
    const bytes = options.compareWith !== undefined || inputs !== undefined ? Buffer.from(file.content) : undefined;
    if (inputs !== undefined) digests[file.path] = digest(bytes!);
    if (options.compareWith !== undefined && sameOnDisk(options.compareWith, file.path, bytes!)) unchanged.push(file.path);
    else files.push(file);
  }
  return {
    files,
    unchanged,
    ...(inputs !== undefined ? { record: { inputs, files: digests } } : {}),
    catalogEntry: catalogEntry(
      ctx,
      rendered.map((f) => f.path),
    ),
  };
}
