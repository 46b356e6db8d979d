// Where integration modules come from: local folders and npm packages, as the build config's `integrations` names
// them, each a folder holding one folder per integration. A package declares its folders in its package.json
// (`"intgen": { "integrations": "./integrations" }`, a path or a list), so one package can ship a set, and the
// consuming repository renders them with its own config.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { builtinIntegrationsDir } from '../support/own-files.js';
import { displayPath } from './module-errors.js';

/** One folder of integration folders. */
export interface IntegrationSource {
  /** Absolute path of the folder holding one folder per integration. */
  dir: string;
  /** How messages name the source: `./integrations`, `@acme/intgen-redis@1.2.0`. */
  name: string;
  /** The package it ships in: do-not-edit headers name it and its version instead of a path in node_modules/. */
  package?: { name: string; version: string; root: string };
}

/** A folder given by path: `name` says where it was given (`--source integrations`). */
export function localSource(dir: string, name = displayPath(dir)): IntegrationSource {
  return { dir: path.resolve(dir), name };
}

/** The catalog when nothing names one: intgen's own src/integrations, present in its repository only. */
export const builtinSources = (): IntegrationSource[] => [localSource(builtinIntegrationsDir)];

/** Whether a config entry names a folder (./x, ../x, /x) rather than a package. */
export const isLocalEntry = (entry: string) => /^(\.{1,2}(\/|$)|\/)/.test(entry);

/** The sources of a config's `integrations` entries, resolved from `configDir`; `configName` names the file in messages. */
export function resolveSources(entries: readonly string[], configDir: string, configName: string): IntegrationSource[] {
  return entries.flatMap((entry) =>
    isLocalEntry(entry) ? [localFolder(entry, configDir, configName)] : packageSources(entry, configDir, configName),
  );
}

function localFolder(entry: string, configDir: string, configName: string): IntegrationSource {
  const dir = path.resolve(configDir, entry);
  const stats = existsSync(dir) ? statSync(dir) : undefined;
  if (!stats?.isDirectory()) {
    throw new ConfigError(
      `${configName}: integrations: ${JSON.stringify(entry)}: ${stats ? 'is not a folder' : 'no such folder'} (${displayPath(dir)})`,
    );
  }
  return { dir, name: entry };
}

interface PackageJson {
  name?: unknown;
  version?: unknown;
  intgen?: { integrations?: unknown };
}

/**
 * The package's declared integration folders, one source each, the package found as Node.js finds it from the
 * config file's folder. Its package.json is read from the package's folder, not through
 * its `exports`, which need not export it.
 */
function packageSources(entry: string, configDir: string, configName: string): IntegrationSource[] {
  const lookups = createRequire(path.join(configDir, 'intgen.config.json')).resolve.paths(entry) ?? [];
  const root = lookups.map((modules) => path.join(modules, entry)).find((candidate) => existsSync(path.join(candidate, 'package.json')));
  if (root === undefined) {
    const tried = lookups.map((modules) => displayPath(path.join(modules, entry, 'package.json')));
    // A folder named without ./ reads as a package name.
    const folderHint = existsSync(path.join(configDir, entry)) ? `; for the folder ${entry}, write "./${entry}"` : '';
    throw new ConfigError(
      `${configName}: integrations: package ${JSON.stringify(entry)} is not installed (looked for ${tried.join(', ')}): ` +
        `add it with \`npm install --save-dev ${entry}\`${folderHint}`,
    );
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  const declared = manifest.intgen?.integrations;
  const folders = typeof declared === 'string' ? [declared] : declared;
  const version = String(manifest.version ?? '0.0.0');
  const name = `${entry}@${version}`;
  if (!Array.isArray(folders) || folders.length === 0 || !folders.every((f): f is string => typeof f === 'string')) {
    throw new ConfigError(
      `${configName}: integrations: package ${name} (${displayPath(root)}) declares no integration folder: its package.json needs ` +
        `"intgen": { "integrations": "./integrations" } (a path or a list of paths, each a folder holding one folder per integration)`,
    );
  }
  return folders.map((folder) => {
    const dir = path.resolve(root, folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory() || path.relative(root, dir).startsWith('..')) {
      throw new ConfigError(
        `${configName}: integrations: package ${name}: its "intgen.integrations" folder ${JSON.stringify(folder)} is not a folder inside the package`,
      );
    }
    return { dir, name, package: { name: entry, version, root } };
  });
}
