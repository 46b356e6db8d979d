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

const lineWidth = 120;
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
  if (!flat.includes('\n') && column + flat.length <= lineWidth) return flat;
  const inner = `${indent}  `;
  return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`;
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
    return (
      code.callee +
      printItems(
        '(',
        ')',
        code.args.map((arg) => print(arg, inner)),
        indent,
        column + code.callee.length,
        false,
      )
    );
  }
  const entries = Object.entries(code as Record<string, Code>).filter(([, value]) => value !== undefined);
  return printItems(
    '{',
    '}',
    // `{ metrics }` for `metrics: metrics`.
    entries.map(([name, value]) =>
      isNode(value) && value.kind === 'raw' && value.text === name
        ? name
        : `${key(name)}: ${print(value, inner, inner.length + key(name).length + 2)}`,
    ),
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
    if (line && indent.length + 3 + line.length + 1 + word.length > lineWidth) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}// ${l}`).join('\n');
}

/** A file from its statements: blank lines between them, one newline at the end. */
export const file = (statements: Statement[]): string => `${statements.filter(Boolean).join('\n\n')}\n`;
