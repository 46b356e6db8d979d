// Go template checks of alert annotations.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { toYaml } from '../../src/serialize/yaml.js';
import { promtoolSkipReason } from '../../src/support/promtool.js';
import { labelReferences, templateProblems } from '../../src/lint/checks/template.js';
import { checkRuleContents } from '../helpers/promtool-batch.js';

/** Templates of a few actions made of pieces of Go template syntax, valid and broken, and text between them. */
const generatedTemplates = (() => {
  const inner = [
    '$labels',
    '$value',
    '$x',
    '$',
    '.',
    '.Labels',
    '.instance',
    '.Value',
    'if',
    'else',
    'end',
    'range',
    'with',
    'define',
    'template',
    'block',
    'break',
    'continue',
    'nil',
    'true',
    '"a"',
    '"',
    "'",
    '`',
    "'a'",
    '1',
    '-1',
    '1.5',
    '1e3',
    '0x1F',
    '(',
    ')',
    '|',
    ':=',
    '=',
    ',',
    'printf',
    'humanize',
    'index',
    'len',
    'eq',
    'foo',
    '/*',
    '*/',
    '"\\q"',
    '"%s"',
    '}',
    '{',
    '-',
    '.x.y',
    '\t',
    '\n',
    ' ',
    ' ',
    ' ',
    '1_0',
    '07',
    "'\\n'",
    '`x`',
  ];
  const action = fc
    .tuple(
      fc.constantFrom('{{', '{{', '{{- '),
      fc.array(fc.constantFrom(...inner), { maxLength: 6 }),
      fc.constantFrom('}}', '}}', ' -}}', ''),
    )
    .map(([open, tokens, close]) => `${open} ${tokens.join(' ')} ${close}`);
  return fc
    .array(fc.oneof(action, action, fc.constantFrom('x', ' ', '\n', '}}', '{')), { minLength: 1, maxLength: 5 })
    .map((parts) => parts.join(''));
})();

describe('templateProblems', () => {
  test.each([
    'plain text, no actions',
    '{{ $labels.instance }} is down ({{ $value | humanizePercentage }})',
    '{{ printf "%.2f" $value }} seconds; {{ humanizeDuration $value }}',
    '{{- if gt $value 1.0 -}} high {{- else -}} low {{- end }}',
    '{{/* a comment */}}{{- /* trimmed */ -}}done',
    '{{ range $i, $series := query "up" }}{{ $i }}: {{ .Labels.instance }} {{ $series.Value }}{{ end }}',
    '{{ with $labels.pod }}pod {{ . }}{{ end }}',
    '{{ index $labels "instance" }} of {{ $externalLabels.cluster }} at {{ $externalURL }}',
    '{{ $threshold := 10 }}{{ if gt $value $threshold }}over{{ end }}',
    '{{ .Labels.instance }} {{ .Value }} {{ (index .Labels "pod") | toUpper }}',
    '{{ "}}" }} quoted braces',
  ])('accepts %s', (text) => {
    expect(templateProblems(text)).toEqual([]);
  });

  test.each([
    ['{{ $labels.instance }', '{{ $labels.instance }', '`{{` is never closed'],
    ['value }} here', '}}', 'without a matching'],
    ['{{ $lables.instance }}', '$lables', 'unknown variable `$lables`'],
    ['{{ $value | humanise }}', 'humanise', 'unknown function `humanise`'],
    ['{{ .Lables.instance }}', '.Lables', 'unknown field `.Lables`'],
    ['{{ if gt $value 1.0 }}high', 'if', '`if` is never closed'],
    ['done{{ end }}', 'end', '`end` without an open'],
    ['{{ else }}', 'else', '`else` outside'],
    ['{{ printf "%s }}', '"%s }}', 'unterminated quoted string'],
    ['{{ }}', '{{ }}', 'empty action'],
    ['{{ $labels.instance ] }}', ']', 'unexpected "]"'],
    ['{{ break }}', 'break', '{{break}} outside {{range}}'],
    ['{{ $value | 3 }}', '}}', 'non executable command in pipeline stage 2'],
    ['{{ printf "\\q" }}', '\\q', '\\q is not a Go escape'],
    ['{{ 1e999 }}', '1e999', 'beyond float64'],
    ['{{ 18446744073709551616 }}', '18446744073709551616', 'integer overflow'],
    ["{{ 'ab' }}", "'ab'", 'more than one character'],
    ['{{ $labels.instance-x }}', '-', 'bad character U+002D'],
    ['{{ define "a" }}{{ $labels }}{{ end }}', '$labels', 'unknown variable `$labels`'],
    ['{{ if 1 }}{{ else with $labels }}{{ end }}', 'with', 'unexpected <with> in else'],
    ['{{/* note */ }}', '{{/* note */', 'comment ends before closing delimiter'],
  ])('rejects %s', (text, located, message) => {
    const [problem, ...rest] = templateProblems(text);
    expect(rest).toEqual([]);
    expect(text.slice(problem!.from, problem!.to)).toBe(located);
    expect(problem!.message).toContain(message);
  });
});

test('labelReferences finds $labels.x, .Labels.x and index $labels "x"', () => {
  const text = '{{ $labels.a }} {{ .Labels.b }} {{ index $labels "c" }} {{ $value }} {{ $labels }}';
  expect(labelReferences(text).map((r) => [r.label, text.slice(r.from, r.to)])).toEqual([
    ['a', '$labels.a'],
    ['b', '.Labels.b'],
    ['c', '$labels "c"'],
  ]);
});

/**
 * Templates that go through every branch of Go's lexer and parser, most of them broken. Each pairs with
 * promtool's verdict below; those intgen rejects although Go parses them are in `stricterThanGo`.
 */
const corpus = [
  '{{ range $i, $v := query "up" }}{{ $i }}{{ break }}{{ continue }}{{ end }}',
  '{{ break }}',
  '{{ continue }}',
  '{{ if true }}a{{ else with $labels }}b{{ end }}',
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ $undefined = 1 }}',
  '{{- 3 -}}',
  '{{ 1_000 }}',
  '{{ 0o17 }}',
  '{{ 0b11 }}',
  '{{ 0x1p4 }}',
  '{{ 1i }}',
  '{{ 1+2i }}',
  '{{ 07 }}',
  '{{ 089 }}',
  "{{ '\\\"' }}",
  '{{ "\\\'" }}',
  '{{ define "a" }}x{{ end }}',
  '{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}',
  '{{ define "__alert_A" }}x{{ end }}',
  '{{ template "a" }}',
  '{{ template "a" 1 2 }}',
  '{{ template 1 }}',
  '{{ block "b" . }}x{{ end }}',
  '{{ block "b" }}x{{ end }}',
  '{{ define "d" }}{{ $labels }}{{ end }}',
  '{{ define "x" }}{{ break }}{{ end }}',
  '{{ range $labels }}{{ define "x" }}{{ end }}{{ end }}',
  '{{ $labels.x}y }}',
  '{{ (1) }}',
  '{{ (1).x }}',
  '{{ .Labels.x.y }}',
  '{{ $labels | 3 }}',
  '{{ 3 | printf }}',
  '{{ printf | }}',
  '{{ printf | true }}',
  '{{ printf | nil }}',
  '{{ printf | . }}',
  '{{ printf | (1) }}',
  '{{ printf | `x` }}',
  "{{ printf | 'a' }}",
  '{{ nil }}',
  '{{ nil.x }}',
  '{{ true.x }}',
  '{{ ..x }}',
  '{{ .x. }}',
  '{{ $x. }}',
  '{{ $ }}',
  '{{ . }}',
  '{{ $ := 1 }}',
  '{{ $.Labels }}',
  '{{ printf\n"%s" "a" }}',
  '{{/* c */}}',
  '{{ /* c */ }}',
  '{{- /* c */ -}}',
  '{{-/* c */}}',
  '{{/* c */ }}',
  '{{/* a }} b */}}',
  '{{/* unclosed',
  '{{- -}}',
  '{{- }}',
  '{{ -}}',
  '{{ - }}',
  '{{-1}}',
  '{{ 1-}}',
  '{{ 1 -}}',
  '{{\t-}}',
  '{{ 99999999999999999999 }}',
  '{{ 18446744073709551615 }}',
  '{{ +18446744073709551615 }}',
  '{{ -9223372036854775808 }}',
  '{{ -9223372036854775809 }}',
  '{{ 1e308 }}',
  '{{ 1e309 }}',
  '{{ 1e-400 }}',
  '{{ +5 }}',
  '{{ + }}',
  '{{ .5 }}',
  '{{ 1. }}',
  '{{ 1.e5 }}',
  '{{ 1.5e }}',
  '{{ 0x }}',
  '{{ 0xg }}',
  '{{ -0x1F }}',
  "{{ '' }}",
  "{{ 'ab' }}",
  "{{ 'ab }}",
  "{{ '\\x41' }}",
  "{{ '\\400' }}",
  "{{ '\\377' }}",
  "{{ '\\'' }}",
  "{{ 'é' }}",
  '{{ "\\x4" }}',
  '{{ "\\777" }}',
  '{{ "\\uD800" }}',
  '{{ "\\U00110000" }}',
  '{{ "\\q" }}',
  '{{ "\\e" }}',
  '{{ "\\a\\b\\f\\n\\r\\t\\v\\\\" }}',
  '{{ "a\nb" }}',
  '{{ `raw\nstr` }}',
  '{{ `a}}b` }}',
  '{{ `unclosed }}',
  '{{ $labels.ü }}',
  '{{ ü }}',
  '{{ $a, $b := 1 }}',
  '{{ range $a, $b := $labels }}{{ end }}',
  '{{ range $a, $b, $c := $labels }}{{ end }}',
  '{{ range $a, 1 }}{{ end }}',
  '{{ with $x := 1 }}{{ $x }}{{ end }}{{ $x }}',
  '{{ if $x := 1 }}{{ end }}',
  '{{ index $labels "a" | len }}',
  '{{ (1 }}',
  '{{ 1) }}',
  '{{ ((1)) }}',
  '{{ ( ) }}',
  '{{ ) }}',
  '{{ , }}',
  '{{ @ }}',
  '{{ $labels, }}',
  '{{ = }}',
  '{{ $x := }}',
  '{{ : }}',
  '{{ end }}',
  '{{ else }}',
  '{{ if }}{{ end }}',
  '{{ if 1 }}',
  '{{ if 1 }}{{ else }}{{ else }}{{ end }}',
  '{{ if 1 }}{{ else if 2 }}{{ else }}{{ end }}',
  '{{ if 1 }}{{ else if 2 }}{{ end }}{{ end }}',
  '{{ range . }}{{ else if 2 }}{{ end }}',
  '{{ range $labels }}{{ break }}{{ else }}{{ break }}{{ end }}',
  '{{ break 1 }}',
  '{{ else 1 }}',
  '{{ end 1 }}',
  '}} text',
  '{{{ $value }}}',
  '{{ $value }}}',
  '{{ $value -}}',
  '{{ $value - }}',
  '{{ $labels.instance-x }}',
  '{{ $la-bels }}',
  '{{ $1 }}',
  '{{ and }}',
  '{{ (3) 4 }}',
  '{{ "a" "b" }}',
  '{{ _1 }}',
  '{{ 1_ }}',
  '{{ 1__0 }}',
  '{{ humanize $value }} {{ $value | humanizePercentage }} {{ toTime 1 }} {{ stripDomain "a.b" }}',
  '{{ toDuration 1 }}',
  '{{ now }}',
  '{{ .Lables }}',
  '{{ with $labels }}{{ .Lables }}{{ end }}',
  '{{ "😀" }}',
  '{{ 😀 }}',
  '{{ $labels.a😀 }}',
  '{{ "\\U0001F600" }}',
];

/** What intgen rejects although Go parses it: see go-template.ts. */
const stricterThanGo = new Set([
  '{{ 1_000 }}',
  '{{ 0o17 }}',
  '{{ 0b11 }}',
  '{{ 0x1p4 }}',
  '{{ 1i }}',
  '{{ 1+2i }}',
  '{{ 07 }}',
  '{{ printf | 1i }}',
  '{{ $undefined = 1 }}',
  '{{ $labels.ü }}',
  '}} text',
  '{{ $value }}}',
  '{{ .Lables }}',
]);

describe('templates parse as Prometheus parses them', () => {
  test('every template promtool rejects, intgen rejects; intgen is stricter only where it says so', async (ctx) => {
    const skipReason = await promtoolSkipReason();
    ctx.skip(skipReason !== undefined, skipReason);
    const generated = fc.sample(generatedTemplates, { numRuns: 1500, seed: 20_240_611 });
    const texts = [...new Set([...corpus, ...generated])];
    const verdicts = await checkRuleContents(
      texts.map((text) => toYaml({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', annotations: { a: text } }] }] })),
    );
    const disagreements = texts.flatMap((text, i) => {
      const intgen = templateProblems(text).length === 0;
      const prometheus = verdicts[i]!.ok;
      if (intgen === prometheus || (!intgen && stricterThanGo.has(text))) return [];
      // Outside the corpus, intgen may reject a template for what it is stricter about, and for nothing else.
      const stricter = /^number |without a matching|^unknown field/;
      if (!intgen && !corpus.includes(text) && templateProblems(text).every((p) => stricter.test(p.message))) return [];
      return [{ text, intgen: templateProblems(text), promtool: verdicts[i]!.errors }];
    });
    expect(disagreements).toEqual([]);
  });
});
