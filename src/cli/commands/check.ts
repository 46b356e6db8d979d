import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope } from '../../pipeline.js';
import { diffDir, isClean } from '../../output/tree.js';
import { buildOptions, openCache, withCacheOption, withCommonOptions, type CacheArgs, type CommonArgs } from '../options.js';
import { paint } from '../output.js';
import { printBuildFindings, reuseNote } from '../report.js';

export const checkCommand: CommandModule<object, CommonArgs & CacheArgs> = {
  command: 'check',
  describe: 'Render in memory and compare with out/: exit 1 listing every stale, missing or extra file (the PR gate)',
  builder: (yargs) =>
    withCacheOption(withCommonOptions(yargs))
      .example('$0 check', 'Fail if out/ does not match the modules')
      .example('$0 check --only calico', 'Check one integration\'s folder only'),
  handler: async (args) => {
    const options = await buildOptions(args);
    const cache = openCache(args);
    const build = await buildCatalog({ ...options, cache });
    printBuildFindings(build, args.quiet);
    if (!build.ok) {
      process.exitCode = 1;
      return;
    }
    const scope = buildScope(options.only);
    const diff = await diffDir(build.files, args.out, scope, build.reusedFiles);
    // What was rendered in memory and found on disk as is can be reused next time.
    const differs = new Set([...diff.stale, ...diff.missing].map((file) => file.split('/')[0]));
    cache?.save((folder) => !differs.has(folder), (folder) => scope(`${folder}/`));
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
      console.log(`${args.out}/ is up to date (${build.files.size + build.reusedFiles.size} files${reuseNote(build)})`);
    }
  },
};
