import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { epilogue } from '../options.js';
import { useColor } from '../output.js';
import { readSource } from '../sources.js';
import { defaultTarget, idProblem } from './new.js';

interface ImportArgs {
  id: string;
  metrics: string | undefined;
  rules: string[] | undefined;
  'rule-tests': string[] | undefined;
  grafana: string[] | undefined;
  sysdig: string[] | undefined;
  jobs: string | undefined;
  source: string | undefined;
  force: boolean;
  format: 'human' | 'json';
  report: string | undefined;
  name: string | undefined;
  description: string | undefined;
  exporter: string | undefined;
  versions: string[] | undefined;
}

const readAll = (files: string[] | undefined, option: string) =>
  Promise.all((files ?? []).map(async (source) => ({ source, text: await readSource(source, option) })));

export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <id>',
  describe: 'Write a new module from existing rule files, promtool tests, dashboards and an exposition, with a report of what was imported',
  builder: (yargs) =>
    yargs
      .epilogue(epilogue)
      .positional('id', { type: 'string', demandOption: true, describe: 'Id of the new integration (its folder name)' })
      .option('metrics', {
        type: 'string',
        describe: 'An exposition of the exporter: a file or an http(s) URL (Prometheus text or OpenMetrics)',
      })
      .option('rules', { type: 'string', array: true, describe: 'Prometheus rule files or PrometheusRule resources' })
      .option('rule-tests', { type: 'string', array: true, describe: 'promtool unit-test files of those rules' })
      .option('grafana', {
        type: 'string',
        array: true,
        describe: 'Grafana dashboard JSON files (the classic model, exports with __inputs too; the rows of schemaVersion < 16 too)',
      })
      .option('sysdig', {
        type: 'string',
        array: true,
        describe: 'Sysdig Monitor v3 dashboard files (PromQL panels, as PromCat ships them)',
      })
      .option('jobs', {
        type: 'string',
        describe:
          'Prometheus scrape_configs or Sysdig agent jobs: each pod-discovery job becomes a job intent, proven on generated targets',
      })
      .option('source', {
        type: 'string',
        normalize: true,
        describe:
          'Folder of integration modules to write it in (default: src/integrations of the intgen repository around the current folder)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing module of that id (only that folder)' })
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const, describe: 'Output format of the report' })
      .option('report', {
        type: 'string',
        normalize: true,
        describe: 'Also write the report as Markdown to this file (e.g. IMPORT-REPORT.md, for the pull request)',
      })
      .option('name', { type: 'string', describe: 'Display name (default: from the id)' })
      .option('description', { type: 'string', describe: 'What the integration watches' })
      .option('exporter', { type: 'string', describe: 'How the metrics are exposed' })
      .option('versions', { type: 'string', array: true, describe: 'Versions of the software the catalog was checked against' })
      .example(
        '$0 import coredns --rules coredns.rules.yaml --rule-tests coredns.test.yaml --metrics coredns.prom',
        'A module from what you have',
      )
      .example('$0 import felix --grafana felix-dashboard.json --metrics felix.prom', 'A module from a Grafana dashboard and an exposition')
      .example(
        '$0 import coredns --rules coredns.rules.yaml --metrics http://10.0.0.5:9153/metrics --report IMPORT-REPORT.md',
        'From a live target',
      ),
  handler: async (args) => {
    const problem = idProblem(args.id);
    if (problem) throw new UsageError(`${JSON.stringify(args.id)} is not a valid integration id: ${problem}, e.g. "my-app".`);
    if (!args.metrics && !args.rules?.length && !args.grafana?.length && !args.sysdig?.length) {
      throw new UsageError('give something to import: --rules <file…>, --grafana <file…>, --sysdig <file…> and/or --metrics <file|url>');
    }
    if (args['rule-tests']?.length && !args.rules?.length) throw new UsageError('--rule-tests: give the rule files they test with --rules');
    // Where `intgen new` would put it: the config's first local integrations folder, else the repository's.
    const sourceDir = args.source ?? (await defaultTarget()).dir;
    const [{ importModule }, { writeModule }, { formatImportHuman, formatImportJson, formatImportMarkdown }, { importDashboardFiles }] =
      await Promise.all([
        import('../../import/import.js'),
        import('../../import/module/write.js'),
        import('../../import/format.js'),
        import('../../import/dashboards/index.js'),
      ]);
    const dashboards = importDashboardFiles({
      grafana: await readAll(args.grafana, '--grafana'),
      sysdig: await readAll(args.sysdig, '--sysdig'),
    });
    const imported = importModule({
      id: args.id,
      ...(args.name ? { name: args.name } : {}),
      ...(args.description ? { description: args.description } : {}),
      ...(args.exporter ? { exporter: args.exporter } : {}),
      ...(args.versions?.length ? { versions: args.versions } : {}),
      ...(args.metrics ? { metrics: { source: args.metrics, text: await readSource(args.metrics, '--metrics') } } : {}),
      ...(args.jobs ? { jobs: { source: args.jobs, text: await readSource(args.jobs, '--jobs') } } : {}),
      rules: await readAll(args.rules, '--rules'),
      ruleTests: await readAll(args['rule-tests'], '--rule-tests'),
      dashboards,
    });
    const written = await writeModule(sourceDir, args.id, imported.files, { force: args.force });
    const summary = {
      folder: path.relative(process.cwd(), written.folder) || written.folder,
      report: imported.report,
      diagnostics: written.diagnostics,
      builds: written.builds,
    };
    if (args.report) await writeFile(args.report, formatImportMarkdown(summary));
    process.stdout.write(args.format === 'json' ? formatImportJson(summary) : formatImportHuman(summary, { color: useColor() }));
    if (args.report && args.format === 'human') console.log(`report: ${args.report}`);
    if (!written.builds) process.exitCode = 1;
  },
};
