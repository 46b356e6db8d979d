// blockYaml (src/serialize/block-yaml.ts) must write exactly what the yaml library writes with toYaml's options, or
// decline; and what either writes must read back as the data, in JavaScript and in Go (Prometheus's YAML).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { expect, test } from 'vitest';
import { blockYaml, needsQuotedEscapes } from '../../src/serialize/block-yaml.js';
import { toYaml, yamlOptions } from '../../src/serialize/yaml.js';
import { promtoolSkipReason, testRules } from '../../src/support/promtool.js';

const libraryYaml = (data: unknown) => stringify(data, yamlOptions);

/** Characters Go's YAML misreads when written raw: line breaks to it, characters it rejects, a BOM, noncharacters. */
const goMisread = [
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ufdd0',
  '\u{1fffe}',
  '\u{10ffff}',
  '\u0080',
  '\u009f',
  '\u007f',
];

// Characters and words that decide between plain, quoted and block scalars.
const tricky = [
  'a',
  'Z',
  '0',
  '1',
  '9',
  '.',
  'e',
  'E',
  '+',
  '-',
  '_',
  ' ',
  ' ',
  '\t',
  '\n',
  '\n',
  ':',
  '#',
  '?',
  ',',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '\\',
  '/',
  '~',
  '$',
  'µ',
  'é',
  '\u0001',
  '\ud800',
  '😀',
  '\n\t',
  ...goMisread,
];
const words = [
  '',
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  '~',
  'yes',
  'no',
  'on',
  '1',
  '-1',
  '+1',
  '1.5',
  '.5',
  '1.',
  '1e3',
  '1.5E-3',
  '0o17',
  '0x1F',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  '---',
  '...',
  '%YAML',
  '- a',
  '? a',
  ': a',
  'a: b',
  'a #b',
  'a#b',
  'x ',
  ' x',
  'x:',
  '{{ $labels.instance }}',
  'rate(x[5m]) > 0',
  '"quoted"',
  "it's",
  '`code`',
  'line\n',
  'line\n\n',
  '\nline',
  '  indented\nx',
  'a\n b',
  // Keys longer than 1024 characters take the explicit form.
  'k'.repeat(1020),
  'k'.repeat(1030),
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

/**
 * Every ASCII character, and beyond it a few that need escapes or Go misreads: blockYaml tells most text apart by
 * its being ASCII and its line count before the general checks, so the test varies both, in keys and values.
 */
const asciiAndBeyond = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('µ', 'é', '\u00a0', '\ud800', '😀', ...goMisread) },
);
const asciiLine = fc.string({ unit: asciiAndBeyond, maxLength: 16 });
const asciiText = fc.oneof(
  asciiLine,
  fc.constantFrom(...words),
  fc.array(fc.oneof(asciiLine, fc.constantFrom(...words)), { minLength: 2, maxLength: 6 }).map((lines) => lines.join('\n')),
);

test('blockYaml writes what the yaml library writes for any ASCII text and a few characters beyond it', () => {
  fc.assert(
    fc.property(fc.dictionary(asciiText, fc.oneof(asciiText, fc.array(asciiText, { maxLength: 3 })), { maxKeys: 4 }), (value) => {
      const fast = blockYaml(value);
      if (fast !== undefined) expect(fast).toBe(libraryYaml(value));
    }),
    { numRuns: 20_000 },
  );
});

/** The data as YAML reads it back: object entries that are undefined are left out, array items become null. */
function asRead(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(asRead);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, asRead(v)]])));
  }
  return value;
}

const loneSurrogate = /\p{Cs}/u;
const wellFormed = (value: unknown): boolean =>
  typeof value === 'string'
    ? !loneSurrogate.test(value)
    : Array.isArray(value)
      ? value.every(wellFormed)
      : value && typeof value === 'object'
        ? Object.entries(value).every(([k, v]) => !loneSurrogate.test(k) && wellFormed(v))
        : true;

test('toYaml reads back as the data, with none of the characters Go misreads left raw', () => {
  const misreadRaw = new RegExp(`[${goMisread.join('')}]`, 'u');
  fc.assert(
    fc.property(data.filter(wellFormed), (value) => {
      const yaml = toYaml(value);
      expect(parse(yaml)).toEqual(asRead(value));
      expect(yaml).not.toMatch(misreadRaw);
    }),
    { numRuns: 5_000 },
  );
});

test('lines of only blanks read back, which the library writes as a literal block its reader misreads', () => {
  for (const text of [' \n', '  \n\t\n', '\n \n', ' \t\n\n']) {
    expect(parse(toYaml({ text })), JSON.stringify(text)).toEqual({ text });
  }
});

/**
 * Go's reading, checked by Go: each text is an annotation that compares itself, as Go's YAML read it, with the
 * text written as a Go string literal, and a promtool unit test expects "same".
 */
test('Go reads back exactly what toYaml writes', async (ctx) => {
  const skipReason = await promtoolSkipReason();
  ctx.skip(skipReason !== undefined, skipReason);
  const pieces = ['a', ' ', ' ', '\n', '\n', '\t', '#', ': ', '- ', '"', "'", '|', 'ü', '😀', ...goMisread];
  const texts = fc
    .sample(
      fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((p) => p.join('')),
      { numRuns: 400, seed: 7 },
    )
    .filter((text) => needsQuotedEscapes(text) || text.includes('\n'));
  const goLiteral = (text: string) =>
    JSON.stringify(text).replace(/[^\x20-\x7e]/gu, (c) => `\\U${c.codePointAt(0)!.toString(16).padStart(8, '0')}`);
  const rules = texts.map((text, i) => ({
    alert: `A${i}`,
    expr: 'vector(1)',
    // Inside a raw (backquoted) Go string, only backquotes and carriage returns are not themselves.
    annotations: { same: `{{ if eq \`${text}\` ${goLiteral(text)} }}same{{ else }}differs{{ end }}` },
  }));
  const tests = rules.map((rule) => ({
    eval_time: '0m',
    alertname: rule.alert,
    exp_alerts: [{ exp_labels: {}, exp_annotations: { same: 'same' } }],
  }));
  const dir = await mkdtemp(path.join(tmpdir(), 'intgen-yaml-go-'));
  try {
    await writeFile(path.join(dir, 'rules.yaml'), toYaml({ groups: [{ name: 'g', rules }] }));
    await writeFile(
      path.join(dir, 'rules.test.yaml'),
      toYaml({ rule_files: ['rules.yaml'], tests: [{ interval: '1m', input_series: [], alert_rule_test: tests }] }),
    );
    const result = await testRules(path.join(dir, 'rules.test.yaml'));
    expect(result.stderr + result.stdout).not.toMatch(/FAILED|differs/);
    expect(result.ok).toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('blockYaml declines what it does not cover', () => {
  for (const value of ['top-level string', 42, null, [new Date(0)], { a: new Map() }, { a: 'bell\u0007' }, { a: 'x\n  ' }, { a: 1n }]) {
    expect(blockYaml(value)).toBeUndefined();
  }
});
