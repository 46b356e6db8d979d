import type { CommandModule } from 'yargs';
import { checkOverrideNames } from '../../pipeline/define.js';
import { loadModules } from '../../pipeline/load.js';
import { formatDiagnostic } from '../../core/diagnostics.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { builtinIntegrationsDir } from '../../support/own-files.js';

export const listCommand: CommandModule<object, CommonArgs & { format: 'human' | 'json' }> = {
  command: 'list',
  describe: 'List the integrations with their versions and counts',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const, describe: 'Output format' })
      .example('$0 list', 'One line per integration'),
  handler: async (args) => {
    const options = await buildOptions(args);
    const [modules, { evaluateModule }] = await Promise.all([
      loadModules(options.sourceDir ?? builtinIntegrationsDir),
      import('../../pipeline/evaluate.js'),
    ]);
    checkOverrideNames(modules, options.config ?? {}, options.overrideOrigin);
    const rows = modules
      .filter((m) => !options.only || options.only.includes(m.folder))
      .map((m) => evaluateModule(m, options.config ?? {}));
    const entries = rows.map((r) => {
      const i = r.status === 'linted' ? r.context.integration : undefined;
      return {
        id: r.folder,
        name: i?.name,
        versions: i?.versions,
        metrics: i?.metrics.length,
        alerts: i ? Object.values(i.alerts).reduce((n, list) => n + (list?.length ?? 0), 0) : undefined,
        dashboards: i?.dashboards.length,
        jobs: i?.jobs.length,
        problems: r.status === 'invalid' ? r.diagnostics.map(formatDiagnostic) : [],
      };
    });
    if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else {
      for (const e of entries) {
        if (e.problems.length)
          console.log(`${e.id}\tINVALID: ${e.problems[0]}${e.problems.length > 1 ? ` (+${e.problems.length - 1} more)` : ''}`);
        else
          console.log(
            `${e.id}\t${e.name}\t${e.versions?.join(', ')}\t${e.metrics} metrics, ${e.alerts} alerts, ${e.dashboards} dashboards, ${e.jobs} jobs`,
          );
      }
    }
    if (entries.some((e) => e.problems.length)) process.exitCode = 1;
  },
};
