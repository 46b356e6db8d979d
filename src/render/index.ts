// Every output format, one renderer each. Adding a format is adding a file and a line here.
import type { RenderContext, RenderedFile, Renderer } from './types.js';

export const renderers: Renderer[] = [];

/** Renderers of files that span the whole catalog. */
export const catalogRenderers: ((contexts: RenderContext[]) => RenderedFile[])[] = [];
