import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import type { RelabelConfig } from '../../src/analysis/relabel/engine.js';
import { relabel, relabelRegexError } from '../../src/analysis/relabel/simulate.js';

const replace = (regex: string, replacement: string): RelabelConfig => ({
  source_labels: ['src'],
  regex,
  replacement,
  target_label: 'out',
});

/** The value the `out` label gets from `src` through one replace step; undefined when it is absent. */
function expand(src: string, regex: string, replacement: string): string | undefined {
  return relabel({ src }, [replace(regex, replacement)])?.out;
}

describe('regex matching', () => {
  it('anchors the regex at both ends', () => {
    expect(relabel({ a: 'abc' }, [{ action: 'keep', source_labels: ['a'], regex: 'b' }])).toBeUndefined();
    expect(relabel({ a: 'abc' }, [{ action: 'keep', source_labels: ['a'], regex: 'a.c' }])).toEqual({ a: 'abc' });
    // The alternation is grouped before anchoring: ^(?:a|b)$, not ^a|b$.
    expect(relabel({ a: 'ab' }, [{ action: 'keep', source_labels: ['a'], regex: 'a|b' }])).toBeUndefined();
    expect(relabel({ a: 'xa' }, [{ action: 'drop', source_labels: ['a'], regex: 'a' }])).toEqual({ a: 'xa' });
  });

  it("follows the Prometheus major: 3.x's `.` matches a newline and a target may be any UTF-8 name, 2.x's neither", () => {
    const keep: RelabelConfig = { action: 'keep', source_labels: ['a'], regex: 'x.y' };
    expect(relabel({ a: 'x\ny' }, [keep])).toBeUndefined();
    expect(relabel({ a: 'x\ny' }, [keep], { prometheusMajor: 2 })).toBeUndefined();
    expect(relabel({ a: 'x\ny' }, [keep], { prometheusMajor: 3 })).toEqual({ a: 'x\ny' });
    const dotted: RelabelConfig = { source_labels: ['a'], regex: '(.*)', target_label: 'k8s.pod.name' };
    expect(relabel({ a: 'p' }, [dotted], { prometheusMajor: 2 })).toEqual({ a: 'p' });
    expect(relabel({ a: 'p' }, [dotted], { prometheusMajor: 3 })).toEqual({ a: 'p', 'k8s.pod.name': 'p' });
  });

  it('joins source labels with the separator, a missing label counting as empty', () => {
    const step: RelabelConfig = { action: 'keep', source_labels: ['a', 'missing', 'b'], regex: '1;;2' };
    expect(relabel({ a: '1', b: '2' }, [step])).toEqual({ a: '1', b: '2' });
    expect(relabel({ a: '1', b: '2' }, [{ ...step, separator: '/', regex: '1//2' }])).toEqual({ a: '1', b: '2' });
    expect(relabel({ a: '1', b: '2' }, [{ ...step, separator: '/' }])).toBeUndefined();
  });

  it('uses RE2 syntax, not JavaScript syntax', () => {
    expect(relabelRegexError('(?P<host>[^:]+)')).toBeUndefined();
    expect(relabelRegexError('a\\z')).toBeUndefined();
    expect(relabelRegexError('a(?=b)')).toBeDefined();
    expect(relabelRegexError('(a)\\1')).toBeDefined();
    // \d is ASCII only in RE2.
    expect(relabel({ a: '٣' }, [{ action: 'keep', source_labels: ['a'], regex: '\\d' }])).toBeUndefined();
  });

  it('reports an invalid regex, and refuses to run a pipeline that has one', () => {
    expect(relabelRegexError('(unclosed')).toContain('missing closing )');
    expect(() => relabel({ a: 'x' }, [{ action: 'keep', source_labels: ['a'], regex: '(unclosed' }])).toThrow(/invalid relabel regex/);
  });

  it('finds a regex invalid exactly when compiling it anchored fails, with the same error', () => {
    const compileError = (regex: string) => {
      try {
        RE2JS.compile(`^(?:${regex})$`);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    const pieces = [
      'a',
      '.',
      '*',
      '+',
      '?',
      '|',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '^',
      '$',
      '\\',
      'd',
      '1',
      ',',
      '-',
      '?P<n>',
      '(?=',
      '\\p{Greek}',
      '{1001}',
      'é',
    ];
    const regex = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(regex, (r) => {
        expect(relabelRegexError(r)).toBe(compileError(r));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('replace', () => {
  it('defaults to regex (.*), replacement $1 and action replace', () => {
    expect(relabel({ src: 'v' }, [{ source_labels: ['src'], target_label: 'out' }])).toEqual({ src: 'v', out: 'v' });
  });

  it('expands templates as Go regexp.Expand does', () => {
    expect(expand('abc', '(a)(b)c', '$1x')).toBeUndefined(); // `$1x` names group "1x": empty, so `out` is not set
    expect(expand('abc', '(a)(b)c', '${1}x')).toBe('ax');
    expect(expand('abc', '(a)(b)c', '$2$$')).toBe('b$');
    expect(expand('abc', '(a)(b)c', '$1.$2')).toBe('a.b');
    expect(expand('abc', '(a)(b)c', 'pre-$01-post')).toBe('pre--post'); // leading zero: a name, not group 1
    expect(expand('abc', '(?P<first>a)(b)c', '$first/$2')).toBe('a/b');
    expect(expand('abc', '(?P<first>a)(b)c', '$first_x')).toBeUndefined(); // the name runs on: "first_x"
    expect(expand('abc', '(a)(b)c', '$-${1')).toBe('$-${1'); // malformed references stay as text
    expect(expand('abc', '(a)(b)c', '$0')).toBe('abc');
    expect(expand('abc', '(a)(b)c', '$9')).toBeUndefined(); // a group that does not exist
    expect(expand('ac', '(a)(b)?c', '[$2]')).toBe('[]'); // a group that did not take part
  });

  it('deletes the target label when the result is empty, and changes nothing when the regex does not match', () => {
    expect(relabel({ src: 'x', out: 'old' }, [replace('(x)', '')])).toEqual({ src: 'x' });
    expect(relabel({ src: 'y', out: 'old' }, [replace('(x)', 'new')])).toEqual({ src: 'y', out: 'old' });
  });

  it('expands the target label, and skips the step when it is not a valid label name', () => {
    const toNamedTarget = (value: string) =>
      relabel({ src: value }, [{ source_labels: ['src'], regex: '([^=]*)=(.*)', target_label: 'x_${1}', replacement: '$2' }]);
    expect(toNamedTarget('zone=a')).toEqual({ src: 'zone=a', x_zone: 'a' });
    expect(toNamedTarget('bad-name=a')).toEqual({ src: 'bad-name=a' });
  });

  it('sees labels starting with __ while relabeling', () => {
    const steps: RelabelConfig[] = [
      { source_labels: ['__address__'], regex: '([^:]+):\\d+', replacement: '$1:9091', target_label: '__address__' },
      { source_labels: ['__meta_kubernetes_pod_uid'], target_label: 'uid' },
    ];
    expect(relabel({ __address__: '10.0.0.1:80', __meta_kubernetes_pod_uid: 'u-1' }, steps)).toEqual({
      __address__: '10.0.0.1:9091',
      __meta_kubernetes_pod_uid: 'u-1',
      uid: 'u-1',
    });
  });
});

describe('other actions', () => {
  it('labelmap copies matching labels under the expanded name', () => {
    const labels = { __meta_kubernetes_pod_label_app: 'felix', __meta_kubernetes_pod_label_tier: 'node', other: 'x' };
    expect(relabel(labels, [{ action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)', replacement: 'k8s_$1' }])).toEqual({
      ...labels,
      k8s_app: 'felix',
      k8s_tier: 'node',
    });
  });

  it('labeldrop and labelkeep match whole label names', () => {
    const labels = { app: 'a', application: 'b', env: 'c' };
    expect(relabel(labels, [{ action: 'labeldrop', regex: 'app' }])).toEqual({ application: 'b', env: 'c' });
    expect(relabel(labels, [{ action: 'labelkeep', regex: 'app.*' }])).toEqual({ app: 'a', application: 'b' });
  });

  it('keepequal and dropequal compare the joined sources with the target label', () => {
    const labels = { a: 'x', b: 'x', c: 'y' };
    expect(relabel(labels, [{ action: 'keepequal', source_labels: ['a'], target_label: 'b' }])).toEqual(labels);
    expect(relabel(labels, [{ action: 'keepequal', source_labels: ['a'], target_label: 'c' }])).toBeUndefined();
    expect(relabel(labels, [{ action: 'dropequal', source_labels: ['a'], target_label: 'b' }])).toBeUndefined();
    expect(relabel(labels, [{ action: 'dropequal', source_labels: ['a'], target_label: 'missing' }])).toEqual(labels);
  });

  // Go maps case code point by code point (simple case mapping); Prometheus 2.42 turned "Bar-ß-İ-Σ"
  // into these two values when run on this very input.
  it('lowercase and uppercase follow Go strings.ToLower/ToUpper', () => {
    const labels = { foo: 'Bar-ß-İ-Σ' };
    expect(relabel(labels, [{ action: 'lowercase', source_labels: ['foo'], target_label: 'lower' }])?.lower).toBe('bar-ß-i-σ');
    expect(relabel(labels, [{ action: 'uppercase', source_labels: ['foo'], target_label: 'upper' }])?.upper).toBe('BAR-ß-İ-Σ');
  });

  // md5("abc") ends in d6963f7d28e17f72; Prometheus 2.42 set h="458" for this step on a target with
  // __meta_x="abc" (read back from its /api/v1/targets).
  it('hashmod takes the last 8 bytes of the MD5 as a big-endian integer', () => {
    const hash = (value: string, modulus: number) =>
      relabel({ v: value }, [{ action: 'hashmod', source_labels: ['v'], modulus, target_label: 'h' }])?.h;
    expect(hash('abc', 1000)).toBe('458');
    expect(hash('abc', 2 ** 32)).toBe(String(0x28e17f72));
  });

  it('rejects steps Prometheus would reject at load time', () => {
    expect(() => relabel({ v: 'x' }, [{ action: 'hashmod', source_labels: ['v'], target_label: 'h' }])).toThrow(/modulus/);
    expect(() => relabel({ v: 'x' }, [{ action: 'lowercase', source_labels: ['v'] }])).toThrow(/target_label/);
    const unknown = { action: 'rename', source_labels: ['v'] } as unknown as RelabelConfig;
    expect(() => relabel({ v: 'x' }, [unknown])).toThrow(/unknown relabel action/);
  });

  it('stops at the first step that drops', () => {
    const steps: RelabelConfig[] = [
      { action: 'drop', source_labels: ['v'], regex: 'x' },
      { action: 'lowercase', source_labels: ['v'] }, // would throw if it ran
    ];
    expect(relabel({ v: 'x' }, steps)).toBeUndefined();
  });
});
