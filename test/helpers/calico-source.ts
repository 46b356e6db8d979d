// A catalog folder for CLI tests holding one integration, Calico, whose definition a test can change: the
// bundled Calico module wrapped by a module of the test's own.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calicoModule } from './cli.js';

export interface CalicoSource {
  /** The catalog folder, for --source. */
  source: string;
  /** Rewrites the wrapper so that `change` (statements on `i`, the definition) runs before define() returns. */
  setChange(change: string): Promise<void>;
}

/** Creates `<dir>/calico/index.js`; `dir` is the catalog folder. */
export async function calicoSource(dir: string, change = ''): Promise<CalicoSource> {
  const moduleDir = path.join(dir, 'calico');
  await mkdir(moduleDir, { recursive: true });
  const setChange = (next: string) =>
    writeFile(
      path.join(moduleDir, 'index.js'),
      `import calico from ${JSON.stringify(calicoModule)};
const params = { ...calico.params };
export default { params, define(p) { const i = calico.define(p); ${next}; return i; } };\n`,
    );
  await setChange(change);
  return { source: dir, setChange };
}
