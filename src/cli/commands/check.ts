import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope } from '../../pipeline.js';
import { diffDir, isClean } from '../../output/tree.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { paint } from '../output.js';
import { printBuildFindings } from '../report.js';

export const checkCommand: CommandModule<object, CommonArgs> = {
  command: 'check',
  describe: 'Render in memory and compare with out/: exit 1 listing every stale, missing or extra file (the PR gate)',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .example('$0 check', 'Fail if out/ does not match the modules')
      .example('$0 check --only calico', 'Check one integration\'s folder only'),
  handler: async (args) => {
    const options = await buildOptions(args);
    const build = await buildCatalog(options);
    printBuildFindings(build, args.quiet);
    if (!build.ok) {
      process.exitCode = 1;
      return;
    }
    const diff = await diffDir(build.files, args.out, buildScope(options.only));
    const report: [string[], string][] = [
      [diff.stale, 'stale  '],
      [diff.missing, 'missing'],
      [diff.extra, 'extra  '],
    ];
    for (const [files, label] of report) for (const f of files) console.error(`${paint('red', label)} ${args.out}/${f}`);
    if (!isClean(diff)) {
      console.error(`${args.out}/ is out of date: run \`npm run generate\` and commit the result`);
      process.exitCode = 1;
    } else if (!args.quiet) {
      console.log(`${args.out}/ is up to date (${build.files.size} files)`);
    }
  },
};
