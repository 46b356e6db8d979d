import type { CommandModule } from 'yargs';
import { UsageError } from '../../core/errors.js';
import { hasError } from '../../core/diagnostics.js';
import type { Integration, ScrapeJob } from '../../model/index.js';
import { buildCatalog } from '../../pipeline/build.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { useColor } from '../output.js';
import { printBuildFindings } from '../report.js';
import { readSource } from '../sources.js';

interface VerifyArgs extends CommonArgs {
  metrics: string[];
  format: 'human' | 'json';
}

/** `<job>=<file|url>`, or a bare file or URL when the selected integrations have one job. */
function resolveJob(spec: string, jobs: { integration: Integration; job: ScrapeJob }[]) {
  const match = /^([a-z0-9][a-z0-9-]*)=(.+)$/.exec(spec);
  const known = jobs.map(({ job }) => job.id);
  if (!match) {
    if (jobs.length === 1) return { ...jobs[0]!, source: spec };
    throw new UsageError(`--metrics ${spec}: name the job it is an exposition of, as <job>=${spec} (jobs: ${known.join(', ')})`);
  }
  const [, id, source] = match as unknown as [string, string, string];
  const found = jobs.find(({ job }) => job.id === id);
  if (!found) throw new UsageError(`--metrics ${spec}: no job ${JSON.stringify(id)} (jobs: ${known.join(', ')})`);
  return { ...found, source };
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify',
  describe: "Compare each job's catalog with what its exporter exposes (a captured /metrics or a live URL); exit 1 on a mismatch",
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('metrics', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'An exposition (Prometheus text or OpenMetrics) of one target: <job>=<file|url>, repeatable',
      })
      .option('format', { choices: ['human', 'json'] as const, default: 'human' as const, describe: 'Output format' })
      .example('$0 verify --metrics calico-node-default=felix.prom', 'Check the felix catalog against a captured scrape')
      .example('$0 verify --metrics calico-node-default=http://10.0.0.5:9091/metrics --format json', 'Against a live target'),
  handler: async (args) => {
    const [{ parseExposition }, { verifyJob }, { formatVerifyHuman, formatVerifyJson }] = await Promise.all([
      import('../../analysis/exposition.js'),
      import('../../verify/compare.js'),
      import('../../verify/report.js'),
    ]);
    const build = await buildCatalog({ ...(await buildOptions(args)), render: false });
    if (!build.ok) {
      printBuildFindings(build, args.quiet);
      console.error('cannot verify: the definitions do not build');
      process.exitCode = 1;
      return;
    }
    const jobs = build.results.flatMap((r) => r.context.integration.jobs.map((job) => ({ integration: r.context.integration, job })));
    const targets = args.metrics.map((spec) => resolveJob(spec, jobs));
    const verified = [];
    for (const { integration, job, source } of targets) {
      verified.push(verifyJob(integration, job, parseExposition(await readSource(source, '--metrics')), source));
    }
    process.stdout.write(args.format === 'json' ? formatVerifyJson(verified) : formatVerifyHuman(verified, { color: useColor() }));
    if (hasError(verified.flatMap((job) => job.findings))) process.exitCode = 1;
  },
};
