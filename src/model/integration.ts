import type { Integration, ParamSpec } from './generated/types.js';
import type { ParamValues } from './params.js';

/**
 * What a module under src/integrations/<id>/index.ts exports by default. `define` turns resolved
 * parameter values into plain data, which is validated and rendered; it must be pure.
 */
export interface IntegrationModule<P extends Record<string, ParamSpec> = Record<string, ParamSpec>> {
  readonly params: P;
  define(params: ParamValues<P>): Integration;
}

/** Identity at run time; gives the module author the parameter types inside `define`. */
export function defineIntegration<const P extends Record<string, ParamSpec>>(module: IntegrationModule<P>): IntegrationModule<P> {
  return module;
}
