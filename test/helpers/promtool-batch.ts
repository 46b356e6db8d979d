// Many rule files through one `promtool check rules` call (one process start instead of one per file), with
// promtool's verdict and messages per file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkRules } from '../../src/tools/promtool.js';

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
      if (!section.startsWith(`${file}\n`)) throw new Error(`promtool's report does not follow the files: ${result.stdout}${result.stderr}`);
      return {
        ok: section.includes('SUCCESS'),
        errors: errorLines.filter((line) => line.startsWith(`${file}:`)).map((line) => line.slice(file.length + 2)),
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
