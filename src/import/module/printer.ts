// A small printer of TypeScript values and expressions, so the import writes code built from data rather than
// templates of whole files: strings in single quotes, two-space indent, trailing commas, one line when it fits.

/** An expression written as is: a reference (`m.up`, `p.window`) or anything the printer has no node for. */
export interface Raw {
  kind: 'raw';
  text: string;
}

/** `callee(arg, …)`. */
export interface Call {
  kind: 'call';
  callee: string;
  args: Code[];
}

/** A template literal: text parts and the expressions between them. */
export interface Template {
  kind: 'template';
  parts: (string | Raw)[];
}

export type Code = string | number | boolean | undefined | Raw | Call | Template | readonly Code[] | { readonly [key: string]: Code };

export const raw = (text: string): Raw => ({ kind: 'raw', text });
export const call = (callee: string, ...args: Code[]): Call => ({ kind: 'call', callee, args });
/** A template literal, or a plain string when no part is an expression. */
export function template(parts: (string | Raw)[]): Template | string {
  return parts.every((part) => typeof part === 'string') ? parts.join('') : { kind: 'template', parts };
}

/** Biome's line width in this repository (biome.json), so a written module is formatted as Biome would. */
const lineWidth = 140;
/** Comments wrap sooner, as the hand-written modules' do. */
const commentWidth = 120;
const identifier = /^[A-Za-z_$][\w$]*$/;

const isNode = (code: Code): code is Raw | Call | Template =>
  typeof code === 'object' && code !== null && !Array.isArray(code) && typeof (code as { kind?: unknown }).kind === 'string';

/** A string literal in single quotes, or double quotes when that needs fewer escapes (as Biome writes it). */
export function quote(text: string): string {
  const mark = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replaceAll(mark, `\\${mark}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `${mark}${escaped}${mark}`;
}

const key = (name: string) => (identifier.test(name) ? name : quote(name));

function printTemplate(node: Template): string {
  const text = node.parts
    .map((part) =>
      typeof part === 'string'
        ? part.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\n/g, '\\n')
        : `\${${part.text}}`,
    )
    .join('');
  return `\`${text}\``;
}

/** The items of a list, object or call: on one line when it fits in the width left, else one per line. */
function printItems(open: string, close: string, items: string[], indent: string, column: number, spaced: boolean): string {
  if (items.length === 0) return open + close;
  const flat = spaced ? `${open} ${items.join(', ')} ${close}` : `${open}${items.join(', ')}${close}`;
  if (!flat.includes('\n') && column + flat.length + 1 <= lineWidth) return flat;
  const inner = `${indent}  `;
  return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`;
}

/** `key: value`; a string too long for the line goes on the next one, indented (as Biome writes it). */
function entry(name: string, value: Code, indent: string): string {
  const printed = print(value, indent, indent.length + name.length + 2);
  const isText = typeof value === 'string';
  // The entry's trailing comma counts toward the width; Biome never breaks before a template literal.
  if (isText && indent.length + name.length + 2 + printed.length + 1 > lineWidth) return `${name}:\n${indent}  ${printed}`;
  return `${name}: ${printed}`;
}

const isLiteral = (code: Code | undefined) => typeof code === 'object' && code !== null && !isNode(code);

/** A call on one line; else its last argument, a literal object or list, broken open after the others (`f(a, {`); else one per line. */
function printCall(node: Call, indent: string, column: number): string {
  const start = column + node.callee.length;
  const flat = printItems(
    '(',
    ')',
    node.args.map((arg) => print(arg, `${indent}  `)),
    indent,
    start,
    false,
  );
  if (!flat.includes('\n')) return node.callee + flat;
  const last = node.args.at(-1);
  if (isLiteral(last)) {
    const head = node.args.slice(0, -1).map((arg) => print(arg, indent));
    const opening = `${node.callee}(${head.map((h) => `${h}, `).join('')}`;
    if (!head.some((h) => h.includes('\n')) && column + opening.length + 1 <= lineWidth) {
      return `${opening}${print(last, indent, column + opening.length)})`;
    }
  }
  return node.callee + flat;
}

/** `code` printed at `indent`, starting at `column` of its first line. */
export function print(code: Code, indent = '', column = indent.length): string {
  if (code === undefined) return 'undefined';
  if (typeof code === 'string') return quote(code);
  if (typeof code === 'number') return Object.is(code, -0) ? '0' : String(code);
  if (typeof code === 'boolean') return String(code);
  const inner = `${indent}  `;
  if (Array.isArray(code))
    return printItems(
      '[',
      ']',
      code.map((item) => print(item, inner)),
      indent,
      column,
      false,
    );
  if (isNode(code)) {
    if (code.kind === 'raw') return code.text;
    if (code.kind === 'template') return printTemplate(code);
    return printCall(code, indent, column);
  }
  const entries = Object.entries(code as Record<string, Code>).filter(([, value]) => value !== undefined);
  return printItems(
    '{',
    '}',
    // `{ metrics }` for `metrics: metrics`.
    entries.map(([name, value]) => (isNode(value) && value.kind === 'raw' && value.text === name ? name : entry(key(name), value, inner))),
    indent,
    column,
    true,
  );
}

/** One statement or declaration of a file. */
export type Statement = string;

/** `export const name: type = value;` */
export function constant(name: string, value: Code, options: { exported?: boolean; type?: string } = {}): Statement {
  const head = `${options.exported === false ? '' : 'export '}const ${name}${options.type ? `: ${options.type}` : ''} = `;
  return `${head}${print(value, '', head.length)};`;
}

/** `import { a, type B } from 'from';` (`import type { … }` when every name is a type), sorted as Biome sorts them. */
export function importFrom(from: string, names: string[]): Statement {
  const sorted = [...new Set(names)].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
  if (sorted.every((name) => name.startsWith('type ')))
    return `import type { ${sorted.map((n) => n.slice(5)).join(', ')} } from '${from}';`;
  return `import { ${sorted.join(', ')} } from '${from}';`;
}

/** A `//` comment, wrapped at the line width. */
export function comment(text: string, indent = ''): Statement {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + 3 + line.length + 1 + word.length > commentWidth) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}// ${l}`).join('\n');
}

/** A file from its statements: blank lines between them, one newline at the end. */
export const file = (statements: Statement[]): string => `${statements.filter(Boolean).join('\n\n')}\n`;
