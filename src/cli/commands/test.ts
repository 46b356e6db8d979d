import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { buildCatalog } from '../../pipeline/build.js';
import { UsageError } from '../../core/errors.js';
import { ruleTargetOf, ruleTargets } from '../../core/rule-targets.js';
import { integrationFiles } from '../../outputs/paths.js';
import type { RuleTestFailure } from '../../support/promtool.js';
import { buildOptions, withCommonOptions, type CommonArgs } from '../options.js';
import { paint } from '../output.js';
import { printBuildFindings } from '../report.js';

export const testCommand: CommandModule<object, CommonArgs> = {
  command: 'test',
  describe: "Run every integration's alert unit tests with `promtool test rules` and report per alert",
  builder: (yargs) =>
    withCommonOptions(yargs)
      .example('$0 test', 'Unit-test all alerts (needs promtool, or PROMTOOL=/path/to/promtool)')
      .example('$0 test --only calico --set calico.errorWindow=10m', 'Check the tests still hold with an override'),
  handler: async (args) => {
    const { promtoolVersion, testRules } = await import('../../support/promtool.js');
    // Before any work: without promtool there is nothing this command can do, and the error says how to get it.
    await promtoolVersion();
    const options = await buildOptions(args);
    const target = ruleTargets[ruleTargetOf(options.config ?? {})];
    if (target.testTool !== 'promtool') {
      // The file is in the other tool's format, which promtool rejects as a whole.
      throw new UsageError(
        `the rule target ${target.name} writes its unit tests for ${target.testTool}, not promtool: ` +
          `build, then run \`${target.testTool} unittest --files out/<id>/prometheus/rules.test.yaml\``,
      );
    }
    const build = await buildCatalog(options);
    printBuildFindings(build, args.quiet);
    if (!build.ok) {
      process.exitCode = 1;
      return;
    }
    // Imported here, not at the top, as list.ts does: it brings lint and the PromQL parser into every command's start.
    const { applyOverrides } = await import('../../transforms/overrides.js');
    // promtool reads files: the rendered rules and tests go to a scratch folder, never to out/.
    const scratch = await mkdtemp(path.join(tmpdir(), 'intgen-test-'));
    let failed = 0;
    try {
      for (const result of build.results) {
        // As rendered: an alert the overrides disable has no unit tests to report.
        const integration = applyOverrides(result.context).integration;
        const files = integrationFiles(integration.id);
        const tests = build.files.get(files.ruleTests);
        const alerts = Object.values(integration.alerts).flatMap((group) => group ?? []);
        if (tests === undefined) {
          if (!args.quiet) console.log(`${integration.id}: no alert unit tests`);
          continue;
        }
        await mkdir(path.join(scratch, path.dirname(files.prometheusRules)), { recursive: true });
        await writeFile(path.join(scratch, files.prometheusRules), build.files.get(files.prometheusRules) ?? '');
        await writeFile(path.join(scratch, files.ruleTests), tests);
        const run = await testRules(path.join(scratch, files.ruleTests));
        const byAlert = new Map<string, RuleTestFailure[]>();
        for (const f of run.failures) byAlert.set(f.alertname, [...(byAlert.get(f.alertname) ?? []), f]);
        const cases = alerts.reduce((n, a) => n + (a.tests?.length ?? 0), 0);
        if (!run.ok && run.failures.length === 0) {
          // promtool rejected the files themselves (not a failing case): show what it said.
          console.error(`${paint('red', 'FAIL')} ${integration.id}: promtool test rules failed:\n${run.stderr || run.stdout}`);
          failed++;
          continue;
        }
        if (!args.quiet || !run.ok) console.log(`${integration.id}: ${alerts.length} alerts, ${cases} cases`);
        for (const alert of alerts) {
          const failures = byAlert.get(alert.id) ?? [];
          if (failures.length === 0) {
            if (!args.quiet) console.log(`  ${paint('green', 'ok  ')} ${alert.id} (${alert.tests?.length ?? 0} cases)`);
            continue;
          }
          failed++;
          for (const f of failures) {
            const where = `${f.test ? `case ${JSON.stringify(f.test)} ` : ''}at ${f.evalTime}`;
            console.error(`  ${paint('red', 'FAIL')} ${alert.id}: ${where}\n${f.details.replace(/^/gm, '         ')}`);
          }
        }
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    if (failed) {
      console.error(`${failed} failing`);
      process.exitCode = 1;
    }
  },
};
