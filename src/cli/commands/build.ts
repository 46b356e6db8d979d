import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope } from '../../pipeline.js';
import { diffDir, replaceTree } from '../../output/tree.js';
import { buildOptions, openCache, withCacheOption, withCommonOptions, type CacheArgs, type CommonArgs } from '../options.js';
import { buildProgress } from '../progress.js';
import { printBuildFindings, reuseNote } from '../report.js';

export const buildCommand: CommandModule<object, CommonArgs & CacheArgs> = {
  command: 'build',
  describe: 'Validate, lint and render every integration, then replace out/ in one step',
  builder: (yargs) =>
    withCacheOption(withCommonOptions(yargs))
      .example('$0 build', 'Render all integrations into out/')
      .example('$0 build --only calico --set calico.errorWindow=10m', 'Rebuild one integration with a parameter override'),
  handler: async (args) => {
    const options = await buildOptions(args);
    const progress = buildProgress(process.stderr, { quiet: args.quiet });
    const cache = openCache(args);
    const build = await buildCatalog({ ...options, cache, onProgress: progress.update });
    progress.clear();
    printBuildFindings(build, args.quiet);
    if (!build.ok) {
      console.error(`not written: ${args.out}/ is unchanged`);
      process.exitCode = 1;
      return;
    }
    const scope = buildScope(options.only);
    const diff = await diffDir(build.files, args.out, scope, build.reusedFiles);
    await replaceTree(args.out, build.files, scope, diff, build.reusedFiles);
    cache?.save(() => true, (folder) => scope(`${folder}/`));
    if (!args.quiet) {
      const changed = diff.stale.length + diff.missing.length;
      console.log(
        `wrote ${build.files.size + build.reusedFiles.size} files for ${build.results.length} integration(s) to ${args.out}/: ` +
          `${changed} changed, ${diff.extra.length} removed${reuseNote(build)}`,
      );
    }
  },
};
