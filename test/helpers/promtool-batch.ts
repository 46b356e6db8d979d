// Many rule files through one `promtool check rules` (or unit-test files through one `promtool test rules`) call:
// one process start instead of one per file, with promtool's verdict and messages per file.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRules, testRules } from '../../src/support/promtool.js';

export interface FileVerdict {
  ok: boolean;
  /** promtool's error lines for the file, without the file name. */
  errors: string[];
}

/**
 * promtool prints `Checking <file>` and SUCCESS or FAILED for each file on stdout, in order, and the errors on
 * stderr, each line starting with the file's path.
 */
export async function checkRuleContents(contents: readonly string[]): Promise<FileVerdict[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-promtool-'));
  try {
    const files = contents.map((_, i) => path.join(dir, `rules-${i}.yaml`));
    await Promise.all(files.map((file, i) => writeFile(file, contents[i]!)));
    const result = await checkRules(files);
    const sections = result.stdout.split(/^Checking /m).slice(1);
    const errorLines = result.stderr.split('\n');
    return files.map((file, i) => {
      const section = sections[i] ?? '';
      if (!section.startsWith(`${file}\n`))
        throw new Error(`promtool's report does not follow the files: ${result.stdout}${result.stderr}`);
      return {
        ok: section.includes('SUCCESS'),
        errors: errorLines.filter((line) => line.startsWith(`${file}:`)).map((line) => line.slice(file.length + 2)),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TestVerdict {
  /** promtool read the unit-test file and the rule file it names (the cases may still fail). */
  parsed: boolean;
  passed: boolean;
  /** promtool's report for the file when it did not pass. */
  report: string;
}

/** A failing case's lines: its name and alertname, then the expected and actual alerts, indented further. */
const caseFailureLine = /^(?: {4}(?:name: .*,|alertname: .*, time: .*)| {5,}.*|\s*)$/;

/**
 * Many unit-test files, each in its own folder with the rule file it names, through one `promtool test rules` call.
 * promtool prints `Unit Testing:` for each file on stdout, SUCCESS for those that pass, and for each other file,
 * in order, a FAILED block on stderr: failing cases, or why it could not read the files.
 */
export async function testRuleContents(suites: readonly { rules: string; tests: string }[]): Promise<TestVerdict[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-promtool-'));
  try {
    const files = await Promise.all(
      suites.map(async (suite, i) => {
        const folder = path.join(dir, String(i));
        await mkdir(folder);
        await Promise.all([
          writeFile(path.join(folder, 'rules.yaml'), suite.rules),
          writeFile(path.join(folder, 'rules.test.yaml'), suite.tests),
        ]);
        return path.join(folder, 'rules.test.yaml');
      }),
    );
    const result = await testRules(...(files as [string, ...string[]]));
    const sections = result.stdout.split(/^Unit Testing: +/m).slice(1);
    const failures = result.stderr.split(/^ {2}FAILED:\n/m).slice(1);
    let failed = 0;
    return files.map((file, i) => {
      const section = sections[i] ?? '';
      if (!section.startsWith(`${file}\n`))
        throw new Error(`promtool's report does not follow the files: ${result.stdout}${result.stderr}`);
      if (section.includes('SUCCESS')) return { parsed: true, passed: true, report: '' };
      const report = failures[failed++] ?? '';
      return { parsed: report.split('\n').every((line) => caseFailureLine.test(line)), passed: false, report };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
