// Options shared by the commands, and turning them into pipeline input.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv } from 'yargs';
import { BuildCache } from '../incremental/build-cache.js';
import type { OverrideOrigin } from '../pipeline/define.js';
import type { BuildConfig } from '../model/index.js';
import { ConfigError, UsageError } from '../core/errors.js';
import type { BuildOptions } from '../pipeline/build.js';
import { builtinIntegrationsDir } from '../support/own-files.js';
import { builtinSources, localSource, resolveSources, type IntegrationSource } from '../pipeline/sources.js';

export interface CommonArgs {
  out: string;
  source: string | undefined;
  config: string | undefined;
  set: string[] | undefined;
  only: string[] | undefined;
  quiet: boolean;
}

export const epilogue = `Exit codes: 0 ok; 1 invalid definitions, lint errors, failing tests or stale out/; 2 usage error.
NO_COLOR disables colors. Docs: README.md.`;

export function withCommonOptions<T>(yargs: Argv<T>) {
  return yargs
    .epilogue(epilogue)
    .option('out', { type: 'string', default: 'out', describe: 'Output folder', normalize: true })
    .option('only', { type: 'string', array: true, describe: 'Build or check only these integration ids' })
    .option('config', {
      type: 'string',
      describe: 'Build options file (parameter overrides); default: intgen.config.json when present',
    })
    .option('set', {
      type: 'string',
      array: true,
      describe:
        'Override a parameter: <integration>.<param>=<value> (repeatable; wins over --config). Numbers are read as in JSON ' +
        '(0.5, 1e3; not 0x10 or Infinity); a name that matches nothing is a usage error',
    })
    .option('source', {
      type: 'string',
      describe:
        'Folder of integration modules, one folder each (default: the config\'s "integrations", else the built-in src/integrations)',
      normalize: true,
    })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only problems' });
}

export interface CacheArgs {
  cache: boolean;
}

/** build, check and lint: reuse earlier results for unchanged integrations (src/incremental/build-cache.ts). */
export function withCacheOption<T>(yargs: Argv<T>) {
  return yargs.option('cache', {
    type: 'boolean',
    default: true,
    describe:
      'Reuse what an earlier build found for integrations whose inputs (definition, parameters, config, intgen itself) ' +
      'are unchanged and whose files out/ still holds byte for byte; --no-cache evaluates everything',
  });
}

/** The build cache for `out`, unless --no-cache (or npm's record of installed packages is missing). */
export const openCache = (args: CommonArgs & CacheArgs) => (args.cache ? BuildCache.open(args.out) : undefined);

/** The build config, and the file it was read from (none: no --config and no intgen.config.json). */
export async function loadConfig(file: string | undefined): Promise<{ config: BuildConfig; file?: string }> {
  const name = file ?? 'intgen.config.json';
  let text: string;
  try {
    text = await readFile(name, 'utf8');
  } catch (error) {
    if (file === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {} };
    throw new UsageError(`--config: cannot read ${name}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  // Loaded only for a config file: a build without one needs neither.
  const [{ validateBuildConfig }, { selectorProblems }, { overrideConfigProblems }] = await Promise.all([
    import('../validate/schema.js'),
    import('../transforms/selectors.js'),
    import('../transforms/overrides.js'),
  ]);
  const problems = validateBuildConfig.problems(data);
  // Beyond the schema: the selector scope as a whole (examples against every matcher on a label), the overrides'
  // durations and runbook URLs.
  if (problems.length === 0) problems.push(...selectorProblems(data as BuildConfig), ...overrideConfigProblems(data as BuildConfig));
  if (problems.length) throw new ConfigError(problems.map((p) => `${name}: ${p.path || '(root)'}: ${p.message}`).join('\n'));
  return { config: data as BuildConfig, file: name };
}

/** Applies the --set overrides on top of the config file's, remembering where each one was given. */
function applySets(config: BuildConfig, configFile: string | undefined, sets: string[]): { config: BuildConfig; origin: OverrideOrigin } {
  const params: NonNullable<BuildConfig['params']> = structuredClone(config.params ?? {});
  /** The --set that gave each config path: `params.<id>.<param>`, and `params.<id>` for the first one of an id. */
  const setBy = new Map<string, string>();
  for (const set of sets) {
    const match = /^([a-z][a-z0-9-]*)\.([A-Za-z0-9]+)=(.*)$/s.exec(set);
    if (!match) throw new UsageError(`--set ${JSON.stringify(set)}: expected <integration>.<param>=<value>, e.g. calico.errorWindow=10m`);
    const [, id, name, value] = match as unknown as [string, string, string, string];
    params[id] = { ...params[id], [name]: value };
    setBy.set(`params.${id}.${name}`, set);
    if (!setBy.has(`params.${id}`)) setBy.set(`params.${id}`, set);
  }
  const origin: OverrideOrigin = (configPath) => {
    const set = setBy.get(configPath);
    return set === undefined ? `${configFile ?? 'the build config'}: ${configPath}` : `--set ${set}`;
  };
  return { config: { ...config, params }, origin };
}

/**
 * Where the modules come from: --source, else the config's `integrations` (resolved from the config file's
 * folder), else the built-in catalog, which only intgen's own repository has.
 */
export function integrationSources(source: string | undefined, config: BuildConfig, configFile: string | undefined): IntegrationSource[] {
  if (source !== undefined) return [localSource(source, `--source ${source}`)];
  if (config.integrations) return resolveSources(config.integrations, path.dirname(path.resolve(configFile!)), configFile!);
  if (!existsSync(builtinIntegrationsDir)) {
    throw new UsageError(
      `no integrations to build: name where they are in intgen.config.json ("integrations": ["./integrations"]) or pass --source <folder>` +
        (configFile ? ` (${configFile} has no "integrations")` : ' (there is no intgen.config.json here; `intgen init` makes one)'),
    );
  }
  return builtinSources();
}

export async function buildOptions(args: CommonArgs): Promise<BuildOptions> {
  const loaded = await loadConfig(args.config);
  const { config, origin } = applySets(loaded.config, loaded.file, args.set ?? []);
  return {
    sources: integrationSources(args.source, config, loaded.file),
    config,
    overrideOrigin: origin,
    ...(args.only?.length ? { only: args.only } : {}),
  };
}
