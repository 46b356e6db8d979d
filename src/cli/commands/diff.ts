import type { CommandModule } from 'yargs';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { printBuildFindings } from '../report.js';

interface DiffArgs extends CommonArgs {
  base: string;
  format: 'markdown' | 'json';
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff',
  describe:
    'What the working tree does to the outputs committed at a git ref: alerts, panels, metrics, jobs, parameters (Markdown for a PR comment, or JSON)',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('base', { type: 'string', default: 'HEAD', describe: 'Git ref (commit, branch, tag) whose committed out/ is compared with' })
      .option('format', { choices: ['markdown', 'json'] as const, default: 'markdown' as const, describe: 'Output format' })
      .example('$0 diff', 'Changes of the uncommitted work, as Markdown')
      .example('$0 diff --base origin/main > comment.md', 'A PR comment: what the branch changes compared with main')
      .example('$0 diff --base HEAD~1 --format json | jq .integrations[].id', 'Which integrations changed since the previous commit'),
  handler: async (args) => {
    const [{ diffWorkingTree }, { formatDiffJson, formatDiffMarkdown }] = await Promise.all([
      import('../../diff/working-tree.js'),
      import('../../diff/format.js'),
    ]);
    const result = await diffWorkingTree(args.base, args.out, process.cwd(), await buildOptions(args));
    if (!('diff' in result)) {
      printBuildFindings(result.build, args.quiet);
      console.error('cannot diff: the definitions do not build');
      process.exitCode = 1;
      return;
    }
    const { diff, header } = result;
    process.stdout.write(args.format === 'json' ? formatDiffJson(diff, header) : formatDiffMarkdown(diff, header));
  },
};
