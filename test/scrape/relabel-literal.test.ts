// The relabel engine (src/analysis/relabel/simulate.ts) matches `name` and `(name|name|…)` of quoteMeta'd names by a set
// lookup instead of compiling them with RE2JS; both must agree on every input, capture groups included.
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { expect, test } from 'vitest';
import { relabel } from '../../src/analysis/relabel/simulate.js';

/** Go's regexp.QuoteMeta, as the generated keep-lists use it. */
const quoteMeta = (text: string) => text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

const name = fc
  .array(
    fc.constantFrom(
      'a',
      'b',
      '_',
      '0',
      ':',
      '-',
      '.',
      '|',
      '\\',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '*',
      '+',
      '?',
      '^',
      '$',
      ' ',
      'é',
      '😀',
      '\n',
    ),
    { maxLength: 5 },
  )
  .map((chars) => chars.join(''));

test('literal names match as RE2 matches them, groups included', () => {
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 4 }), fc.boolean(), name, fc.nat(), (names, grouped, other, pick) => {
      const regex = grouped ? `(${names.map(quoteMeta).join('|')})` : quoteMeta(names[0]!);
      const reference = RE2JS.compile(`^(?:${regex})$`);
      for (const candidate of [other, names[pick % names.length]!, `${names[0]}x`]) {
        const kept = relabel({ __name__: candidate }, [{ action: 'keep', source_labels: ['__name__'], regex }]) !== undefined;
        expect(kept).toBe(reference.testExact(candidate));
        const replaced = relabel({ __name__: candidate }, [
          { action: 'replace', source_labels: ['__name__'], regex, target_label: 'whole', replacement: 'm$0' },
          { action: 'replace', source_labels: ['__name__'], regex, target_label: 'first', replacement: 'g${1}' },
        ]);
        const groups = reference.exec(candidate);
        expect(replaced?.whole).toBe(groups ? `m${groups[0]}` : undefined);
        expect(replaced?.first).toBe(groups ? `g${groups[1] ?? ''}` : undefined);
      }
    }),
    { numRuns: 3000 },
  );
});
