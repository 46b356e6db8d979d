// The fast path of toYaml: the bytes the yaml library writes with toYaml's options (block style, two-space
// indent, no line folding, plain strings where YAML allows them), written straight from plain data. The library
// first builds a document tree of the whole value, which made YAML the largest single cost of a build. Data this
// path does not cover (values other than plain objects, arrays, strings, numbers, booleans and null; strings that
// need escapes, or quotes over several lines, or look like document markers) gets `undefined`, and toYaml asks
// the library. Each rule below mirrors one in yaml's stringifyString/stringifyPair/stringifyCollection, except
// for the strings a reader would misread (escapedQuoted), which both paths write the same way.
import { Document } from 'yaml';

/** Thrown inside, caught by blockYaml: the data leaves the covered subset. */
const notCovered = Symbol('not covered');

type Collection = unknown[] | { [key: string]: unknown };

/** Block-style YAML of a plain object or array, or undefined when the data needs the yaml library. */
export function blockYaml(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  try {
    const writer = new BlockWriter();
    writer.collection(asCollection(data), '', '', '');
    return `${flattened(writer.text)}\n`;
  } catch (error) {
    if (error === notCovered) return undefined;
    throw error;
  }
}

/**
 * The text as one string in memory. Appending made it a rope of every piece, several times its size, and a build
 * holds its rendered files until it compares or writes them; reading a character has V8 flatten the rope in place.
 */
function flattened(text: string): string {
  text.charCodeAt(0);
  return text;
}

function asCollection(value: object): Collection {
  if (Array.isArray(value)) return value;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Object.prototype || prototype === null) return value as Collection;
  throw notCovered;
}

/**
 * Appends to one text, front to back: returning each collection's text for its parent to join copied every line
 * once per level it is nested in.
 */
class BlockWriter {
  text = '';

  /**
   * A collection whose items sit at `indent`, its first line unindented: `- item` lines for an array, `key: value`
   * lines for an object; an empty one is written in flow style (`[]`, `{}`). `block` goes before the first line
   * of a non-empty one, `inline` before the flow style of an empty one. Undefined object values are left out and
   * undefined array items written as null, as the library does.
   */
  collection(value: Collection, indent: string, block: string, inline: string): void {
    const childIndent = `${indent}  `;
    const nextLine = `\n${indent}`;
    let separator = block;
    let empty = true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        this.text += `${separator}- `;
        this.node(value[i] ?? null, childIndent, '', '');
        separator = nextLine;
        empty = false;
      }
    } else {
      // A non-empty collection starts on the next line; scalars and [] or {} follow the key.
      const nestedBlock = `\n${childIndent}`;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (item === undefined) continue;
        this.text += `${separator}${keyText(key)}:`;
        this.node(item, childIndent, nestedBlock, ' ');
        separator = nextLine;
        empty = false;
      }
    }
    if (empty) this.text += Array.isArray(value) ? `${inline}[]` : `${inline}{}`;
  }

  /** A value: a collection as above; a scalar after `inline`. */
  node(value: unknown, indent: string, block: string, inline: string): void {
    if (typeof value === 'object' && value !== null) this.collection(asCollection(value), indent, block, inline);
    else this.text += inline + scalarText(value, indent);
  }
}

function scalarText(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'object':
      return 'null';
    case 'string':
      return stringText(value, indent);
    case 'number':
      if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw notCovered;
  }
}

/**
 * What Go's YAML (yaml.v3, libyaml's port: what Prometheus, promtool and the agent read these files with) does not
 * read back as written, wherever the yaml library puts it raw: NEL, LS and PS are line breaks to it (NEL in a
 * plain scalar comes back as a space), DEL, C1 controls, U+FFFE and U+FFFF are rejected, and a BOM at the start of
 * a line is dropped. The other noncharacters go with them, so no reader has to decide what they mean.
 */
const goMisread = /[\x7f-\x9f\u2028\u2029\ufeff\p{Noncharacter_Code_Point}]/u;
const goMisreadAll = new RegExp(goMisread.source, 'gu');
/** A literal block whose first line starts with a tab: Go's YAML takes the tab for indentation and rejects it. */
const tabFirstLine = /^\n*\t/;
/**
 * Lines of only spaces and tabs: the library writes them as a literal block without an indentation indicator,
 * whose spaces the reader (the library's own too) takes for indentation, or fails on.
 */
const blankLines = /^[\t\n ]*$/;

/**
 * Characters other than tabs, line feeds and printable ASCII: text without any, most text, holds none of those
 * goMisread and needsEscapes look for, which this regex (no Unicode flag, one character class) tells faster.
 */
const beyondAscii = /[^\t\n\x20-\x7e]/;

/**
 * Whether a reader would misread `text` as the yaml library writes it (Go's YAML above all), so it is written by
 * escapedQuoted instead.
 */
export const needsQuotedEscapes = (text: string): boolean => quotedEscapesNeeded(text, beyondAscii.test(text));

/** needsQuotedEscapes, told whether `text` goes beyond ASCII (beyondAscii), which its callers here test once. */
function quotedEscapesNeeded(text: string, isBeyondAscii: boolean): boolean {
  if (isBeyondAscii && goMisread.test(text)) return true;
  return text.includes('\n') && (tabFirstLine.test(text) || (blankLines.test(text) && /[\t ]/.test(text)));
}

/** `text` double-quoted on one line: JSON's escapes, and \uXXXX or \UXXXXXXXX for the characters Go would misread. */
export function escapedQuoted(text: string): string {
  return JSON.stringify(text).replace(goMisreadAll, (c) => {
    const codePoint = c.codePointAt(0)!;
    return codePoint > 0xffff ? `\\U${codePoint.toString(16).padStart(8, '0')}` : `\\u${codePoint.toString(16).padStart(4, '0')}`;
  });
}

/** Control characters and lone surrogates: the library double-quotes such strings with escapes. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters that must be escaped.
const needsEscapes = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const documentMarker = /^(%|---|\.\.\.)/m;
const documentMarkerFirstLine = /^(%|---|\.\.\.)/;

/**
 * Whether a line of `text` starts with a directive or a document marker. ASCII text breaks lines at line feeds
 * only, so one line is told by its start; searches for the markers spare most other text the multiline regex.
 */
function startsDocumentLine(text: string, isBeyondAscii: boolean): boolean {
  if (!isBeyondAscii && !text.includes('\n')) return documentMarkerFirstLine.test(text);
  return (text.includes('%') || text.includes('---') || text.includes('...')) && documentMarker.test(text);
}

/** Where a plain scalar cannot be used: leading indicators, `: `, ` #`, trailing space or colon… */
const notPlain = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/**
 * The core schema's other scalar tags, as one regex (each is anchored at both ends, without flags): a plain string
 * they would read as null, a boolean or a number is quoted. Anchored as a whole too, so that the regex engine
 * tries the start only, not every position.
 */
const readsAsOtherTypePattern = new RegExp(
  `^(?:${new Document().schema.tags
    .flatMap((tag) => (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && 'test' in tag && tag.test ? [`(?:${tag.test.source})`] : []))
    .join('|')})`,
);
const readsAsOtherType = (text: string) => readsAsOtherTypePattern.test(text);

/** A mapping key: plain, or quoted on one line; longer keys take the explicit `? ` form, left to the library. */
function keyText(key: string): string {
  const isBeyondAscii = beyondAscii.test(key);
  const escaped = quotedEscapesNeeded(key, isBeyondAscii) ? escapedQuoted(key) : undefined;
  if (
    escaped === undefined &&
    (key.includes('\n') || (isBeyondAscii && needsEscapes.test(key)) || startsDocumentLine(key, isBeyondAscii))
  ) {
    throw notCovered;
  }
  const text = escaped ?? (notPlain.test(key) || readsAsOtherType(key) ? quoted(key) : key);
  if (text.length > 1024) throw notCovered;
  return text;
}

function stringText(value: string, indent: string): string {
  const isBeyondAscii = beyondAscii.test(value);
  if (quotedEscapesNeeded(value, isBeyondAscii)) return escapedQuoted(value);
  if ((isBeyondAscii && needsEscapes.test(value)) || startsDocumentLine(value, isBeyondAscii)) throw notCovered;
  if (value.includes('\n')) return literalBlock(value, indent);
  return notPlain.test(value) || readsAsOtherType(value) ? quoted(value) : value;
}

/** One line, quoted: single quotes when the text has double quotes and no single ones, double quotes otherwise. */
function quoted(text: string): string {
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

const blockEndNewlines = /(^|(?<!\n))\n+(?!\n|$)/g;

/** A literal block scalar (`|`), with the chomping and indentation indicators its ends call for. */
function literalBlock(value: string, indent: string): string {
  let endStart = value.length;
  while (endStart > 0 && (value[endStart - 1] === '\n' || value[endStart - 1] === '\t' || value[endStart - 1] === ' ')) endStart -= 1;
  let end = value.substring(endStart);
  // A last line of only blanks: the library quotes such text instead, over several lines. (Tested on the blank
  // end alone: a regex anchored at the end still scans the whole text.)
  if (/\n[\t ]+$/.test(end)) throw notCovered;
  const endNewline = end.indexOf('\n');
  const chomp = endNewline === -1 ? '-' : value === end || endNewline !== end.length - 1 ? '+' : '';
  let body = value;
  if (end) {
    body = body.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(blockEndNewlines, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd = 0;
  let startNewline = -1;
  for (; startEnd < body.length; startEnd += 1) {
    if (body[startEnd] === ' ') startWithSpace = true;
    else if (body[startEnd] === '\n') startNewline = startEnd;
    else break;
  }
  let start = body.substring(0, startNewline < startEnd ? startNewline + 1 : startEnd);
  if (start) {
    body = body.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp;
  // Every line but the blank ones indented: after each newline that is not followed by another. The body ends in
  // none, so without blank lines that is every newline, which a plain search finds faster than the regex.
  const indented = body.includes('\n\n') ? body.replace(/\n(?!\n)/g, `\n${indent}`) : body.replaceAll('\n', `\n${indent}`);
  return `|${header}\n${indent}${start}${indented}${end}`;
}
