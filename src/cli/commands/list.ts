import type { CommandModule } from 'yargs';
import { checkOverrideNames } from '../../pipeline/define.js';
import { loadCatalog } from '../../pipeline/load.js';
import { builtinSources } from '../../pipeline/sources.js';
import { integrationCounts, plural } from '../../core/counts.js';
import { formatDiagnostic } from '../../core/diagnostics.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';

export const listCommand: CommandModule<object, CommonArgs & { format: 'human' | 'json' }> = {
  command: 'list',
  describe: 'List the integrations with their versions and counts',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const, describe: 'Output format' })
      .example('$0 list', 'One line per integration'),
  handler: async (args) => {
    const options = await buildOptions(args);
    // Imported here, not at the top: every command's module is loaded at start-up, and these bring lint and the
    // PromQL parser, which a check of an unchanged catalog never needs.
    const [modules, { evaluateModule }, { applyOverrides }] = await Promise.all([
      loadCatalog(options.sources ?? builtinSources()),
      import('../../pipeline/evaluate.js'),
      import('../../transforms/overrides.js'),
    ]);
    checkOverrideNames(modules, options.config ?? {}, options.overrideOrigin);
    const rows = modules
      .filter((m) => !options.only || options.only.includes(m.folder))
      .map((m) => evaluateModule(m, options.config ?? {}));
    const entries = rows.map((r) => {
      // Counted as the build renders it: what the overrides disable is not installed.
      const i = r.status === 'linted' ? applyOverrides(r.context).integration : undefined;
      const counts = i && integrationCounts(i);
      return {
        id: r.folder,
        name: i?.name,
        versions: i?.versions,
        metrics: counts?.metrics,
        alerts: counts?.alerts,
        dashboards: counts?.dashboards,
        jobs: counts?.jobs,
        problems: r.status === 'invalid' ? r.diagnostics.map(formatDiagnostic) : [],
      };
    });
    if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else {
      for (const e of entries) {
        if (e.problems.length)
          console.log(`${e.id}\tINVALID: ${e.problems[0]}${e.problems.length > 1 ? ` (+${e.problems.length - 1} more)` : ''}`);
        else {
          // Catalog metrics, as `diff` counts them: a histogram is one metric, however many series its job keeps.
          const counts = [
            plural(e.metrics!, 'catalog metric'),
            plural(e.alerts!, 'alert'),
            plural(e.dashboards!, 'dashboard'),
            plural(e.jobs!, 'scrape job'),
          ];
          console.log(`${e.id}\t${e.name}\t${e.versions?.join(', ')}\t${counts.join(', ')}`);
        }
      }
    }
    if (entries.some((e) => e.problems.length)) process.exitCode = 1;
  },
};
