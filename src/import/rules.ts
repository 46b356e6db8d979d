// Prometheus rule files and PrometheusRule resources → the model's alert and recording rule groups. Each group
// becomes a group id (rendered `<integration>.<id>`), each alert an Alert whose expression keeps its text; a
// literal threshold of a top-level comparison and a range window all selectors share are lifted into named
// parameters, the only rewrites that leave the rendered expression as written.
import { parser } from '@prometheus-io/lezer-promql';
import type { RecordingRule, RuleGroupOptions, Severity } from '../model/index.js';
import { parsePromQL, position } from '../analysis/promql/parse.js';
import type { ImportedAlert, ImportedParam, ParamText } from './module/files.js';
import { child, InputError, isRecord, items, type Located, parseYamlInput, type SourceText } from './input.js';
import type { ImportReportLine } from './report.js';

export interface ImportedRules {
  alerts: Record<string, ImportedAlert[]>;
  recordingRules: Record<string, RecordingRule[]>;
  ruleGroups: Record<string, RuleGroupOptions>;
  params: ImportedParam[];
  /** The imported alerts by their name in the source, for the promtool tests that name them so. */
  bySourceName: Map<string, ImportedAlert[]>;
  /** Every imported expression, for the catalog they read. */
  expressions: string[];
  report: ImportReportLine[];
}

const severities: readonly string[] = ['critical', 'warning', 'info'] satisfies Severity[];
const comparisons = new Set(['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq']);
const intgenAnnotations = new Set(['title', 'summary', 'description', 'runbook_url']);
const alertId = /^[A-Z][A-Za-z0-9]*$/;

/** A group name as a lowercase id: `Kubernetes Apps` → `kubernetes-apps`. */
export function groupId(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return id || 'rules';
}

/** An alert name as the model's CamelCase id: `node_down` → `NodeDown`. */
function camelAlertId(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const id = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return /^[A-Z]/.test(id) ? id : `Alert${id}`;
}

/** `KubePodCrashLooping` → `Kube Pod Crash Looping`. */
const titleOf = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
const lowerFirst = (id: string) => id[0]!.toLowerCase() + id.slice(1);

/** The groups of a rule file: `groups:` at the top, or the spec of PrometheusRule resources (one per document). */
function groupsOf(document: Located, lineOf: ReturnType<typeof parseYamlInput>['lineOf']): Located[] | undefined {
  if (!isRecord(document.value)) return undefined;
  if (document.value.kind === 'PrometheusRule') {
    const spec = child(document, 'spec', lineOf);
    return spec ? items(spec, 'groups', lineOf) : [];
  }
  return Array.isArray(document.value.groups) ? items(document, 'groups', lineOf) : undefined;
}

/**
 * The threshold of `<expr> <comparison> <number>` at the top of the expression, where the number is written as
 * JavaScript prints it (so the rendered text is the same): the span of the number and its value.
 */
function liftedThreshold(expr: string): { from: number; to: number; value: number } | undefined {
  const top = parser.parse(expr).topNode.firstChild;
  if (top?.name !== 'BinaryExpr') return undefined;
  const operator = top.firstChild?.nextSibling;
  if (!operator || !comparisons.has(operator.name)) return undefined;
  const right = top.lastChild;
  if (right?.name !== 'NumberDurationLiteral' || top.firstChild?.name === 'NumberDurationLiteral') return undefined;
  const text = expr.slice(right.from, right.to);
  const value = Number(text);
  if (!/^[0-9.eE+-]+$/.test(text) || !Number.isFinite(value) || String(value) !== text) return undefined;
  return { from: right.from, to: right.to, value };
}

/** The one range window every range selector of the expression uses, when there is exactly one and no subquery. */
function liftedWindow(expr: string): { spans: { from: number; to: number }[]; text: string } | undefined {
  if (/SubqueryExpr/.test(parser.parse(expr).topNode.toString())) return undefined;
  const ranges = parsePromQL(expr).selectors.flatMap((selector) => (selector.range ? [selector.range] : []));
  const windows = new Set(ranges.map((range) => range.text));
  if (windows.size !== 1) return undefined;
  const text = [...windows][0]!;
  const spans = ranges.map((range) => {
    // The span of the window text itself inside `[…]`.
    const from = expr.indexOf(text, range.from);
    return { from, to: from + text.length };
  });
  return spans.every((span) => span.from >= 0) ? { spans, text } : undefined;
}

/** The expression as text with its lifted spans replaced by parameter references. */
function withParams(expr: string, lifted: { from: number; to: number; param: string }[]): ParamText {
  const parts: ParamText = [];
  let at = 0;
  for (const span of [...lifted].sort((a, b) => a.from - b.from)) {
    if (span.from > at) parts.push(expr.slice(at, span.from));
    parts.push({ param: span.param });
    at = span.to;
  }
  if (at < expr.length) parts.push(expr.slice(at));
  return parts;
}

const stringRecord = (value: unknown): Record<string, string> | undefined =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : undefined;

export function importRules(inputs: SourceText[]): ImportedRules {
  const result: ImportedRules = {
    alerts: {},
    recordingRules: {},
    ruleGroups: {},
    params: [],
    bySourceName: new Map(),
    expressions: [],
    report: [],
  };
  const usedIds = new Set<string>();
  for (const input of inputs) {
    const { documents, lineOf } = parseYamlInput(input);
    const line = (l: number) => `line ${l}`;
    const say = (where: string, outcome: ImportReportLine['outcome'], message: string) =>
      result.report.push({ source: input.source, where, outcome, message });
    const groups = documents.flatMap((document) => {
      const found = groupsOf(document, lineOf);
      if (!found)
        throw new InputError(`${input.source}:${document.line}: not a rule file: expected \`groups:\` or a PrometheusRule resource`);
      return found;
    });
    for (const group of groups) {
      if (!isRecord(group.value) || typeof group.value.name !== 'string') {
        throw new InputError(`${input.source}:${group.line}: a rule group needs a name`);
      }
      const name = group.value.name;
      let id = groupId(name);
      while (result.ruleGroups[id] || result.alerts[id] || result.recordingRules[id]) id = `${id}-2`;
      const where = `group "${name}" (${line(group.line)})`;
      say(
        where,
        id === name ? 'imported' : 'approximated',
        `group id ${id}${id === name ? '' : ` (renamed from "${name}")`}; it renders as the group <integration>.${id}`,
      );
      const options: RuleGroupOptions = {
        ...(typeof group.value.interval === 'string' ? { interval: group.value.interval } : {}),
        ...(typeof group.value.query_offset === 'string' ? { queryOffset: group.value.query_offset } : {}),
        ...(typeof group.value.limit === 'number' ? { limit: group.value.limit } : {}),
        ...(stringRecord(group.value.labels) ? { labels: stringRecord(group.value.labels) } : {}),
      };
      result.ruleGroups[id] = options;
      for (const key of Object.keys(group.value).filter(
        (k) => !['name', 'interval', 'query_offset', 'limit', 'labels', 'rules'].includes(k),
      )) {
        say(where, 'not-imported', `group field ${key}: the model has no such rule group option`);
      }
      for (const rule of items(group, 'rules', lineOf)) {
        const ruleWhere = (label: string) => `group "${name}" ${label} (${line(rule.line)})`;
        if (!isRecord(rule.value) || (typeof rule.value.expr !== 'string' && typeof rule.value.expr !== 'number')) {
          throw new InputError(`${input.source}:${rule.line}: a rule needs an expr`);
        }
        const expr = String(rule.value.expr).trim();
        const label = typeof rule.value.alert === 'string' ? `alert "${rule.value.alert}"` : `record "${String(rule.value.record)}"`;
        const syntax = parsePromQL(expr).problems[0];
        if (syntax) {
          const at = position(expr, syntax.from);
          say(
            ruleWhere(label),
            'not-imported',
            `the expression does not parse (line ${at.line}, column ${at.column} of expr): ${syntax.message}`,
          );
          continue;
        }
        result.expressions.push(expr);
        if (typeof rule.value.record === 'string') {
          const labels = stringRecord(rule.value.labels);
          (result.recordingRules[id] ??= []).push({ record: rule.value.record, expr, ...(labels ? { labels } : {}) });
          say(ruleWhere(label), 'imported', 'recording rule');
          continue;
        }
        if (typeof rule.value.alert !== 'string')
          throw new InputError(`${input.source}:${rule.line}: a rule needs \`alert:\` or \`record:\``);
        const alert = importAlert(rule.value, expr, usedIds, result.params, (outcome, message) => say(ruleWhere(label), outcome, message));
        (result.alerts[id] ??= []).push(alert);
        const named = result.bySourceName.get(rule.value.alert) ?? [];
        result.bySourceName.set(rule.value.alert, [...named, alert]);
      }
      if (!result.alerts[id] && !result.recordingRules[id]) {
        delete result.ruleGroups[id];
        say(where, 'not-imported', 'no rule of the group was imported');
      } else if (Object.keys(options).length === 0) delete result.ruleGroups[id];
    }
  }
  return result;
}

type Say = (outcome: ImportReportLine['outcome'], message: string) => void;

function importAlert(rule: Record<string, unknown>, expr: string, usedIds: Set<string>, params: ImportedParam[], say: Say): ImportedAlert {
  const name = rule.alert as string;
  const notes: string[] = [];
  let id = alertId.test(name) ? name : camelAlertId(name);
  if (id !== name) notes.push(`alert id ${id} (the model's ids are CamelCase; the rule is named ${id})`);
  const labels = { ...stringRecord(rule.labels) };
  const sourceSeverity = labels.severity;
  let severity: Severity = 'warning';
  if (sourceSeverity !== undefined && severities.includes(sourceSeverity)) {
    severity = sourceSeverity as Severity;
    delete labels.severity;
  } else if (sourceSeverity === undefined) notes.push('it had no severity label: given severity warning');
  if (usedIds.has(id)) {
    // Prometheus allows two rules of one name (often a warning and a critical one); the model's ids are unique.
    const base = id;
    id = `${base}${severity[0]!.toUpperCase()}${severity.slice(1)}`;
    for (let n = 2; usedIds.has(id); n++) id = `${base}${n}`;
    notes.push(`another alert is named ${base}: this one is ${id}`);
  }
  usedIds.add(id);
  const annotations = stringRecord(rule.annotations) ?? {};
  const summary = annotations.summary ?? annotations.message ?? annotations.description;
  const description = annotations.description ?? annotations.message ?? annotations.summary;
  if (annotations.title === undefined) notes.push(`title annotation added: "${titleOf(id)}"`);
  if (annotations.summary === undefined)
    notes.push(summary ? 'summary annotation added from its description' : 'summary annotation added (placeholder)');
  if (annotations.description === undefined)
    notes.push(description ? 'description annotation added from its summary' : 'description annotation added (placeholder)');
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (intgenAnnotations.has(key)) continue;
    if (key === 'message' && (annotations.summary === undefined || annotations.description === undefined)) {
      notes.push('message annotation read as its summary and description');
      continue;
    }
    if (value.includes('{{') || value === '') {
      say(
        'not-imported',
        `annotation ${key}: only title, summary and description may hold templates (or be empty); move its text into the description`,
      );
      continue;
    }
    extra[key] = value;
  }
  const runbook = annotations.runbook_url;
  const runbookValid = runbook !== undefined && URL.canParse(runbook) && !runbook.includes('{{');
  if (runbook !== undefined && !runbookValid) say('not-imported', `runbook_url ${JSON.stringify(runbook)}: not a URL the model can keep`);
  for (const key of Object.keys(rule).filter((k) => !['alert', 'expr', 'for', 'keep_firing_for', 'labels', 'annotations'].includes(k))) {
    say('not-imported', `rule field ${key}: the model has no such alert field`);
  }

  const lifted: { from: number; to: number; param: string }[] = [];
  const threshold = liftedThreshold(expr);
  if (threshold) {
    const paramName = `${lowerFirst(id)}Threshold`;
    params.push({
      name: paramName,
      type: 'number',
      default: threshold.value,
      unit: 'none',
      description: `Threshold of ${id}, as imported.`,
    });
    lifted.push({ ...threshold, param: paramName });
    notes.push(`threshold ${threshold.value} is the parameter ${paramName}`);
  }
  const window = liftedWindow(expr);
  if (window) {
    const paramName = `${lowerFirst(id)}Window`;
    params.push({
      name: paramName,
      type: 'duration',
      default: window.text,
      description: `Range window of ${id}'s expression, as imported.`,
    });
    lifted.push(...window.spans.map((span) => ({ ...span, param: paramName })));
    notes.push(`window ${window.text} is the parameter ${paramName}`);
  }
  say(notes.length ? 'approximated' : 'imported', notes.length ? notes.join('; ') : 'alert');
  const keepFiringFor = typeof rule.keep_firing_for === 'string' ? rule.keep_firing_for : undefined;
  return {
    id,
    title: annotations.title ?? titleOf(id),
    expr: withParams(expr, lifted),
    for: [typeof rule.for === 'string' ? rule.for : '0s'],
    ...(keepFiringFor ? { keepFiringFor: [keepFiringFor] } : {}),
    severity,
    ...(Object.keys(labels).length ? { labels } : {}),
    summary: summary ?? `${titleOf(id)} (TODO: imported without a summary)`,
    description: description ?? `${titleOf(id)} (TODO: imported without a description)`,
    ...(runbookValid ? { runbook } : {}),
    ...(Object.keys(extra).length ? { annotations: extra } : {}),
  };
}
