// The one import() of a module that is not part of intgen: an integration module, by its file URL. The bundle
// (scripts/bundle.mjs) runs as scripts, which cannot import, so there this module is replaced by one asking its
// loader (bundle-loader.ts) to.
export const importFile = (url: string): Promise<unknown> => import(url);
