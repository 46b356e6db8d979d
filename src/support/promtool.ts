// Thin async wrappers around Prometheus's promtool binary, for tests and the `intgen test` command.
import { execFile } from 'node:child_process';
import { IntgenError } from '../core/errors.js';

export interface PromtoolResult {
  ok: boolean;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** One failing `alert_rule_test` of `promtool test rules`. */
export interface RuleTestFailure {
  /** The test group's `name`, when it has one. */
  test: string | undefined;
  alertname: string;
  evalTime: string;
  /** promtool's expected and actual alerts, as it prints them. */
  details: string;
}

export interface RuleTestResult extends PromtoolResult {
  failures: RuleTestFailure[];
}

/** promtool is not installed (or PROMTOOL names no program): what to install, as an expected failure. */
export class PromtoolNotFoundError extends IntgenError {
  constructor(binary: string) {
    super(
      `promtool not found: could not run ${JSON.stringify(binary)}${process.env.PROMTOOL ? ' (PROMTOOL)' : ' on the PATH'}. ` +
        'It comes with Prometheus: on Debian or Ubuntu `apt-get install prometheus`, elsewhere the release archive from ' +
        'https://prometheus.io/download/; or set PROMTOOL to its path.',
    );
  }
}

/** The binary to run: $PROMTOOL, else promtool on the PATH. */
function promtoolBinary(): string {
  return process.env.PROMTOOL || 'promtool';
}

function run(args: string[]): Promise<PromtoolResult> {
  const binary = promtoolBinary();
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, exitCode: 0, stdout, stderr });
      // A numeric code is promtool's exit status; anything else means it never ran to completion.
      if (typeof error.code === 'number') return resolve({ ok: false, exitCode: error.code, stdout, stderr });
      if (error.code === 'ENOENT') return reject(new PromtoolNotFoundError(binary));
      reject(new IntgenError(`could not run promtool (${JSON.stringify(binary)}): ${error.message}`, { cause: error }));
    });
  });
}

/** promtool's version line; rejects with PromtoolNotFoundError when it is not installed. */
export async function promtoolVersion(): Promise<string> {
  const result = await run(['--version']);
  return result.stdout.split('\n')[0] ?? '';
}

/** `promtool check rules`: syntax, PromQL and template checks of rule files. */
export function checkRules(files: string[]): Promise<PromtoolResult> {
  return run(['check', 'rules', ...files]);
}

/** `promtool check config`: a Prometheus configuration file, with the rule files it names. */
export function checkConfig(file: string): Promise<PromtoolResult> {
  return run(['check', 'config', file]);
}

/** `promtool test rules`: runs unit-test files; failing alert tests are parsed from promtool's report. */
export async function testRules(...files: [string, ...string[]]): Promise<RuleTestResult> {
  const result = await run(['test', 'rules', ...files]);
  return { ...result, failures: parseRuleTestFailures(result.stderr) };
}

// promtool 2.x prints each failure as "    name: <test>," (named groups only), "    alertname: <a>, time: <t>, ",
// then the expected and actual alerts indented further.
const testNameLine = /^ {4}name: (.*),$/;
const alertFailureLine = /^ {4}alertname: (.*), time: (.*?), ?$/;
const detailLine = /^ {5}/;

export function parseRuleTestFailures(report: string): RuleTestFailure[] {
  const failures: RuleTestFailure[] = [];
  let testName: string | undefined;
  let current: RuleTestFailure | undefined;
  for (const line of report.split('\n')) {
    const name = testNameLine.exec(line);
    const alert = alertFailureLine.exec(line);
    if (name) {
      testName = name[1];
      current = undefined;
    } else if (alert) {
      current = { test: testName, alertname: alert[1] ?? '', evalTime: alert[2] ?? '', details: '' };
      failures.push(current);
      testName = undefined;
    } else if (current && detailLine.test(line)) {
      current.details += `${current.details ? '\n' : ''}${line.replace(/^ {8}/, '')}`;
    } else {
      testName = undefined;
      current = undefined;
    }
  }
  return failures;
}

/**
 * Why promtool-backed checks cannot run here, or undefined when they can. With CI=true a missing promtool is an
 * error (rejects), never a reason to skip.
 */
export async function promtoolSkipReason(): Promise<string | undefined> {
  try {
    await promtoolVersion();
    return undefined;
  } catch (error) {
    if (!(error instanceof PromtoolNotFoundError) || process.env.CI === 'true') throw error;
    return error.message;
  }
}
