// Label matchers and relabel regexes are checked against Go's regexp, which Prometheus compiles them with: what
// re2js accepts beyond it is an error.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goRegexpError } from '../../src/analysis/go-regexp.js';
import { toYaml } from '../../src/serialize/yaml.js';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { lintIntegration } from '../../src/lint/lint.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { checkRuleContents } from '../helpers/promtool-batch.js';

describe('goRegexpError', () => {
  test.each([
    ['(?<n>prod)', '(?P<n>…)'],
    ['a|(?<host>[^:]+):\\d+', '(?P<host>…)'],
    ['\\p{Alphabetic}', 'no Unicode class `\\p{Alphabetic}`'],
    ['[\\p{Ascii}a]', '`\\p{Ascii}`'],
    ['\\P{^Cn}', '`\\P{^Cn}`'],
    ['\\p{LC}', '`\\p{LC}`'],
    ['\\p{Vithkuqi}', '`\\p{Vithkuqi}`'],
    ['a)|(b', 'unexpected )'],
    ['(a', 'missing closing )'],
    ['a{1001}', 'invalid repeat count'],
  ])('rejects %s', (regex, message) => {
    expect(goRegexpError(regex)).toContain(message);
  });

  test.each([
    '(?P<n>prod)',
    '\\p{Greek}+',
    '\\pL\\PN',
    '[[:alpha:]\\p{Latin}]',
    '\\Q(?<n>\\E',
    '[(?<n>]',
    '[]\\p{Any}]',
    '(?i)prod|staging',
    '\\p{^Han}',
    'a\\)b',
    '[)]',
  ])('accepts %s', (regex) => {
    expect(goRegexpError(regex)).toBeUndefined();
  });

  test('promql/syntax reports a matcher regex Go rejects, naming the label', () => {
    const integration = baseIntegration();
    const alert = integration.alerts['demo-errors']![0]!;
    alert.expr = 'sum by (instance) (increase(demo_errors{env=~"(?<n>prod)"}[5m])) > 0';
    const [finding, ...rest] = lintIntegration(integration).findings.filter((f) => f.severity === 'error');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'promql/syntax', item: 'DemoErrors', path: 'alerts.demo-errors[0].expr' });
    expect(alert.expr.slice(finding!.range!.from, finding!.range!.to)).toBe('env=~"(?<n>prod)"');
    expect(finding!.message).toContain('(?P<n>…)');
  });
});

/** Pieces of RE2 syntax, valid and broken, including what re2js accepts beyond Go. */
const regexPieces = [
  'a',
  'b',
  '0',
  '_',
  '.',
  '*',
  '+',
  '?',
  '{',
  '}',
  '{2}',
  '{1,}',
  '{,3}',
  '(',
  ')',
  '(?:',
  '(?i)',
  '(?P<n>',
  '(?<n>',
  '(?<m>',
  '>',
  '[',
  ']',
  '[^',
  '-',
  '^',
  '$',
  '|',
  '\\',
  '\\d',
  '\\w',
  '\\s',
  '\\b',
  '\\A',
  '\\z',
  '\\Q',
  '\\E',
  '\\pL',
  '\\p{Greek}',
  '\\p{^L}',
  '\\p{Ascii}',
  '\\p{Alphabetic}',
  '\\p{Cn}',
  '\\P{Kawi}',
  '\\x41',
  '\\x{10FFFF}',
  '\\01',
  '\\8',
  '\\n',
  '\\e',
  '\\-',
  '\\]',
  '[:alpha:]',
  ':',
  ',',
  'ü',
  '😀',
  ' ',
  '#',
  '(?s)',
  '(?U)',
  '(?-i)',
  '\\.',
  '\\{',
  '\\Z',
  '\\C',
  '\\k<n>',
];

test('a regex is accepted exactly when Prometheus (promtool) accepts it as a label matcher', async (ctx) => {
  const skipReason = await promtoolSkipReason();
  ctx.skip(skipReason !== undefined, skipReason);
  const regexes = [
    ...new Set(
      fc.sample(
        fc.array(fc.constantFrom(...regexPieces), { minLength: 1, maxLength: 7 }).map((p) => p.join('')),
        { numRuns: 3000, seed: 42 },
      ),
    ),
  ];
  // A PromQL string holds the regex with Go escapes, which JSON's are a subset of.
  const verdicts = await checkRuleContents(
    regexes.map((regex) => toYaml({ groups: [{ name: 'g', rules: [{ record: 'r', expr: `up{job=~${JSON.stringify(regex)}}` }] }] })),
  );
  const disagreements = regexes.flatMap((regex, i) =>
    (goRegexpError(regex) === undefined) === verdicts[i]!.ok
      ? []
      : [{ regex, intgen: goRegexpError(regex), promtool: verdicts[i]!.errors[0] }],
  );
  expect(disagreements).toEqual([]);
});
