// A Prometheus relabel engine with Go semantics (model/relabel/relabel.go), so generated pipelines can be
// checked against hand-written ones and against the pods they are meant to keep or drop, without a cluster.
// Regexes run on re2js, a port of the RE2 engine Go's regexp implements.
import { createHash } from 'node:crypto';
import { RE2JS, RE2Set } from 're2js';
import { boundedCache } from '../../support/bounded-cache.js';
import type { RelabelConfig } from './engine.js';
import { anchoredRegexSource, type PrometheusMajor } from '../prometheus-regex.js';

export type LabelSet = Record<string, string>;

const defaultRegex = '(.*)';
const defaultSeparator = ';';
const defaultReplacement = '$1';

/** What the relabel steps ask of a regex compiled anchored at both ends (an RE2JS, or literalNames). */
interface AnchoredRegex {
  testExact(value: string): boolean;
  exec(value: string): unknown[] | null;
  namedGroups(): Record<string, number>;
}

/**
 * Whose relabeling to follow. Prometheus 3 compiles a regex as `^(?s:…)$`, so `.` matches a newline too, and
 * accepts any UTF-8 label name as a target; Prometheus 2 (and the Sysdig agent, built on it) compiles `^(?:…)$`
 * and keeps to the legacy name characters.
 */
export interface RelabelSemantics {
  prometheusMajor: PrometheusMajor;
}

const prometheus2: RelabelSemantics = { prometheusMajor: 2 };

function compileAnchored(regex: string, major: PrometheusMajor): AnchoredRegex | Error {
  // A literal has no `.`, so both majors match it alike.
  const literal = literalNames(regex);
  if (literal) return literal;
  try {
    return RE2JS.compile(anchoredRegexSource(regex, major));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Compiles as Prometheus does: anchored at both ends. Cached per major, by source, failures included: one cache
 * each, so a lookup hashes the regex as given, not a key built from it on every step. Compiled regexes are large
 * (the dozen or so of one integration's jobs take over 100 kB together): keep a few integrations' worth.
 */
const anchoredRegex: Record<PrometheusMajor, (regex: string) => AnchoredRegex | Error> = {
  2: boundedCache(64, (regex: string) => compileAnchored(regex, 2)),
  3: boundedCache(64, (regex: string) => compileAnchored(regex, 3)),
};

/** A literal: characters other than RE2's metacharacters (and surrogates), or a metacharacter escaped. */
const literal = String.raw`(?:[^\\.+*?()|[\]{}^$\uD800-\uDFFF]|\\[\\.+*?()|[\]{}^$])*`;
const literalAlternation = new RegExp(`^(?:\\((${literal}(?:\\|${literal})*)\\)|(${literal}))$`);

/**
 * `name` or `(name|name|…)` of literal names, as keep-lists and integration types are written (quoteMeta'd): a
 * set lookup matches them exactly as the anchored RE2 regex would, groups included, without compiling an
 * automaton, which for a keep-list of a few dozen names costs over a millisecond.
 */
function literalNames(regex: string): AnchoredRegex | undefined {
  const match = literalAlternation.exec(regex);
  if (!match) return undefined;
  const grouped = match[1] !== undefined;
  const body = grouped ? match[1]! : match[2]!;
  // Split on the bars, taking each escaped character as itself.
  const names = new Set<string>();
  let name = '';
  for (let i = 0; i < body.length; i += 1) {
    if (body[i] === '|') {
      names.add(name);
      name = '';
    } else name += body[i] === '\\' ? body[(i += 1)] : body[i];
  }
  names.add(name);
  return {
    testExact: (value) => names.has(value),
    exec: (value) => (names.has(value) ? (grouped ? [value, value] : [value]) : null),
    namedGroups: () => ({}),
  };
}

/**
 * Why RE2 rejects a relabel regex, or undefined when it compiles. Lint asks this of every regex of every job, most
 * of which nothing ever matches against, so it only parses: re2js has no call for that alone, but RE2Set.add
 * parses (with RE2JS.compile's flags and errors) without compiling the automaton, which costs several times more.
 */
export const relabelRegexError = boundedCache(64, (regex: string): string | undefined => {
  if (literalAlternation.test(regex)) return undefined;
  try {
    new RE2Set().add(anchoredRegexSource(regex, 2));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
});

function requireRegex(regex: string, semantics: RelabelSemantics): AnchoredRegex {
  const compiled = anchoredRegex[semantics.prometheusMajor](regex);
  if (compiled instanceof Error) throw new Error(`invalid relabel regex ${JSON.stringify(regex)}: ${compiled.message}`);
  return compiled;
}

/**
 * Whether a target label name is valid: Prometheus 2.x (and the agent) keep to the legacy characters; 3.x, whose
 * default is UTF-8 validation, takes any non-empty name that is valid UTF-8 (no lone surrogate).
 */
function isValidLabelName(name: string, semantics: RelabelSemantics): boolean {
  if (semantics.prometheusMajor === 3) return name !== '' && !/\p{Cs}/u.test(name);
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

interface Match {
  /** Capture groups by number; undefined when the group did not take part in the match. */
  groups: (string | undefined)[];
  named: Record<string, number>;
}

function matchWhole(regex: AnchoredRegex, value: string): Match | undefined {
  const result = regex.exec(value);
  if (result === null) return undefined;
  return { groups: result.map((group: unknown) => (typeof group === 'string' ? group : undefined)), named: regex.namedGroups() };
}

// unicode.IsLetter || unicode.IsDigit || '_' as in Go's regexp.extract.
const templateNameChar = /[\p{L}\p{Nd}_]/u;

/**
 * Go's regexp.Expand: `$$` is a literal `$`; `$name` takes the longest run of letters, digits and `_`
 * (so `$1x` names group "1x", which does not exist, and expands to nothing); `${name}` delimits it;
 * a number with a leading zero is a name, not an index; a malformed reference leaves the `$` as text.
 */
function expandTemplate(template: string, match: Match): string {
  let out = '';
  let rest = template;
  for (let dollar = rest.indexOf('$'); dollar >= 0; dollar = rest.indexOf('$')) {
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const reference = extractReference(rest);
    if (reference === undefined) {
      out += '$';
      continue;
    }
    rest = rest.slice(reference.length);
    const index = reference.number ?? match.named[reference.name];
    out += (index === undefined ? undefined : match.groups[index]) ?? '';
  }
  return out + rest;
}

function extractReference(text: string): { name: string; number: number | undefined; length: number } | undefined {
  const braced = text.startsWith('{');
  const chars = [...(braced ? text.slice(1) : text)];
  let name = '';
  for (const char of chars) {
    if (!templateNameChar.test(char)) break;
    name += char;
  }
  if (name === '') return undefined;
  if (braced && chars[[...name].length] !== '}') return undefined;
  const length = name.length + (braced ? 2 : 0);
  // Go reads at most nine digits as an index and none with a leading zero.
  const isIndex = /^(0|[1-9][0-9]{0,8})$/.test(name);
  return { name, number: isIndex ? Number(name) : undefined, length };
}

/**
 * Go's strings.ToLower/ToUpper map each code point by Unicode's simple case mapping; JavaScript applies
 * the full mapping (ß → SS, context-dependent final sigma). Mapping code point by code point and keeping
 * a character whose full mapping expands matches Go, except that Go lowercases İ to i (the first code
 * point of its full mapping) and uppercases Greek letters with ypogegrammeni to their titlecase forms.
 */
function mapCase(value: string, toCase: (char: string) => string, takeFirstOfExpansion: boolean): string {
  let out = '';
  for (const char of value) {
    const mapped = [...toCase(char)];
    out += mapped.length === 1 || takeFirstOfExpansion ? (mapped[0] ?? char) : char;
  }
  return out;
}

/** Prometheus's hashmod: MD5 of the joined value, last 8 bytes as a big-endian uint64, modulo. */
function hashMod(value: string, modulus: number): string {
  const hash = createHash('md5').update(value, 'utf8').digest();
  return (hash.readBigUInt64BE(8) % BigInt(modulus)).toString();
}

function requireTarget(config: RelabelConfig): string {
  if (!config.target_label) throw new Error(`relabel action ${config.action ?? 'replace'} requires target_label`);
  return config.target_label;
}

/** Labels in name order, as Prometheus's label builder ranges over them; a snapshot, so edits do not feed back. */
function sortedEntries(labels: Map<string, string>): [string, string][] {
  return [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Prometheus's label builder: setting an empty value deletes the label. */
function setLabel(labels: Map<string, string>, name: string, value: string): void {
  if (value === '') labels.delete(name);
  else labels.set(name, value);
}

/** Applies one step; false when it drops the label set. */
function applyStep(labels: Map<string, string>, config: RelabelConfig, semantics: RelabelSemantics): boolean {
  const value = (config.source_labels ?? []).map((name) => labels.get(name) ?? '').join(config.separator ?? defaultSeparator);
  const action = config.action ?? 'replace';
  if (action === 'keepequal' || action === 'dropequal') {
    const equal = (labels.get(requireTarget(config)) ?? '') === value;
    return action === 'keepequal' ? equal : !equal;
  }
  const regex = requireRegex(config.regex ?? defaultRegex, semantics);
  switch (action) {
    case 'keep':
      return regex.testExact(value);
    case 'drop':
      return !regex.testExact(value);
    case 'replace': {
      const match = matchWhole(regex, value);
      if (match === undefined) return true;
      const target = expandTemplate(requireTarget(config), match);
      if (!isValidLabelName(target, semantics)) return true;
      setLabel(labels, target, expandTemplate(config.replacement ?? defaultReplacement, match));
      return true;
    }
    case 'lowercase':
      setLabel(
        labels,
        requireTarget(config),
        mapCase(value, (char) => char.toLowerCase(), true),
      );
      return true;
    case 'uppercase':
      setLabel(
        labels,
        requireTarget(config),
        mapCase(value, (char) => char.toUpperCase(), false),
      );
      return true;
    case 'hashmod':
      if (!config.modulus) throw new Error('relabel action hashmod requires a non-zero modulus');
      setLabel(labels, requireTarget(config), hashMod(value, config.modulus));
      return true;
    case 'labelmap':
      for (const [name, labelValue] of sortedEntries(labels)) {
        const match = matchWhole(regex, name);
        if (match !== undefined) setLabel(labels, expandTemplate(config.replacement ?? defaultReplacement, match), labelValue);
      }
      return true;
    case 'labeldrop':
      for (const [name] of sortedEntries(labels)) if (regex.testExact(name)) labels.delete(name);
      return true;
    case 'labelkeep':
      for (const [name] of sortedEntries(labels)) if (!regex.testExact(name)) labels.delete(name);
      return true;
    default:
      throw new Error(`unknown relabel action ${JSON.stringify(action satisfies never)}`);
  }
}

/**
 * Runs a relabel pipeline the way Prometheus does: steps in order, the first drop ends it. Labels
 * starting with `__` (`__address__`, `__meta_*`) take part throughout; removing them afterwards is the
 * scraper's job, not relabeling's. Returns undefined when the label set is dropped. Throws on a
 * configuration Prometheus would reject at load time (bad regex, missing target_label or modulus).
 */
export function relabel(labels: LabelSet, configs: RelabelConfig[], semantics: RelabelSemantics = prometheus2): LabelSet | undefined {
  const working = new Map(Object.entries(labels));
  for (const config of configs) {
    if (!applyStep(working, config, semantics)) return undefined;
  }
  return Object.fromEntries(sortedEntries(working));
}
