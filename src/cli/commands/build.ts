import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope } from '../../pipeline.js';
import { diffDir, replaceTree } from '../../output/tree.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { buildProgress } from '../progress.js';
import { printBuildFindings } from '../report.js';

export const buildCommand: CommandModule<object, CommonArgs> = {
  command: 'build',
  describe: 'Validate, lint and render every integration, then replace out/ in one step',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .example('$0 build', 'Render all integrations into out/')
      .example('$0 build --only calico --set calico.errorWindow=10m', 'Rebuild one integration with a parameter override'),
  handler: async (args) => {
    const options = await buildOptions(args);
    const progress = buildProgress(process.stderr, { quiet: args.quiet });
    const build = await buildCatalog({ ...options, onProgress: progress.update });
    progress.clear();
    printBuildFindings(build, args.quiet);
    if (!build.ok) {
      console.error(`not written: ${args.out}/ is unchanged`);
      process.exitCode = 1;
      return;
    }
    const scope = buildScope(options.only);
    const diff = await diffDir(build.files, args.out, scope);
    await replaceTree(args.out, build.files, scope, diff);
    if (!args.quiet) {
      const changed = diff.stale.length + diff.missing.length;
      console.log(
        `wrote ${build.files.size} files for ${build.results.length} integration(s) to ${args.out}/: ` +
          `${changed} changed, ${diff.extra.length} removed`,
      );
    }
  },
};
