// Everything besides an integration's own definition that shapes what intgen makes of it: intgen's code,
// templates and schemas, the exact packages installed beside it, and the Node.js version. Any change to these
// makes every earlier result unusable, so all of it goes into one digest.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot, runningCodeDir, schemasDir, templatesDir } from '../support/own-files.js';
import { builtinIntegrationsDir } from '../support/own-files.js';

/**
 * The digest, or undefined when the installed packages cannot be pinned down: npm records them in
 * node_modules/.package-lock.json; without that file (other package managers) nothing is reused.
 */
export function toolFingerprint(): string | undefined {
  const installed = installedPackagesFile();
  if (!installed) return undefined;
  const hash = createHash('sha256').update(process.version).update(readFileSync(installed));
  const sources = [runningCodeDir, templatesDir, schemasDir];
  for (const file of sources.flatMap(filesUnder)) hash.update(path.relative(packageRoot, file)).update(readFileSync(file));
  return hash.digest('base64url');
}

/** npm's record of the node_modules tree intgen resolves its packages from (its own, or its user's). */
function installedPackagesFile(): string | undefined {
  for (let dir = packageRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.package-lock.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function filesUnder(dir: string): string[] {
  return (
    readdirSync(dir, { recursive: true, withFileTypes: true })
      // Built-in integrations are inputs like any module: they reach the cache through their definitions. Source
      // maps change with the code they map, and code caches are V8's compilation of the chunks beside them, used
      // for nothing else (support/bundle-loader.ts): neither shapes an output.
      .filter(
        (e) =>
          e.isFile() &&
          !e.name.endsWith('.map') &&
          !e.name.endsWith('.v8cache') &&
          !path.join(e.parentPath, e.name).startsWith(builtinIntegrationsDir + path.sep),
      )
      .map((e) => path.join(e.parentPath, e.name))
      .sort()
  );
}
