import type { BuildConfig, Integration, IntegrationModule } from '../model/index.js';
import type { Diagnostic } from './diagnostics.js';

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

/** An integration module as the loader found it, before it is imported (which thread imports it depends on the build). */
export interface LocatedModule {
  /** Folder name, which the integration id must equal. */
  folder: string;
  /** The module's source file as messages and do-not-edit headers name it, e.g. src/integrations/calico/index.ts. */
  sourceModule: string;
  /** The folder the catalog's modules run from (their transformed copies in the cache): its stack frames are the modules'. */
  codeDir?: string;
  /** The file the module is imported from (its snapshot), by whichever thread builds it; none for a module made in memory. */
  entryFile?: string;
  /** The source folder it is in, whose JavaScript files are parsed to say where when an import fails with a SyntaxError. */
  sourceDir?: string;
}

/** An integration module imported: its default export checked to be one. */
export interface LoadedModule extends LocatedModule {
  module: IntegrationModule;
}

/** A module of the catalog during a build: imported already, or to be imported by the thread that builds it. */
export type CatalogModule = LocatedModule | LoadedModule;

/**
 * What calling a module's define() gave: a definition, or why there is none (an override that does not resolve;
 * define() threw, or returned something that is not data: a Promise, a cycle, a getter that throws).
 */
export type Defined = { params: ResolvedParam[]; integration: Integration } | { diagnostics: Diagnostic[] };
