// Cross-cutting transforms applied to every integration after validation and before rendering, so every
// output format sees the same change (like a mixin's config): one place, not one per renderer.
import type { RenderContext } from '../core/types.js';
import { applyOverrides } from './overrides.js';
import { scopeToSelectors } from './selectors.js';

export type Transform = (ctx: RenderContext) => RenderContext;

// Overrides first: the selectors then scope what remains, labels and annotations included.
export const transforms: Transform[] = [applyOverrides, scopeToSelectors];

export function applyTransforms(ctx: RenderContext): RenderContext {
  return transforms.reduce((current, transform) => transform(current), ctx);
}
