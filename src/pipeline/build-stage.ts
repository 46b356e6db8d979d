// Which function builds one integration, on the CLI's thread and in a worker alike: with its outputs rendered
// (integration.ts), or only validated and linted (evaluate.ts), so that lint never loads the renderers and the
// Grafana SDK they are built on.
import type { Defined, LoadedModule } from '../core/types.js';
import type { IntegrationBuild, IntegrationOptions } from './integration.js';

export type BuildStage = (loaded: LoadedModule, options: IntegrationOptions, defined?: Defined) => IntegrationBuild;

export const loadBuildStage = (render: boolean): Promise<BuildStage> =>
  render ? import('./integration.js').then((m) => m.buildIntegration) : import('./evaluate.js').then((m) => m.buildWithoutRendering);
