// `intgen init [dir]`: a catalog repository of one's own, green from the first commit: intgen as a dev dependency,
// one example module (the one `intgen new` writes), the config naming where the modules are, and CI that runs
// check, lint and test. Every file is data serialized (JSON, YAML), but the README, a Handlebars template. Nothing
// is overwritten: a file that exists is refused by name before anything is written, except that an existing
// package.json (as `npm install intgen` leaves one) gets the scripts and dev dependencies it lacks, and keeps every
// entry it has.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { toJson } from '../../serialize/json.js';
import { packageRoot, templatesDir } from '../../support/own-files.js';
import { idProblem, scaffoldIntegration, scaffoldNames } from './new.js';

export type CiSystem = 'github' | 'gitlab';

export interface InitOptions {
  /** The example module's id. */
  example: string;
  ci: readonly CiSystem[];
}

/** The Prometheus release whose promtool the CI snippets install (the current long-term support line). */
export const promtoolRelease = '3.5.0';

const integrationsFolder = 'integrations';

const ownPackage = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** The scripts a catalog repository runs; `generate` is what the do-not-edit line of every output names. */
const scripts = {
  build: 'intgen build',
  generate: 'intgen build',
  check: 'intgen check',
  lint: 'intgen lint',
  typecheck: 'tsc --noEmit',
  test: 'tsc --noEmit && intgen test',
};

/** intgen at the running version, and the TypeScript intgen's own types are checked with. */
const devDependencies = () => ({ intgen: `^${ownPackage.version}`, typescript: ownPackage.devDependencies.typescript! });

/**
 * Type checking is tsc's, over the repository's own tsconfig.json (the one the editor uses): intgen strips types
 * when it loads a module and never checks them. Bundler resolution needs neither "type": "module" nor file
 * extensions beyond the `.js` the scaffold writes; `types: []` keeps Node's types out of modules that run anywhere.
 */
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'preserve',
    moduleResolution: 'bundler',
    lib: ['ES2023'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    verbatimModuleSyntax: true,
  },
  include: [integrationsFolder],
};

const intgenConfig = {
  $schema: './node_modules/intgen/schemas/config.schema.json',
  integrations: [`./${integrationsFolder}`],
};

/** promtool from the Prometheus release archive, into a folder on the PATH. */
const installPromtool = (binDir: string) => {
  const name = `prometheus-${promtoolRelease}.linux-amd64`;
  return (
    `curl -sSfL https://github.com/prometheus/prometheus/releases/download/v${promtoolRelease}/${name}.tar.gz` +
    ` | tar -xzf - -C ${binDir} --strip-components=1 ${name}/promtool`
  );
};

const gates = ['npm run typecheck', 'npx intgen check', 'npx intgen lint', 'npx intgen test'];

const githubWorkflow = {
  name: 'intgen',
  on: { push: { branches: ['main'] }, pull_request: {} },
  jobs: {
    intgen: {
      'runs-on': 'ubuntu-latest',
      steps: [
        { uses: 'actions/checkout@v4' },
        { uses: 'actions/setup-node@v4', with: { 'node-version': 22, cache: 'npm' } },
        { name: 'Install promtool', run: `${installPromtool('"$RUNNER_TEMP"')} && echo "$RUNNER_TEMP" >> "$GITHUB_PATH"` },
        { run: 'npm ci' },
        ...gates.map((run) => ({ run })),
      ],
    },
  },
};

const gitlabPipeline = {
  intgen: {
    image: 'node:22',
    before_script: [installPromtool('/usr/local/bin'), 'npm ci'],
    script: gates,
  },
};

const ciFiles: Record<CiSystem, [string, unknown]> = {
  github: ['.github/workflows/intgen.yml', githubWorkflow],
  gitlab: ['.gitlab-ci.yml', gitlabPipeline],
};

/** A package name from the folder's name: lowercase letters, digits and '-'. */
function packageName(dir: string): string {
  return (
    path
      .basename(path.resolve(dir))
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'monitoring-catalog'
  );
}

async function readme(view: { name: string; example: string; ci: readonly CiSystem[] }): Promise<string> {
  const { default: Handlebars } = await import('handlebars');
  const source = await readFile(path.join(templatesDir, 'init', 'README.md.hbs'), 'utf8');
  const ci = { github: view.ci.includes('github'), gitlab: view.ci.includes('gitlab') };
  const handlebars = Handlebars.create();
  // {{{{raw}}}} … {{{{/raw}}}} keeps a runbook template's own {{placeholders}} as written.
  handlebars.registerHelper('raw', (options: { fn: () => string }) => options.fn());
  const examplePascal = scaffoldNames(view.example).pascal;
  return handlebars.compile(source, { noEscape: true, strict: true })({ ...view, examplePascal, ci, promtoolRelease });
}

const exists = (file: string) =>
  readFile(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
  );

/** package.json with what a catalog repository needs added to `existing`, and the entries it kept as they were. */
function extendedPackage(existing: Record<string, unknown>): { manifest: Record<string, unknown>; kept: string[] } {
  const kept: string[] = [];
  const has = (section: string) => (existing[section] ?? {}) as Record<string, string>;
  const ownScripts = has('scripts');
  for (const [name, command] of Object.entries(scripts))
    if (name in ownScripts && ownScripts[name] !== command) kept.push(`scripts.${name}`);
  const installed = { ...has('dependencies'), ...has('devDependencies') };
  const missing = Object.fromEntries(Object.entries(devDependencies()).filter(([name]) => !(name in installed)));
  return {
    manifest: {
      ...existing,
      scripts: { ...scripts, ...ownScripts },
      ...(Object.keys(missing).length ? { devDependencies: { ...has('devDependencies'), ...missing } } : {}),
    },
    kept,
  };
}

/**
 * Writes the catalog repository into `dir`; returns the files written (relative to it) and the package.json
 * entries kept as they were. Refuses, writing nothing, when any file it would create exists.
 */
export async function scaffoldCatalog(dir: string, options: InitOptions): Promise<{ written: string[]; kept: string[] }> {
  const problem = idProblem(options.example);
  if (problem) throw new UsageError(`--example ${JSON.stringify(options.example)} is not a valid integration id: ${problem}.`);
  const root = path.resolve(dir);
  const name = packageName(root);
  // Imported here, not at the top: the YAML library is large, and every command's module is loaded at start-up.
  const { toYaml } = await import('../../serialize/yaml.js');
  const files = new Map<string, string>([
    ['tsconfig.json', toJson(tsconfig)],
    ['intgen.config.json', toJson(intgenConfig)],
    ['README.md', await readme({ name, example: options.example, ci: options.ci })],
    ['.gitignore', 'node_modules/\n'],
    ...options.ci.map((system): [string, string] => [ciFiles[system][0], toYaml(ciFiles[system][1])]),
  ]);
  const existing = [...files.keys(), `${integrationsFolder}/${options.example}`];
  const clashes = (await Promise.all(existing.map(async (file) => ((await exists(path.join(root, file))) ? file : undefined)))).filter(
    (file) => file !== undefined,
  );
  if (clashes.length) {
    throw new UsageError(
      `${path.relative(process.cwd(), root) || '.'}: ${clashes.join(', ')} already ${clashes.length === 1 ? 'exists' : 'exist'}; ` +
        'intgen init never overwrites a file: move them away, or run it in an empty folder. Nothing was written.',
    );
  }
  const manifestFile = path.join(root, 'package.json');
  const manifestText = await readFile(manifestFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  let kept: string[] = [];
  let manifest: Record<string, unknown>;
  if (manifestText === undefined) {
    manifest = { name, version: '0.0.0', private: true, type: 'module', scripts, devDependencies: devDependencies() };
  } else {
    try {
      ({ manifest, kept } = extendedPackage(JSON.parse(manifestText) as Record<string, unknown>));
    } catch (error) {
      throw new UsageError(`${manifestFile}: not valid JSON (${(error as Error).message}); nothing was written.`);
    }
  }
  await mkdir(root, { recursive: true });
  await writeFile(manifestFile, toJson(manifest));
  for (const [file, content] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content, { flag: 'wx' });
  }
  const module = await scaffoldIntegration(options.example, path.join(root, integrationsFolder));
  const written = ['package.json', ...files.keys(), ...module.files.map((file) => `${integrationsFolder}/${options.example}/${file}`)];
  return { written, kept };
}

export const initCommand: CommandModule<object, { dir: string; example: string; ci: string[] }> = {
  command: 'init [dir]',
  describe: 'Scaffold a catalog repository: package.json, tsconfig, integrations/ with an example module, intgen.config.json, CI',
  builder: (yargs) =>
    yargs
      .positional('dir', { type: 'string', default: '.', describe: 'Folder to create it in (created when missing)' })
      .option('example', { type: 'string', default: 'example-app', describe: 'Id of the example module it writes' })
      .option('ci', {
        type: 'string',
        array: true,
        choices: ['github', 'gitlab', 'none'],
        default: ['github', 'gitlab'],
        describe: 'CI files to write: .github/workflows/intgen.yml, .gitlab-ci.yml, or none',
      })
      .example('$0 init', 'Make the current folder a catalog repository')
      .example('$0 init monitoring --ci github', 'Create monitoring/ with GitHub Actions only'),
  handler: async (args) => {
    const ci = args.ci.filter((system): system is CiSystem => system !== 'none');
    const { written, kept } = await scaffoldCatalog(args.dir, { example: args.example, ci });
    const where = path.relative(process.cwd(), path.resolve(args.dir));
    const lines = [`created ${written.join(', ')}${where ? ` in ${where}/` : ''}`];
    if (kept.length)
      lines.push(
        `package.json: kept your ${kept.join(', ')} (intgen's would be: ${kept.map((k) => scripts[k.slice(8) as keyof typeof scripts]).join('; ')})`,
      );
    lines.push(
      '',
      'Next steps:',
      ...(where ? [`  cd ${where}`] : []),
      '  npm install          install intgen and TypeScript',
      '  npm run build        render the example into out/ (commit out/: CI checks it is up to date)',
      '  npm test             type-check the modules and run their promtool alert tests',
      '  npx intgen new <id>  add a module',
    );
    console.log(lines.join('\n'));
  },
};
