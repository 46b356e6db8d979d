import type { BuildConfig, Integration } from '../model/index.js';

/** One output file: a POSIX path relative to out/, and its exact bytes as text. */
export interface RenderedFile {
  path: string;
  content: string;
}

export interface ResolvedParam {
  name: string;
  type: 'duration' | 'number';
  description: string;
  unit?: string;
  default: string | number;
  value: string | number;
}

/** Everything a renderer may look at for one integration. */
export interface RenderContext {
  integration: Integration;
  params: ResolvedParam[];
  /** Repository-relative path of the module, named in do-not-edit headers. */
  sourceModule: string;
  config: BuildConfig;
}

/** A renderer of one output format. Renderers never call each other. */
export type Renderer = (ctx: RenderContext) => RenderedFile[];

