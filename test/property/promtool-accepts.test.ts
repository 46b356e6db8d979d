// What intgen builds, Prometheus loads: any generated definition that builds (no problems, no lint errors) renders
// rule files that `promtool check rules` accepts, and a unit-test file `promtool test rules` reads (its cases may
// fail: the generated expressions and thresholds no longer match the cases). The definitions are the lint-clean
// base with an alert rewritten from nasty text (templates, YAML indicators, characters Go's YAML misreads, lone
// surrogates), durations up to and past Prometheus's range, thresholds in every number syntax, Go-incompatible
// regexes and label names Prometheus reserves.
//
// INTGEN_PROPERTY_RUNS sets how many definitions (default below, for `npm test`); INTGEN_PROPERTY_SEED replays a
// run. Files go to promtool in chunks, one process per chunk.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Alert, Integration, Labels, RecordingRule } from '../../src/model/index.js';
import { buildModules } from '../../src/pipeline/build.js';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { checkRuleContents, testRuleContents } from '../helpers/promtool-batch.js';
import type { LoadedModule } from '../../src/core/types.js';

const definitions = Number(process.env.INTGEN_PROPERTY_RUNS ?? 1000);
const seed = process.env.INTGEN_PROPERTY_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.INTGEN_PROPERTY_SEED);
const chunk = 100;

/** Text that breaks YAML, Go templates, Go's YAML reader or UTF-8. */
const nasty = [
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ufdd0',
  '\u{1fffe}',
  '\u007f',
  '\u0090',
  '\t',
  '\n',
  '\n\t',
  '\r',
  '\r\n',
  ' ',
  '"',
  "'",
  '\\',
  '#',
  ': ',
  '- ',
  '---',
  '...',
  '|',
  '>',
  '&',
  '*',
  '!',
  '%',
  '@',
  '`',
  '{',
  '}',
  '[',
  ']',
  ',',
  'ü',
  '日本',
  '😀',
  '\u200b',
  '\u0000',
  '\u0001',
  '\u001b',
  '\ud800',
  '\udfff',
  'yes',
  'null',
  '0x1F',
  '1e3',
  '~',
  '$',
  '$1',
];
const templates = [
  '{{ $labels.instance }}',
  '{{ $value }}',
  '{{ $value | humanize }}',
  '{{ humanizeDuration $value }}',
  '{{ printf "%.2f" $value }}',
  '{{ if gt $value 1.0 }}high{{ else }}low{{ end }}',
  '{{ .Labels.instance }}',
  '{{ index $labels "instance" }}',
  '{{',
  '}}',
  '{{ end }}',
  '{{ $labels.job }}',
  '{{- $value -}}',
  '{{ "a\\u0085b" }}',
  '{{ `raw` }}',
  '{{ 1e3 }}',
  '{{ 0x1F }}',
  '{{ 1e999 }}',
  '{{/* c */}}',
  '{{ toUpper "x" }}',
  '{{ $x := 1 }}{{ $x }}',
  '{{ "\\q" }}',
  "{{ 'ab' }}",
  '{{ range $labels }}{{ . }}{{ end }}',
  '{{ break }}',
  '{{ define "x" }}y{{ end }}',
  '{{ template "x" }}',
  '{{ $value | 3 }}',
  '{{ printf "%s" "\u0085" }}',
  '{{ now }}',
  '{{ stripDomain "a.b" }}',
];
/** Mostly plain text with a template, now and then something nasty in it. */
const text = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('Demo', 'errors on', ' ', 'the queue', '[Demo]', '(5m)', 'ok.', 'a-b_c', '100%') },
      { weight: 2, arbitrary: fc.constantFrom(...templates.slice(0, 8)) },
      { weight: 1, arbitrary: fc.constantFrom(...templates) },
      { weight: 1, arbitrary: fc.constantFrom(...nasty) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const units = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
/** Durations around Prometheus's limits, and some that are no durations. */
const duration = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('1m', '5m', '10m', '15m', '1h', '1h30m', '2d') },
  fc.constantFrom(
    '0s',
    '1m',
    '5m',
    '10m',
    '1h30m',
    '292y',
    '293y',
    '99999999y',
    '106751d23h47m16s854ms',
    '106751d23h47m16s855ms',
    '5',
    '1.5m',
    '5 m',
  ),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 20n })),
        fc.integer({ min: 0, max: units.length - 1 }),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((parts) =>
      parts
        .sort((a, b) => a[1] - b[1])
        .map(([count, unit]) => `${count}${units[unit]}`)
        .join(''),
    ),
);
/** Thresholds in every syntax lezer parses, some Prometheus does not. */
const threshold = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0', '1', '0.5', '100', '1e3') },
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom(
    '1e400',
    '0x1F',
    '0x8000000000000000',
    '1_000',
    '5m',
    '.5',
    'Inf',
    'NaN',
    '017',
    '08',
    '1e-400',
    '-1',
    '99999999999999999999',
  ),
);
/** Regexes of RE2 pieces, with what re2js accepts beyond Go. */
const regexPieces = [
  'a',
  '.',
  '*',
  '+',
  '?',
  '{2}',
  '(',
  ')',
  '(?:',
  '(?i)',
  '(?P<n>',
  '(?<n>',
  '>',
  '[',
  ']',
  '[^',
  '-',
  '^',
  '$',
  '|',
  '\\d',
  '\\b',
  '\\Q',
  '\\E',
  '\\pL',
  '\\p{Greek}',
  '\\p{Ascii}',
  '\\p{Cn}',
  '\\x41',
  '\\8',
  '[:alpha:]',
  'ü',
  '😀',
  ' ',
  '"',
  '\\',
  '\n',
  '\u2028',
  '\u0085',
];
const regex = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('prod', 'a|b', '10\\.0\\..*', '(?i)web-.+', '(?P<host>[^:]+):\\d+') },
  fc.array(fc.constantFrom(...regexPieces), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);
const matcher = fc
  .tuple(fc.constantFrom('=~', '!~', '=', '!='), regex)
  // JSON's escapes are a subset of PromQL's (Go's).
  .map(([op, value]) => `instance${op}${JSON.stringify(value)}`);

const labelName = fc.oneof(
  fc.constantFrom('team', 'severity', '__name__', 'alertname', 'le', '_x', 'job'),
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/),
);
const labels = fc.dictionary(labelName, text, { maxKeys: 3 }) as fc.Arbitrary<Labels>;

/** Usually none, or one that is a URI; now and then a template or a character Go misreads. */
const runbook = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(undefined, 'https://example.com/runbook', 'https://example.com/a%20b') },
  { weight: 1, arbitrary: fc.constantFrom('https://example.com/{{ $labels.instance }}', 'https://ex.com/\u2028') },
);

/** One definition: the base with its alert (and sometimes a recording rule) rewritten. */
const definition = fc
  .record({
    title: text,
    summary: text,
    description: text,
    labels: fc.option(labels, { nil: undefined, freq: 2 }),
    runbook,
    for: duration,
    window: fc.oneof({ weight: 3, arbitrary: fc.constant('5m') }, duration),
    offset: fc.option(duration, { nil: undefined, freq: 4 }),
    threshold,
    matchers: fc.array(matcher, { maxLength: 2 }),
    // promtool evaluates the rules at every interval up to evalTime: long valid ones would take hours.
    evalTime: fc.constantFrom('15m', '15m', '0s', '1h', '1d', '293y', '99999999y', '1.5m'),
    recording: fc.option(labels, { nil: undefined, freq: 2 }),
  })
  .map((d): Integration => {
    const integration = baseIntegration();
    const alert: Alert = integration.alerts['demo-errors']![0]!;
    const selector = `demo_errors{${d.matchers.join(', ')}}[${d.window}]${d.offset === undefined ? '' : ` offset ${d.offset}`}`;
    Object.assign(alert, {
      title: d.title,
      summary: d.summary,
      description: d.description,
      for: d.for,
      expr: `sum by (instance) (increase(${selector})) > ${d.threshold}`,
      ...(d.labels === undefined ? {} : { labels: d.labels }),
      ...(d.runbook === undefined ? {} : { runbook: d.runbook }),
    });
    alert.tests![0]!.evalTime = d.evalTime;
    if (d.recording !== undefined) {
      const rule: RecordingRule = { record: 'demo:errors:rate5m', expr: 'sum by (instance) (rate(demo_errors[5m]))', labels: d.recording };
      integration.recordingRules = { 'demo-errors': [rule] };
      integration.lintExclusions = [{ rule: 'metric/unused', item: 'demo:errors:rate5m', reason: 'Generated.' }];
    }
    return integration;
  });

const moduleOf = (integration: Integration): LoadedModule => ({
  folder: 'demo',
  sourceModule: 'src/integrations/demo/index.ts',
  module: { params: {}, define: () => integration },
});

test(`any of ${definitions} generated definitions that builds renders rule files promtool accepts (seed ${seed})`, {
  timeout: 0,
}, async (ctx) => {
  const skipReason = await promtoolSkipReason();
  ctx.skip(skipReason !== undefined, skipReason);
  const outcomes = { built: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(fc.array(definition, { minLength: chunk, maxLength: chunk }), async (batch) => {
      const suites: { rules: string; tests: string; integration: Integration }[] = [];
      for (const integration of batch) {
        const build = await buildModules([moduleOf(structuredClone(integration))]);
        if (!build.ok) {
          outcomes.refused += 1;
          continue;
        }
        outcomes.built += 1;
        suites.push({
          rules: build.files.get('demo/prometheus/rules.yaml')!,
          tests: build.files.get('demo/prometheus/rules.test.yaml')!,
          integration,
        });
      }
      if (suites.length === 0) return;
      const [checked, tested] = await Promise.all([checkRuleContents(suites.map((s) => s.rules)), testRuleContents(suites)]);
      const rejected = suites.flatMap((suite, i) =>
        checked[i]!.ok && tested[i]!.parsed
          ? []
          : [
              {
                alert: suite.integration.alerts['demo-errors']![0],
                recording: suite.integration.recordingRules,
                check: checked[i]!.errors,
                test: tested[i]!.parsed ? '' : tested[i]!.report,
              },
            ],
      );
      expect(rejected).toEqual([]);
    }),
    { numRuns: Math.ceil(definitions / chunk), seed, endOnFailure: process.env.INTGEN_PROPERTY_SHRINK === undefined },
  );
  console.log(`promtool-accepts: ${outcomes.built} built and accepted by promtool, ${outcomes.refused} refused by intgen (seed ${seed})`);
  // Both outcomes must occur, or the property says nothing about one of them.
  expect(outcomes.built).toBeGreaterThan(0);
  expect(outcomes.refused).toBeGreaterThan(0);
});
