import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { lintRuleIds } from '../../src/lint/lint.js';
import { repo } from '../helpers/cli.js';
import { documentedRuleIds } from './readme-table.js';

test("the README's lint table names exactly the registered rules", () => {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  expect(documentedRuleIds(readme).sort()).toEqual([...lintRuleIds].sort());
});

test('the table reader expands the short forms and would see a missing rule', () => {
  const readme = '## Lint\n| rule | catches |\n|---|---|\n| `alert/duplicate-id`, `-title` | x |\n| `promql/syntax` | y |\n## Next\n';
  expect(documentedRuleIds(readme)).toEqual(['alert/duplicate-id', 'alert/duplicate-title', 'promql/syntax']);
});
