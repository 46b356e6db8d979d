import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lintRuleIds } from '../../src/lint/lint.js';
import { repo } from '../helpers/cli.js';

/** The rule ids the README's lint table names; `-title` after `alert/duplicate-id` is short for `alert/duplicate-title`. */
export function documentedRuleIds(readme: string): string[] {
  const section = /^## Lint\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const ids: string[] = [];
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const cell = row.split('|')[1]!;
    let previous = '';
    for (const [, name] of cell.matchAll(/`([^`]+)`/g)) {
      const id = name!.startsWith('-') ? previous.replace(/-[^-/]+$/, name!) : name!;
      ids.push(id);
      previous = id;
    }
  }
  return ids;
}

test("the README's lint table names exactly the registered rules", () => {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  expect(documentedRuleIds(readme).sort()).toEqual([...lintRuleIds].sort());
});

test('the table reader expands the short forms and would see a missing rule', () => {
  const readme = '## Lint\n| rule | catches |\n|---|---|\n| `alert/duplicate-id`, `-title` | x |\n| `promql/syntax` | y |\n## Next\n';
  expect(documentedRuleIds(readme)).toEqual(['alert/duplicate-id', 'alert/duplicate-title', 'promql/syntax']);
});
