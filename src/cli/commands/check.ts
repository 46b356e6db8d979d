import { lstatSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { buildCatalog, buildScope, type BuildOptions } from '../../pipeline/build.js';
import { holdOutDirForReading } from '../../write/out-dir.js';
import { inspectOutDir, locateOutDir, type OutLocation } from '../../write/ownership.js';
import { diffDir, isClean } from '../../write/tree.js';
import { buildOutput } from '../build-output.js';
import { buildOptions, openCache, withCacheOption, withCommonOptions, type CacheArgs, type CommonArgs } from '../options.js';
import { paint } from '../output.js';
import { printBuildFindings, reuseNote } from '../report.js';

export const checkCommand: CommandModule<object, CommonArgs & CacheArgs> = {
  command: 'check',
  describe: 'Render in memory and compare with out/: exit 1 listing every stale, missing or extra file (the PR gate)',
  builder: (yargs) =>
    withCacheOption(withCommonOptions(yargs))
      .example('$0 check', 'Fail if out/ does not match the modules')
      .example('$0 check --only calico', "Check one integration's folder only"),
  handler: async (args) => {
    const options = await buildOptions(args);
    const location = locateOutDir(args.out, {}, { forWriting: false });
    const lock = await holdOutDirForReading(location, { onNote: (note) => console.error(`intgen: ${note}`) });
    try {
      await checkOutDir(args, options, location);
    } finally {
      lock.release();
    }
  },
};

/** Renders in memory and reports how out/ differs, while holding out/ against builds. */
async function checkOutDir(args: CommonArgs & CacheArgs, options: BuildOptions, location: OutLocation): Promise<void> {
  const record = inspectOutDir(location);
  const cache = openCache(args);
  const build = await buildCatalog({ ...options, cache, compareWith: location.real });
  printBuildFindings(build, args.quiet);
  if (!build.ok) {
    process.exitCode = 1;
    return;
  }
  const { files, scope } = buildOutput(build, options.only, record);
  const diff = await diffDir(files, location.real, scope, build.unchangedFiles, record.onDisk);
  // What was rendered in memory and found on disk as is can be reused next time.
  const differs = new Set([...diff.stale, ...diff.missing, ...diff.notRegular].map((file) => file.split('/')[0]));
  const folders = buildScope(options.only);
  cache?.save(
    (folder) => !differs.has(folder),
    (folder) => folders(`${folder}/`),
  );
  const foreign = (file: string) => record.foreign === undefined && !record.written.has(file);
  const report: [string[], string, (file: string) => string][] = [
    [diff.stale, 'stale  ', () => ''],
    [diff.missing, 'missing', () => ''],
    [diff.extra, 'extra  ', (f) => (foreign(f) ? ' (not written by intgen: build will not delete it; move it away yourself)' : '')],
    [
      diff.notRegular,
      'notfile',
      (f) => (lstatSync(path.join(location.real, f)).isSymbolicLink() ? ' (a symbolic link, not a regular file)' : ' (not a regular file)'),
    ],
  ];
  for (const [list, label, note] of report) for (const f of list) console.error(`${paint('red', label)} ${args.out}/${f}${note(f)}`);
  if (record.foreign !== undefined)
    console.error(`intgen: ${args.out}/ is not a folder intgen wrote (${record.foreign}): build refuses to replace it`);
  if (!isClean(diff)) {
    console.error(`${args.out}/ is out of date: run \`npm run generate\` and commit the result`);
    process.exitCode = 1;
  } else if (!args.quiet) {
    console.log(`${args.out}/ is up to date (${files.size + build.unchangedFiles.size} files${reuseNote(build)})`);
  }
}
