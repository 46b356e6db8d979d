import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { isLocalEntry } from '../../pipeline/sources.js';
import { loadConfig } from '../options.js';
import { schemasDir, templatesDir } from '../../support/own-files.js';

interface NewArgs {
  id: string;
  source: string | undefined;
}

const scaffoldTemplatesDir = path.join(templatesDir, 'new-integration');

/** The rule an integration id follows, read from the schema that validates it: one source of truth. */
function idRule(): { pattern: RegExp; maxLength: number } {
  const common = JSON.parse(readFileSync(path.join(schemasDir, 'common.schema.json'), 'utf8')) as {
    $defs: { Id: { pattern: string; maxLength: number } };
  };
  return { pattern: new RegExp(common.$defs.Id.pattern), maxLength: common.$defs.Id.maxLength };
}

/** Why `id` cannot name an integration (it becomes a folder, file and job name), or undefined when it can. */
export function idProblem(id: string): string | undefined {
  const { pattern, maxLength } = idRule();
  if (!pattern.test(id)) return "use a lowercase letter, then lowercase letters, digits or '-'";
  if (id.length > maxLength) return `use at most ${maxLength} characters (it has ${id.length})`;
  return undefined;
}

/** What the templates fill in: `my-app` is named My App, its alerts MyApp…, its metrics my_app_…. */
export interface ScaffoldNames {
  id: string;
  name: string;
  pascal: string;
  prefix: string;
}

export function scaffoldNames(id: string): ScaffoldNames {
  const words = id.split('-').filter(Boolean);
  const capitalized = words.map((word) => word[0]!.toUpperCase() + word.slice(1));
  return { id, name: capitalized.join(' '), pascal: capitalized.join(''), prefix: words.join('_') };
}

async function isIntgenRoot(dir: string): Promise<boolean> {
  const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  try {
    return (JSON.parse(text) as { name?: unknown }).name === 'intgen';
  } catch {
    return false;
  }
}

/** The nearest folder at or above `start` whose package.json is intgen's. */
export async function findRepoRoot(start: string): Promise<string | undefined> {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (await isIntgenRoot(dir)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The module's files, rendered from templates/new-integration/<file>.hbs: file name → TypeScript source. */
export async function renderScaffold(names: ScaffoldNames): Promise<Map<string, string>> {
  // Imported here: every other command starts without it.
  const { default: Handlebars } = await import('handlebars');
  const handlebars = Handlebars.create();
  const templates = (await readdir(scaffoldTemplatesDir)).filter((file) => file.endsWith('.hbs')).sort();
  const files = new Map<string, string>();
  for (const template of templates) {
    const source = await readFile(path.join(scaffoldTemplatesDir, template), 'utf8');
    files.set(template.replace(/\.hbs$/, ''), handlebars.compile<ScaffoldNames>(source, { noEscape: true, strict: true })(names));
  }
  return files;
}

/**
 * Writes the module into `<sourceDir>/<id>/`, refusing a folder that exists: nothing is ever overwritten.
 * Returns the folder and the names of the files written.
 */
export async function scaffoldIntegration(id: string, sourceDir: string): Promise<{ folder: string; files: string[] }> {
  const problem = idProblem(id);
  if (problem) throw new UsageError(`${JSON.stringify(id)} is not a valid integration id: ${problem}, e.g. "my-app".`);
  const folder = path.join(sourceDir, id);
  const files = await renderScaffold(scaffoldNames(id));
  await mkdir(sourceDir, { recursive: true });
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new UsageError(`${path.relative(process.cwd(), folder) || folder} already exists: pick another id, or edit that module.`);
  }
  for (const [file, content] of files) await writeFile(path.join(folder, file), content, { flag: 'wx' });
  return { folder, files: [...files.keys()] };
}

export const newCommand: CommandModule<object, NewArgs> = {
  command: 'new <id>',
  describe: 'Scaffold an integration module that validates, lints clean and builds immediately, with comments that teach the model',
  builder: (yargs) =>
    yargs
      .positional('id', {
        type: 'string',
        demandOption: true,
        describe: "Integration id: lowercase letters, digits and '-', at most 40 characters",
      })
      .option('source', {
        type: 'string',
        describe:
          'Folder of integration modules to create it in (default: the first local folder of intgen.config.json\'s "integrations", else src/integrations of the intgen repository around the current folder)',
        normalize: true,
      })
      .example('$0 new etcd', 'Create src/integrations/etcd/, then run `npm run generate`')
      .example('$0 new etcd --source ../my-integrations', 'Create ../my-integrations/etcd/'),
  handler: async (args) => {
    const target = args.source === undefined ? await defaultTarget() : { dir: args.source, steps: undefined };
    const { folder, files } = await scaffoldIntegration(args.id, target.dir);
    const created = `created ${path.relative(process.cwd(), folder) || '.'}/: ${files.join(', ')}`;
    if (target.steps === undefined) {
      console.log(`${created}\n\nBuild it with \`intgen build --source ${args.source}\`.`);
      return;
    }
    const steps: [string, string][] = [
      [target.steps.build, `validate, lint and render it into out/${args.id}/`],
      [target.steps.test, 'run the tests, its promtool alert tests among them'],
    ];
    const width = Math.max(...steps.map(([command]) => command.length)) + 2;
    console.log(
      [
        created,
        '',
        'Next steps:',
        ...steps.map(([command, what]) => `  ${command.padEnd(width)}${what}`),
        '',
        'Then make it yours, starting with jobs.ts (containers, port) and metrics.ts (what it exposes).',
      ].join('\n'),
    );
  },
};

/**
 * Where a module goes without --source: the first local folder of intgen.config.json's `integrations` (a catalog
 * repository, as `intgen init` makes one), else src/integrations of the intgen repository around the current folder.
 */
export async function defaultTarget(): Promise<{ dir: string; steps: { build: string; test: string } }> {
  const { config, file } = await loadConfig(undefined);
  const local = config.integrations?.find(isLocalEntry);
  if (local !== undefined) {
    return { dir: path.resolve(path.dirname(path.resolve(file!)), local), steps: { build: 'npx intgen build', test: 'npx intgen test' } };
  }
  const repoRoot = await findRepoRoot(process.cwd());
  if (!repoRoot) {
    throw new UsageError(
      'no folder to create it in: no intgen.config.json here naming a local folder in "integrations", and not inside the intgen repository (no package.json named "intgen" here or above); run `intgen init` first, or pass --source <folder>.',
    );
  }
  return { dir: path.join(repoRoot, 'src/integrations'), steps: { build: 'npm run generate', test: 'npm test' } };
}
