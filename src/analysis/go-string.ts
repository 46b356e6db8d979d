// Go's quoted literals (strconv.Unquote, UnquoteChar), as Go templates write string and character constants and
// PromQL writes its strings: "…" and '…' with backslash escapes, `…` raw.

export type GoUnquoted =
  | { ok: true; value: string /** False when \x or octal escapes spell bytes that are not UTF-8. */; utf8: boolean }
  | { ok: false; message: string /** Where in the literal (quotes included) the bad escape is. */; from: number; to: number };

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
const hexDigits = /^[0-9a-fA-F]+$/;
const encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const lossyDecoder = new TextDecoder('utf-8');

interface Escape {
  /** A code point, or a raw byte (from \x and octal escapes). */
  value: number;
  byte: boolean;
  end: number;
}

/** The escape at `at` (a backslash) in a literal quoted with `quote`, or a message saying why Go rejects it. */
function readEscape(text: string, at: number, quote: string): Escape | string {
  const c = text[at + 1];
  if (c === undefined) return 'a backslash ends the literal';
  if (c in simpleEscapes) return { value: simpleEscapes[c]!, byte: false, end: at + 2 };
  if (c === quote) return { value: c.charCodeAt(0), byte: false, end: at + 2 };
  if (c >= '0' && c <= '7') {
    const digits = text.slice(at + 1, at + 4);
    if (!/^[0-7]{3}$/.test(digits)) return `octal escape \\${digits} needs three octal digits`;
    const value = parseInt(digits, 8);
    return value > 255 ? `octal escape \\${digits} is over \\377` : { value, byte: true, end: at + 4 };
  }
  const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (width === 0) return `\\${c} is not a Go escape (\\a \\b \\f \\n \\r \\t \\v \\\\ \\${quote} \\x.. \\u.... \\U........ \\ooo)`;
  const digits = text.slice(at + 2, at + 2 + width);
  if (digits.length !== width || !hexDigits.test(digits)) return `\\${c} needs ${width} hex digits`;
  const value = parseInt(digits, 16);
  if (c === 'x') return { value, byte: true, end: at + 2 + width };
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return `\\${c}${digits} is not a Unicode character`;
  return { value, byte: false, end: at + 2 + width };
}

/** The value of a Go-quoted literal (quotes included), or where and why Go rejects it. */
export function unquoteGo(literal: string): GoUnquoted {
  const quote = literal[0]!;
  const body = literal.slice(1, -1);
  if (quote === '`') return { ok: true, value: body.replaceAll('\r', ''), utf8: true };
  if (!body.includes('\\')) return { ok: true, value: body, utf8: true };
  const bytes: number[] = [];
  for (let i = 1; i < literal.length - 1; ) {
    if (literal[i] !== '\\') {
      const codePoint = literal.codePointAt(i)!;
      const char = String.fromCodePoint(codePoint);
      bytes.push(...encoder.encode(char));
      i += char.length;
      continue;
    }
    const escaped = readEscape(literal, i, quote);
    if (typeof escaped === 'string') return { ok: false, message: escaped, from: i, to: Math.min(i + 2, literal.length - 1) };
    if (escaped.byte) bytes.push(escaped.value);
    else bytes.push(...encoder.encode(String.fromCodePoint(escaped.value)));
    i = escaped.end;
  }
  const raw = Uint8Array.from(bytes);
  try {
    return { ok: true, value: utf8Decoder.decode(raw), utf8: true };
  } catch {
    return { ok: true, value: lossyDecoder.decode(raw), utf8: false };
  }
}

/** Why Go rejects a character constant such as 'a' or '\n' (quotes included), or undefined. */
export function goCharConstantProblem(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (body === '') return 'an empty character constant';
  if (body === "'") return "a ' in a character constant must be escaped: '\\''";
  let end: number;
  if (body[0] === '\\') {
    const escaped = readEscape(literal, 1, "'");
    if (typeof escaped === 'string') return escaped;
    end = escaped.end;
  } else end = 1 + String.fromCodePoint(literal.codePointAt(1)!).length;
  return end === literal.length - 1 ? undefined : `${literal} holds more than one character: use a "string"`;
}
