// Go template checks of alert annotations.
import { describe, expect, test } from 'vitest';
import { labelReferences, templateProblems } from '../../src/validate/rules/template.js';

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
    ['{{ printf "%s }}', '"%s }}', 'unterminated string'],
    ['{{ }}', '{{ }}', 'empty action'],
    ['{{ $labels.instance ] }}', ']', 'unexpected "]"'],
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
