// Literal text placed safely in Markdown: table cells, code spans and fenced blocks, for every Markdown output.

export const lineBreak = /\r\n|\r|\n/g;

/**
 * A Markdown table cell: `|` escaped (GFM unescapes `\|` before inline parsing, even inside code spans, so the
 * cell reads the same) and line breaks as <br>, so one value never splits or ends its row.
 */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|').replace(lineBreak, '<br>');
}

function longestBacktickRun(text: string): number {
  // Most text has no backtick at all, which needs no regex to tell.
  if (!text.includes('`')) return 0;
  return Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
}

/** The text without the line breaks it ends with. (A loop: a regex anchored at the end scans all the text.) */
export function withoutTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '\n') end -= 1;
  return text.slice(0, end);
}

/**
 * Literal text as a code span: the fence is one backtick longer than any run inside, and the content is padded
 * when it starts or ends with a backtick or space (CommonMark strips one space from each side). Line breaks
 * become spaces, as CommonMark itself renders them inside a code span.
 */
export function inlineCode(text: string): string {
  const content = text.replace(lineBreak, ' ');
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  const padding = /^[ `]|[ `]$/.test(content) ? ' ' : '';
  return `${fence}${padding}${content}${padding}${fence}`;
}

/** Literal text in a table cell. */
export function codeCell(text: string): string {
  return tableCell(inlineCode(text));
}

export interface CodeBlockView {
  fence: string;
  lang: string;
  code: string;
}

/** A fenced code block whose fence no line of the code can close early. */
export function codeBlock(code: string, lang: string): CodeBlockView {
  return { fence: '`'.repeat(Math.max(3, longestBacktickRun(code) + 1)), lang, code: withoutTrailingNewlines(code) };
}
