// Alert annotations and labels are Go templates that Prometheus expands when the alert fires; a mistake there
// only shows when the alert fires (as an error string in the notification). This family lexes the templates
// the way text/template does and checks what Prometheus would reject or render wrong.
import type { Span } from '../../promql/parse.js';
import type { Finding } from '../findings.js';
import { code, type LintContext, type LintRule } from './context.js';

interface TemplateToken extends Span {
  kind: 'variable' | 'field' | 'identifier' | 'string' | 'number' | 'punctuation';
  text: string;
}

interface TemplateAction extends Span {
  tokens: TemplateToken[];
}

export interface TemplateProblem extends Span {
  message: string;
}

interface ParsedTemplate {
  actions: TemplateAction[];
  problems: TemplateProblem[];
}

/** The data Prometheus passes to alert templates, as variables and as fields of dot. */
const knownVariables = new Set(['$', '$labels', '$value', '$externalLabels', '$externalURL']);
const knownFields = new Set(['.Labels', '.Value', '.ExternalLabels', '.ExternalURL']);

const prometheusFunctions = [
  'humanize', 'humanize1024', 'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'query', 'first', 'label',
  'value', 'toUpper', 'toLower', 'title', 'reReplaceAll', 'match', 'safeHtml', 'stripPort', 'args', 'tableLink',
  'graphLink', 'strvalue', 'sortByLabel', 'pathPrefix', 'externalURL', 'parseDuration', 'toTime', 'stripDomain',
];
const goBuiltins = [
  'and', 'or', 'not', 'len', 'index', 'slice', 'call', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'print', 'printf',
  'println', 'html', 'js', 'urlquery',
];
const goKeywords = ['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'true', 'false', 'nil'];
const knownIdentifiers = new Set([...prometheusFunctions, ...goBuiltins, ...goKeywords]);
const blockOpeners = new Set(['if', 'range', 'with', 'define', 'block']);

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isWordStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);

/** What a sticky (`y`) regex matches starting exactly at `at`, read in place rather than from a slice per token. */
function matchAt(sticky: RegExp, text: string, at: number): string | undefined {
  sticky.lastIndex = at;
  return sticky.exec(text)?.[0];
}

const word = /\w*/y;
const number = /[-+]?(?:[eEpP][-+]|[0-9A-Za-z_.])+/y;
const commentStart = /\{\{(?:- )?\/\*/y;
const commentEnd = /(?:\s-)?\}\}/y;
const wordAt = (text: string, at: number) => matchAt(word, text, at)!;

/** Lexes every `{{ … }}` action of a Go template, with the problems text/template would report. */
function parseTemplate(text: string): ParsedTemplate {
  const actions: TemplateAction[] = [];
  const problems: TemplateProblem[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{{', at);
    const close = text.indexOf('}}', at);
    if (close >= 0 && (open < 0 || close < open)) {
      problems.push({ from: close, to: close + 2, message: `${code('}}')} without a matching ${code('{{')}` });
      at = close + 2;
      continue;
    }
    if (open < 0) break;
    const action = lexAction(text, open, problems);
    if (!action) break;
    if (action.tokens.length || !isComment(text, open)) actions.push(action);
    at = action.to;
  }
  return { actions, problems };
}

function isComment(text: string, open: number): boolean {
  return matchAt(commentStart, text, open) !== undefined;
}

/** Lexes the action opening at `open`; undefined (with a problem) when it never closes. */
function lexAction(text: string, open: number, problems: TemplateProblem[]): TemplateAction | undefined {
  const reportedBefore = problems.length;
  const unclosed = () => {
    // Whatever was odd inside it is part of the same mistake.
    problems.length = reportedBefore;
    problems.push({ from: open, to: text.length, message: `${code('{{')} is never closed: add ${code('}}')}` });
    return undefined;
  };
  let p = open + 2;
  if (text[p] === '-' && isSpace(text[p + 1])) p += 2;
  if (isComment(text, open)) {
    const end = text.indexOf('*/', p + 2);
    if (end < 0) return unclosed();
    const after = matchAt(commentEnd, text, end + 2);
    if (after === undefined) return unclosed();
    return { from: open, to: end + 2 + after.length, tokens: [] };
  }
  const tokens: TemplateToken[] = [];
  const push = (kind: TemplateToken['kind'], from: number, to: number) => tokens.push({ kind, from, to, text: text.slice(from, to) });
  while (p < text.length) {
    const c = text[p]!;
    if (text.startsWith('}}', p)) return { from: open, to: p + 2, tokens };
    if (isSpace(c)) {
      p += 1;
      if (text.startsWith('-}}', p)) return { from: open, to: p + 3, tokens };
    } else if (c === '"' || c === '`' || c === "'") {
      const end = closingQuote(text, p, c);
      if (end < 0) {
        problems.push({ from: p, to: text.length, message: `unterminated ${c === "'" ? 'character constant' : 'string'}: close it with ${c}` });
        return undefined;
      }
      push(c === "'" ? 'number' : 'string', p, end + 1);
      p = end + 1;
    } else if (c === '$') {
      const name = wordAt(text, p + 1);
      push('variable', p, p + 1 + name.length);
      p += 1 + name.length;
    } else if (c === '.') {
      const name = wordAt(text, p + 1);
      push('field', p, p + 1 + name.length);
      p += 1 + name.length;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9]/.test(text[p + 1] ?? ''))) {
      const literal = matchAt(number, text, p)!;
      push('number', p, p + literal.length);
      p += literal.length;
    } else if (isWordStart(c)) {
      const name = wordAt(text, p);
      push('identifier', p, p + name.length);
      p += name.length;
    } else if (text.startsWith(':=', p)) {
      push('punctuation', p, p + 2);
      p += 2;
    } else if ('=|(),'.includes(c)) {
      push('punctuation', p, p + 1);
      p += 1;
    } else {
      problems.push({ from: p, to: p + 1, message: `unexpected ${JSON.stringify(c)} in action: remove it` });
      p += 1;
    }
  }
  return unclosed();
}

function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    const c = text[i];
    if (quote !== '`' && c === '\\') i += 1;
    else if (c === quote) return i;
    else if (quote !== '`' && c === '\n') return -1;
  }
  return -1;
}

/** Problems of meaning: unknown variables, functions and fields, and unbalanced if/range/with … end. */
export function templateProblems(text: string): TemplateProblem[] {
  const { actions, problems } = parseTemplate(text);
  const declared = new Set<string>();
  const open: TemplateToken[] = [];
  for (const action of actions) {
    const { tokens } = action;
    const first = tokens[0];
    if (!first) {
      problems.push({ from: action.from, to: action.to, message: 'empty action: put a value in it or remove it' });
      continue;
    }
    const assignment = tokens.findIndex((t) => t.kind === 'punctuation' && (t.text === ':=' || t.text === '='));
    tokens.forEach((token, i) => {
      const previous = tokens[i - 1];
      // `$labels.x`, `.Labels.x`, `(…).x`: a field of something other than dot.
      const chained = previous?.to === token.from && (previous.kind !== 'punctuation' || previous.text === ')');
      if (token.kind === 'variable') {
        if (i < assignment) declared.add(token.text);
        else if (!knownVariables.has(token.text) && !declared.has(token.text)) {
          problems.push({
            from: token.from,
            to: token.to,
            message: `unknown variable ${code(token.text)}: alert templates have $labels, $value, $externalLabels and $externalURL`,
          });
        }
      } else if (token.kind === 'identifier' && !knownIdentifiers.has(token.text)) {
        problems.push({
          from: token.from,
          to: token.to,
          message: `unknown function ${code(token.text)}: use a Go template builtin or a Prometheus template function (humanize, printf, …)`,
        });
      } else if (token.kind === 'field' && !chained && !insideDotChanging(open) && token.text !== '.' && !knownFields.has(token.text)) {
        problems.push({
          from: token.from,
          to: token.to,
          message: `unknown field ${code(token.text)}: alert templates have .Labels, .Value, .ExternalLabels and .ExternalURL`,
        });
      }
    });
    if (first.kind !== 'identifier') continue;
    if (blockOpeners.has(first.text)) open.push(first);
    else if (first.text === 'end' && !open.pop()) {
      problems.push({ from: first.from, to: first.to, message: `${code('end')} without an open if/range/with: remove it` });
    } else if (first.text === 'else' && open.length === 0) {
      problems.push({ from: first.from, to: first.to, message: `${code('else')} outside if/range/with: remove it` });
    }
  }
  for (const token of open) {
    problems.push({ from: token.from, to: token.to, message: `${code(token.text)} is never closed: add {{ end }}` });
  }
  return problems.sort((a, b) => a.from - b.from);
}

/** Inside range and with, dot is the element, so its fields cannot be checked. */
function insideDotChanging(open: TemplateToken[]): boolean {
  return open.some((t) => t.text === 'range' || t.text === 'with');
}

export interface LabelReference extends Span {
  label: string;
}

/** `{{ $labels.x }}`, `{{ .Labels.x }}` and `{{ index $labels "x" }}` in a template. */
export function labelReferences(text: string): LabelReference[] {
  const references: LabelReference[] = [];
  for (const { tokens } of parseTemplate(text).actions) {
    tokens.forEach((token, i) => {
      const next = tokens[i + 1];
      const isLabels = (token.kind === 'variable' && token.text === '$labels') || (token.kind === 'field' && token.text === '.Labels');
      if (!isLabels || !next) return;
      if (next.kind === 'field' && next.from === token.to && next.text.length > 1) {
        references.push({ from: token.from, to: next.to, label: next.text.slice(1) });
      } else if (tokens[i - 1]?.text === 'index' && next.kind === 'string') {
        references.push({ from: token.from, to: next.to, label: next.text.slice(1, -1) });
      }
    });
  }
  return references;
}

/** The template texts of an alert: summary, description and label values, with their JSON paths. */
function alertTemplates(ctx: LintContext) {
  return ctx.alerts.flatMap(({ alert, item, path }) => [
    { item, path: `${path}.summary`, text: alert.summary },
    { item, path: `${path}.description`, text: alert.description },
    ...Object.entries(alert.labels ?? {}).map(([name, value]) => ({ item, path: `${path}.labels.${name}`, text: value ?? '' })),
  ]);
}

const templateSyntax: LintRule = {
  id: 'template/syntax',
  check: (ctx) =>
    alertTemplates(ctx).flatMap(({ item, path, text }): Finding[] =>
      templateProblems(text).map((problem) =>
        ctx.finding({
          rule: 'template/syntax',
          severity: 'error',
          item,
          path,
          range: { from: problem.from, to: problem.to },
          message: `Go template: ${problem.message}.`,
        }),
      ),
    ),
};

export const templateRules: LintRule[] = [templateSyntax];
