// The Prometheus text exposition format (0.0.4) and OpenMetrics 1.0, as a scrape reads them: metric families
// with their TYPE, HELP and UNIT, and each sample's name, labels and value. A line that does not parse is a
// problem with its line number, never a reason to stop: one bad line must not hide what the rest exposes.

export type ExposedType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped' | 'unknown' | 'gaugehistogram' | 'stateset' | 'info';

export interface ExposedSample {
  /** The sample's series name, e.g. `x_bucket` of family `x`. */
  name: string;
  labels: Record<string, string>;
  value: number;
  line: number;
}

export interface ExposedFamily {
  name: string;
  /** `untyped` when no TYPE line named it. */
  type: ExposedType;
  help?: string;
  unit?: string;
  samples: ExposedSample[];
}

export interface ExpositionProblem {
  line: number;
  message: string;
}

export interface Exposition {
  format: 'prometheus-text' | 'openmetrics';
  /** By family name, in the order they first appear. */
  families: Map<string, ExposedFamily>;
  problems: ExpositionProblem[];
}

const types = new Set<ExposedType>([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'unknown',
  'gaugehistogram',
  'stateset',
  'info',
]);
const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** The series names a family of each type writes, besides its own name. */
const suffixesByType: Partial<Record<ExposedType, readonly string[]>> = {
  counter: ['_total', '_created'],
  histogram: ['_bucket', '_sum', '_count', '_created'],
  gaugehistogram: ['_bucket', '_gsum', '_gcount'],
  summary: ['_sum', '_count', '_created'],
  info: ['_info'],
};

/** `\\`, `\"` and `\n` as the formats escape them; in HELP only `\\` and `\n`. */
function unescapeText(text: string): string {
  return text.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** A float as the formats write one: decimals, exponents, `+Inf`, `-Inf`, `NaN`. */
function parseValue(text: string): number | undefined {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}

/** A quoted string starting at `start` (at its opening quote): its unescaped text and where it ends. */
function quoted(line: string, start: number): { text: string; end: number } | undefined {
  for (let i = start + 1; i < line.length; i += 1) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '"') return { text: unescapeText(line.slice(start + 1, i)), end: i + 1 };
  }
  return undefined;
}

type ParsedSample = { name: string; labels: Record<string, string>; value: number } | { error: string };

/** `name{a="1",b="2"} value [timestamp] [# exemplar]`; also the quoted-name form `{"name",a="1"} value`. */
function parseSample(line: string): ParsedSample {
  let name = metricName.exec(line)?.[0] ?? '';
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i += 1;
    for (;;) {
      while (line[i] === ' ') i += 1;
      if (line[i] === '}') {
        i += 1;
        break;
      }
      let label: string;
      if (line[i] === '"') {
        const q = quoted(line, i);
        if (!q) return { error: 'an unterminated quoted name' };
        i = q.end;
        while (line[i] === ' ') i += 1;
        if (line[i] !== '=') {
          // A quoted string alone is the metric name (the UTF-8 form).
          if (name) return { error: 'two metric names' };
          name = q.text;
          if (line[i] === ',') i += 1;
          continue;
        }
        label = q.text;
      } else {
        label = labelName.exec(line.slice(i))?.[0] ?? '';
        if (!label) return { error: `a label name expected at column ${i + 1}` };
        i += label.length;
        while (line[i] === ' ') i += 1;
      }
      if (line[i] !== '=') return { error: `"=" expected after label ${label}` };
      i += 1;
      while (line[i] === ' ') i += 1;
      if (line[i] !== '"') return { error: `the value of label ${label} must be quoted` };
      const value = quoted(line, i);
      if (!value) return { error: `the value of label ${label} is not terminated` };
      if (label in labels) return { error: `label ${label} given twice` };
      labels[label] = value.text;
      i = value.end;
      while (line[i] === ' ') i += 1;
      if (line[i] === ',') i += 1;
      else if (line[i] !== '}') return { error: `"," or "}" expected after label ${label}` };
    }
  }
  if (!name) return { error: 'a metric name expected' };
  const rest = line
    .slice(i)
    .replace(/\s+#\s.*$/, '')
    .trim()
    .split(/\s+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') return { error: 'a value (and at most a timestamp) expected after the labels' };
  const value = parseValue(rest[0]!);
  if (value === undefined) return { error: `${JSON.stringify(rest[0])} is not a number` };
  if (rest[1] !== undefined && parseValue(rest[1]) === undefined) return { error: `${JSON.stringify(rest[1])} is not a timestamp` };
  return { name, labels, value };
}

const allSuffixes = [...new Set(Object.values(suffixesByType).flat())];

/** The family a sample belongs to: its own name's, or the name without the suffix its family's type writes. */
function familyOf(sampleName: string, families: Map<string, ExposedFamily>): ExposedFamily | undefined {
  const own = families.get(sampleName);
  if (own) return own;
  for (const suffix of allSuffixes) {
    if (!sampleName.endsWith(suffix)) continue;
    const entry = families.get(sampleName.slice(0, -suffix.length));
    if (entry && suffixesByType[entry.type]?.includes(suffix)) return entry;
  }
  return undefined;
}

export function parseExposition(text: string): Exposition {
  const families = new Map<string, ExposedFamily>();
  const problems: ExpositionProblem[] = [];
  const openMetrics = /^# EOF\s*$/m.test(text) || /^# UNIT /m.test(text);
  const family = (name: string): ExposedFamily => {
    let entry = families.get(name);
    if (!entry) families.set(name, (entry = { name, type: 'untyped', samples: [] }));
    return entry;
  };
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const number = index + 1;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!meta) return; // a comment, or # EOF
      const [, keyword, name, value = ''] = meta as unknown as [string, 'HELP' | 'TYPE' | 'UNIT', string, string | undefined];
      if (keyword === 'HELP') family(name).help = unescapeText(value);
      else if (keyword === 'UNIT') family(name).unit = value.trim();
      else if (types.has(value.trim() as ExposedType)) family(name).type = value.trim() as ExposedType;
      else problems.push({ line: number, message: `unknown TYPE ${JSON.stringify(value.trim())} for ${name}` });
      return;
    }
    const sample = parseSample(line.trim());
    if ('error' in sample) {
      problems.push({
        line: number,
        message: `cannot read the sample (${sample.error}): ${line.length > 80 ? `${line.slice(0, 77)}...` : line}`,
      });
      return;
    }
    const owner = familyOf(sample.name, families) ?? family(sample.name);
    owner.samples.push({ ...sample, line: number });
  });
  return { format: openMetrics ? 'openmetrics' : 'prometheus-text', families, problems };
}
