// blockYaml (src/output/block-yaml.ts) must write exactly what the yaml library writes with toYaml's options, or
// decline.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { expect, test } from 'vitest';
import { blockYaml } from '../../src/output/block-yaml.js';

const libraryYaml = (data: unknown) =>
  stringify(data, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false, defaultKeyType: 'PLAIN', defaultStringType: 'PLAIN' });

// Characters and words that decide between plain, quoted and block scalars.
const tricky = [
  'a', 'Z', '0', '1', '9', '.', 'e', 'E', '+', '-', '_', ' ', ' ', '\t', '\n', '\n', ':', '#', '?', ',', '[', ']', '{', '}', '&', '*',
  '!', '|', '>', "'", '"', '%', '@', '`', '\\', '/', '~', '$', 'µ', 'é', '\u2028', '\u0085', '\u0001', '\u007f', '\ud800', '😀',
];
const words = [
  '', 'true', 'False', 'TRUE', 'null', 'Null', '~', 'yes', 'no', 'on', '1', '-1', '+1', '1.5', '.5', '1.', '1e3', '1.5E-3', '0o17',
  '0x1F', '.inf', '-.Inf', '.nan', '.NaN', '---', '...', '%YAML', '- a', '? a', ': a', 'a: b', 'a #b', 'a#b', 'x ', ' x', 'x:',
  '{{ $labels.instance }}', 'rate(x[5m]) > 0', '"quoted"', "it's", '`code`', 'line\n', 'line\n\n', '\nline', '  indented\nx', 'a\n b',
  // Keys longer than 1024 characters take the explicit form.
  'k'.repeat(1020), 'k'.repeat(1030),
];
const text = fc.oneof(
  fc.constantFrom(...words),
  fc.array(fc.constantFrom(...tricky), { maxLength: 12 }).map((chars) => chars.join('')),
  fc.array(fc.constantFrom(...words, ...tricky), { maxLength: 6 }).map((parts) => parts.join('')),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 0.5, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
);
const { data } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
  map: fc.dictionary(text, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
  data: fc.oneof(tie('list'), tie('map')),
}));

test('blockYaml writes what the yaml library writes, or declines', () => {
  fc.assert(
    fc.property(data, (value) => {
      const fast = blockYaml(value);
      if (fast !== undefined) expect(fast).toBe(libraryYaml(value));
    }),
    { numRuns: 20_000 },
  );
});

test('blockYaml covers what the renderers write', () => {
  const rules = {
    groups: [
      {
        name: 'calico.felix-errors',
        rules: [
          {
            alert: 'CalicoIpsetCommandFailures',
            expr: 'increase(felix_ipset_errors[5m]) > 0',
            for: '10m',
            labels: { severity: 'warning' },
            annotations: {
              title: '[Calico-Node] IP Set Command Failures',
              summary: 'ipset commands are failing on {{ $labels.instance }}',
              description: '{{ $value | humanize }} ipset commands failed.\nCheck the calico-node logs.',
            },
          },
        ],
      },
    ],
    tests: [{ name: 'a: b', values: '0+1x16', exp_alerts: [], series: 'x{instance="10.0.0.1:9091"}', empty: {} }],
  };
  expect(blockYaml(rules)).toBe(libraryYaml(rules));
});

test('blockYaml declines what it does not cover', () => {
  for (const value of ['top-level string', 42, null, [new Date(0)], { a: new Map() }, { a: 'bell\u0007' }, { a: 'x\n  ' }, { a: 1n }]) {
    expect(blockYaml(value)).toBeUndefined();
  }
});
