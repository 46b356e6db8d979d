// Alert labels and annotations are Go templates that Prometheus parses when it loads the rule file (promtool
// check rules rejects one that does not parse, and Prometheus refuses to load the file) and expands when the alert
// fires. This family parses each the way Prometheus does (go-template.ts) and adds what only shows when the
// alert fires: a field of the template data that does not exist, a stray `}}`.
import type { Span } from '../../analysis/promql/parse.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { code, type LintContext, type LintRule } from '../context.js';
import { parseGoTemplate, type ParsedTemplate, type TemplateScope } from '../../analysis/go-template.js';

export interface TemplateProblem extends Span {
  message: string;
}

/** What Prometheus declares before every alert template: {{$labels := .Labels}} and so on. */
const alertVariables = ['$labels', '$externalLabels', '$externalURL', '$value'];
const knownFields = new Set(['.Labels', '.Value', '.ExternalLabels', '.ExternalURL']);

/** Prometheus's template functions (template.go) as of 2.42, and Go's builtins. */
const prometheusFunctions = [
  'humanize',
  'humanize1024',
  'humanizeDuration',
  'humanizePercentage',
  'humanizeTimestamp',
  'query',
  'first',
  'label',
  'value',
  'toUpper',
  'toLower',
  'title',
  'reReplaceAll',
  'match',
  'safeHtml',
  'stripPort',
  'args',
  'tableLink',
  'graphLink',
  'strvalue',
  'sortByLabel',
  'pathPrefix',
  'externalURL',
  'parseDuration',
  'toTime',
  'stripDomain',
];
const goBuiltins = [
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'call',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'print',
  'printf',
  'println',
  'html',
  'js',
  'urlquery',
];
const alertScope: TemplateScope = { functions: new Set([...prometheusFunctions, ...goBuiltins]), variables: alertVariables };

export const parseAlertTemplate = (text: string): ParsedTemplate => parseGoTemplate(text, alertScope);

/**
 * parseAlertTemplate, remembering each text's parse: template/syntax and alert/aggregated-label read the same
 * annotations, so a context keeps one of these (`ctx.derived(alertTemplateParser)`).
 */
export function alertTemplateParser(): (text: string) => ParsedTemplate {
  const parses = new Map<string, ParsedTemplate>();
  return (text) => {
    let parsed = parses.get(text);
    if (!parsed) parses.set(text, (parsed = parseAlertTemplate(text)));
    return parsed;
  };
}

/** Go's error, said with what to do about it. */
function describeError(text: string, parsed: ParsedTemplate): TemplateProblem | undefined {
  const error = parsed.error;
  if (!error) return undefined;
  const at = { from: error.from, to: error.to };
  if (error.unclosedAction !== undefined) {
    return { from: error.unclosedAction, to: text.length, message: `${code('{{')} is never closed: add ${code('}}')}` };
  }
  const quoted = /^(?:function|undefined variable) "(.*)"/.exec(error.message)?.[1];
  if (error.message.startsWith('function ')) {
    return {
      ...at,
      message: `unknown function ${code(quoted!)}: use a Go template builtin or a Prometheus template function (humanize, printf, …)`,
    };
  }
  if (error.message.startsWith('undefined variable')) {
    return { ...at, message: `unknown variable ${code(quoted!)}: alert templates have $labels, $value, $externalLabels and $externalURL` };
  }
  switch (error.message) {
    case 'unexpected EOF': {
      const keyword = text.slice(error.from, error.to);
      return { ...at, message: `${code(keyword)} is never closed: add {{ end }}` };
    }
    case 'unexpected {{end}}':
      return { ...at, message: `${code('end')} without an open if/range/with: remove it` };
    case 'unexpected {{else}}':
      return { ...at, message: `${code('else')} outside if/range/with: remove it` };
    case 'missing value for command': {
      const token = parsed.tokens.find((t) => t.from === error.from);
      return { from: token?.action ?? error.from, to: error.to, message: 'empty action: put a value in it or remove it' };
    }
    case 'unterminated quoted string':
      return { ...at, message: 'unterminated quoted string: close it with "' };
    case 'unterminated character constant':
      return { ...at, message: 'unterminated character constant: close it with \', or use a "string"' };
    default:
      return { ...at, message: error.message };
  }
}

/** Problems Prometheus reports when it loads the rule (the first, as it does), and those it shows when the alert fires. */
export function templateProblems(text: string, parsed = parseAlertTemplate(text)): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const error = describeError(text, parsed);
  if (error) problems.push(error);
  for (const token of parsed.tokens) {
    if (token.kind !== 'text') continue;
    for (let at = token.text.indexOf('}}'); at >= 0; at = token.text.indexOf('}}', at + 2)) {
      problems.push({ from: token.from + at, to: token.from + at + 2, message: `${code('}}')} without a matching ${code('{{')}` });
    }
  }
  for (const field of parsed.dataFields) {
    if (knownFields.has(field.text)) continue;
    problems.push({
      from: field.from,
      to: field.to,
      message: `unknown field ${code(field.text)}: alert templates have .Labels, .Value, .ExternalLabels and .ExternalURL`,
    });
  }
  return problems.sort((a, b) => a.from - b.from);
}

export interface LabelReference extends Span {
  label: string;
}

/** `{{ $labels.x }}`, `{{ .Labels.x }}` and `{{ index $labels "x" }}` in a template. */
export function labelReferences(text: string, parsed = parseAlertTemplate(text)): LabelReference[] {
  const references: LabelReference[] = [];
  const tokens = parsed.tokens.filter((t) => t.kind !== 'space');
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    const isLabels = (token.kind === 'variable' && token.text === '$labels') || (token.kind === 'field' && token.text === '.Labels');
    if (!isLabels || !next) return;
    if (next.kind === 'field' && next.from === token.to) {
      references.push({ from: token.from, to: next.to, label: next.text.slice(1) });
    } else if (tokens[i - 1]?.text === 'index' && next.kind === 'string') {
      references.push({ from: token.from, to: next.to, label: next.text.slice(1, -1) });
    }
  });
  return references;
}

/**
 * Every template of an alert's rule: its annotations (title, summary, description and the runbook URL, as
 * rules/groups.ts writes them) and label values, with their JSON paths.
 */
function alertTemplates(ctx: LintContext) {
  return ctx.alerts.flatMap(({ alert, item, path }) => [
    { item, path: `${path}.title`, text: alert.title },
    { item, path: `${path}.summary`, text: alert.summary },
    { item, path: `${path}.description`, text: alert.description },
    ...(alert.runbook === undefined ? [] : [{ item, path: `${path}.runbook`, text: alert.runbook }]),
    ...Object.entries(alert.labels ?? {}).map(([name, value]) => ({ item, path: `${path}.labels.${name}`, text: value ?? '' })),
  ]);
}

const templateSyntax: LintRule = {
  id: 'template/syntax',
  check: (ctx) => {
    const parse = ctx.derived(alertTemplateParser);
    return alertTemplates(ctx).flatMap(({ item, path, text }): Diagnostic[] =>
      templateProblems(text, parse(text)).map((problem) =>
        ctx.finding({
          rule: 'template/syntax',
          severity: 'error',
          item,
          path,
          range: { from: problem.from, to: problem.to },
          message: `Go template: ${problem.message}.`,
        }),
      ),
    );
  },
};

export const templateRules: LintRule[] = [templateSyntax];
