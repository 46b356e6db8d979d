import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope } from '../../pipeline/build.js';
import { openOutDir, whileWriting } from '../../write/out-dir.js';
import { diffDir, replaceTree } from '../../write/tree.js';
import { buildOutput } from '../build-output.js';
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
    // Taken before rendering: a folder intgen may not replace is refused at once, and what the cache finds in
    // out/ cannot change under this build.
    const out = await openOutDir(
      args.out,
      { sourceDirs: options.sources?.map((s) => s.dir) },
      { onNote: (note) => console.error(`intgen: ${note}`) },
    );
    try {
      const progress = buildProgress(process.stderr, { quiet: args.quiet });
      const cache = openCache(args);
      const build = await buildCatalog({ ...options, cache, compareWith: out.real, onProgress: progress.update });
      progress.clear();
      printBuildFindings(build, args.quiet);
      if (!build.ok) {
        console.error(`not written: ${args.out}/ is unchanged`);
        process.exitCode = 1;
        return;
      }
      await whileWriting(out, async () => {
        const { files, scope } = buildOutput(build, options.only, out.record);
        const diff = await diffDir(files, out.real, scope, build.unchangedFiles, out.record.onDisk);
        const { warnings } = await replaceTree(out, files, scope, diff, build.unchangedFiles);
        for (const warning of warnings) console.error(`intgen: warning: ${warning}`);
        const folders = buildScope(options.only);
        cache?.save(
          () => true,
          (folder) => folders(`${folder}/`),
        );
        if (!args.quiet) {
          const changed = diff.stale.length + diff.missing.length + diff.notRegular.length;
          console.log(
            `wrote ${files.size + build.unchangedFiles.size} files for ${build.results.length} integration(s) to ${args.out}/: ` +
              `${changed} changed, ${diff.extra.length} removed${reuseNote(build)}`,
          );
        }
      });
    } finally {
      out.release();
    }
  },
};
