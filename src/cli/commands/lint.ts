import type { CommandModule } from 'yargs';
import { buildCatalog } from '../../pipeline/build.js';
import { buildOptions, openCache, withCacheOption, withCommonOptions, type CacheArgs, type CommonArgs } from '../options.js';
import { lintReport, printThreadsNote } from '../report.js';

export const lintCommand: CommandModule<object, CommonArgs & CacheArgs & { format: 'human' | 'json' }> = {
  command: 'lint',
  describe: 'Check what the definitions mean (PromQL, metrics, alerts, relabel regexes, templates); exit 1 on errors',
  builder: (yargs) =>
    withCacheOption(withCommonOptions(yargs))
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const, describe: 'Output format' })
      .example('$0 lint', 'Findings for people, grouped, with a summary line')
      .example('$0 lint --format json | jq .', 'Findings for machines'),
  handler: async (args) => {
    // The lint results of a build whose inputs are unchanged hold: the cache of builds into --out has them.
    const build = await buildCatalog({ ...(await buildOptions(args)), render: false, cache: openCache(args) });
    printThreadsNote(build);
    const { text, errors } = lintReport(build, args.format);
    if (text) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    if (errors) process.exitCode = 1;
  },
};
