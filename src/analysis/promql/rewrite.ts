// Rewrites PromQL by editing the source at positions the parser reported, never by pattern matching,
// so comments, spacing and everything not edited stay as the author wrote them.
import { parsePromQL, type LabelMatcher, type Selector } from './parse.js';

export interface Edit {
  from: number;
  to: number;
  text: string;
}

export function applyEdits(expr: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  let out = expr;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function assertParses(expr: string): void {
  const problem = parsePromQL(expr).problems[0];
  if (problem) throw new Error(`cannot rewrite invalid PromQL at ${problem.from}: ${problem.message}: ${expr}`);
}

/**
 * What replaces the range window of a matrix selector: it gets the selector (with its enclosing function) and
 * returns the new window text, or undefined to leave it.
 */
export type WindowReplacer = (selector: Selector) => string | undefined;

export interface MatcherToAdd {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** Adds matchers to every selector that does not already match on that label. */
export function addMatchers(expr: string, matchers: MatcherToAdd[]): string {
  return rewriteSelectors(expr, matchers, () => undefined);
}

/** The matchers one selector is to get (each only if the selector does not match on its label already). */
export type MatchersFor = (selector: Selector) => readonly MatcherToAdd[];

/**
 * addMatchers, then the windows replaced, from one parse: matchers go inside or right after a selector's name
 * and windows inside its brackets, so the edits never meet and a second parse would find the same selectors.
 * `matchers` are the same for every selector, or chosen per selector.
 */
export function rewriteSelectors(expr: string, matchers: readonly MatcherToAdd[] | MatchersFor, replaceWindow: WindowReplacer): string {
  assertParses(expr);
  const edits: Edit[] = [];
  for (const s of parsePromQL(expr).selectors) {
    const wanted = typeof matchers === 'function' ? matchers(s) : matchers;
    const missing = wanted.filter((m) => !s.matchers.some((existing) => existing.label === m.label));
    if (missing.length > 0) {
      const text = missing.map(matcherText).join(', ');
      if (s.braces) {
        const inside = expr.slice(s.braces.from + 1, s.braces.to - 1);
        const closing = s.braces.to - 1;
        edits.push({ from: closing, to: closing, text: inside.trim() === '' ? text : `, ${text}` });
      } else {
        edits.push({ from: s.vector.to, to: s.vector.to, text: `{${text}}` });
      }
    }
    const window = s.range && replaceWindow(s);
    if (s.range && window !== undefined) edits.push({ from: s.range.from, to: s.range.to, text: window });
  }
  return applyEdits(expr, edits);
}

/**
 * In every selector, the matchers `replaced` picks give way to `replacement`: the first is replaced by them, the
 * others removed with the comma before them (a picked matcher after the first always has a matcher before it).
 */
export function replaceMatchers(
  expr: string,
  replaced: (matcher: LabelMatcher) => boolean,
  replacement: readonly [...MatcherToAdd[], MatcherToAdd],
): string {
  assertParses(expr);
  const edits: Edit[] = [];
  for (const s of parsePromQL(expr).selectors) {
    let first = true;
    s.matchers.forEach((matcher, index) => {
      if (!replaced(matcher)) return;
      if (first) edits.push({ from: matcher.from, to: matcher.to, text: replacement.map(matcherText).join(', ') });
      else edits.push({ from: s.matchers[index - 1]!.to, to: matcher.to, text: '' });
      first = false;
    });
  }
  return applyEdits(expr, edits);
}

function matcherText(m: MatcherToAdd): string {
  return `${m.label}${m.op}${JSON.stringify(m.value)}`;
}
