// intgen's command line. Exit codes: 0 ok, 1 invalid definitions or stale out/, 2 usage.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { packageRoot } from '../support/own-files.js';
import { ConfigError, debugRequested, IntgenError } from '../core/errors.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { diffCommand } from './commands/diff.js';
import { importCommand } from './commands/import.js';
import { lintCommand } from './commands/lint.js';
import { listCommand } from './commands/list.js';
import { initCommand } from './commands/init.js';
import { newCommand } from './commands/new.js';
import { testCommand } from './commands/test.js';
import { verifyCommand } from './commands/verify.js';
import { epilogue } from './options.js';

const { version } = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };

/**
 * yargs renders the help text of the command it is about to run, every run, to have it at hand should the command
 * fail (about 30 ms, an eighth of a check of an unchanged catalog, in string width computations). intgen never
 * shows help on a failure (see .fail below), so that rendering is skipped; --help renders it as before.
 */
function skipHelpCache<T>(cli: Argv<T>): Argv<T> {
  const internal = cli as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } };
  internal.getInternalMethods().getUsageInstance().cacheHelpMessage = () => {};
  return cli;
}

/** Not awaited at the top level: the bundle runs as scripts (scripts/bundle.mjs), which cannot. */
async function main(): Promise<void> {
  try {
    const cli = yargs(hideBin(process.argv))
      .scriptName('intgen')
      .usage('$0 <command> [options]\n\nMonitoring integrations as code: typed modules rendered to rules, jobs, dashboards and docs.')
      .command(buildCommand)
      .command(checkCommand)
      .command(lintCommand)
      .command(listCommand)
      .command(initCommand)
      .command(newCommand)
      .command(importCommand)
      .command(diffCommand)
      .command(testCommand)
      .command(verifyCommand)
      .example('$0 build', 'Validate, lint and render every integration into out/')
      .example('$0 check', 'The PR gate: fail when out/ is stale')
      .example('$0 new etcd', 'Start a new integration module')
      .example('$0 import etcd --rules etcd.rules.yaml --metrics etcd.prom', 'A module from existing rules and an exposition')
      .example('$0 <command> --help', 'Options and examples of one command')
      .demandCommand(1, 'Name a command.')
      .strict()
      .recommendCommands()
      .completion('completion', 'Print a shell completion script (bash/zsh): intgen completion >> ~/.bashrc')
      .version(version)
      .alias('h', 'help')
      .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of expected failures too (or INTGEN_DEBUG=1)' })
      .epilogue(epilogue)
      .wrap(Math.min(110, process.stdout.columns || 110))
      .fail((message, error) => {
        if (error) throw error;
        console.error(`intgen: ${message}\nRun \`intgen --help\` for usage.`);
        process.exit(2);
      });
    await skipHelpCache(cli).parseAsync();
  } catch (error) {
    if (!(error instanceof IntgenError) || debugRequested()) throw error;
    // A config error is a problem of the definitions, reported like the other definition errors.
    console.error(error instanceof ConfigError ? `error ${error.message}` : `intgen: ${error.message}`);
    process.exitCode = error.exitCode;
  }
}

void main();
