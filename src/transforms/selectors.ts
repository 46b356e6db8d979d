// Scopes every expression of an integration to some series (the build config's `selectors`), the way a
// monitoring mixin's selector config does: e.g. cluster="prod" on every selector, per-cluster groupings, a
// cluster variable on every dashboard, and alert unit tests whose series live in that cluster.
import { RE2JS } from 're2js';
import {
  queriesOf,
  type Alert,
  type AlertTest,
  type BuildConfig,
  type Dashboard,
  type Integration,
  type SelectorMatcher,
  type Variable,
  type VariableScope,
} from '../model/index.js';
import { goRegexpError } from '../analysis/go-regexp.js';
import { parsePromQL, type Span } from '../analysis/promql/parse.js';
import { addMatchers, applyEdits, type Edit, type MatcherToAdd } from '../analysis/promql/rewrite.js';
import type { RenderContext } from '../core/types.js';
import { canCarry, outputLabels } from '../lint/labels.js';
import type { Diagnostic, LocatedProblem } from '../core/diagnostics.js';
import { createContext } from '../lint/context.js';

/** A label the matchers scope on, and the value the alerts' unit tests give it. */
interface ScopedLabel {
  name: string;
  example: string;
  /**
   * The label's values, when the matchers name them (`=` a value, `=~` an alternation of plain names) and as far as
   * every matcher on the label accepts them: the clusters an `absent()` is asked about one by one.
   */
  values: [string, ...string[]] | undefined;
  /** Whether the matchers pin the label to one value the way `absent()` of a selector keeps in its result. */
  pinned: boolean;
}

interface Scope {
  matchers: MatcherToAdd[];
  labels: ScopedLabel[];
}

export function scopeToSelectors(ctx: RenderContext): RenderContext {
  const configured = ctx.config.selectors?.matchers;
  if (!configured) return ctx;
  const { scope, problems } = scopeOf(configured);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return { ...ctx, integration: scopeIntegration(ctx.integration, scope) };
}

/**
 * What the JSON Schema cannot check in the build config's selectors: RE2 syntax and example values. The CLI can
 * report these with the schema's problems when it loads the config; the transform throws them.
 */
export function selectorProblems(config: BuildConfig): LocatedProblem[] {
  return config.selectors ? scopeOf(config.selectors.matchers).problems : [];
}

/** Rule id of the finding for an `absent()` that cannot be asked per value of a scoped label. */
export const absentScopeRule = 'selectors/absent';

/**
 * What scoping would do to an integration's meaning that it cannot repair: an `absent()` whose selectors get a
 * scoped label it loses, with no known values to ask about one by one (e.g. `cluster=~"prod-.*"`). Warnings, as
 * lint reports them; the build config's own problems are selectorProblems.
 */
export function selectorFindings(integration: Integration, config: BuildConfig): Diagnostic[] {
  if (!config.selectors) return [];
  const { labels } = scopeOf(config.selectors.matchers).scope;
  if (labels.every((label) => label.values !== undefined)) return [];
  return createContext(integration).expressions.flatMap(({ item, path, parsed, valid }) =>
    (valid ? absentRewrites(parsed.expr, labels) : [])
      .filter((rewrite) => rewrite.unknown.length > 0)
      .map((rewrite): Diagnostic => {
        const names = rewrite.unknown.map((label) => label.name).join(', ');
        return {
          rule: absentScopeRule,
          severity: 'warning',
          integration: integration.id,
          item,
          path,
          range: { from: rewrite.from, to: rewrite.to },
          message:
            `${rewrite.func}() loses ${names}: scoped by the selectors' matchers it fires only when no ${names} reports, ` +
            'and names none',
          hint: `give the selectors the ${names} values as a list (e.g. ${rewrite.unknown[0]!.name}=~"a|b"), so each value gets its own ${rewrite.func}()`,
        };
      }),
  );
}

/** The matchers as given, and per label the first example given or derived, checked against every matcher on that label. */
function scopeOf(configured: readonly SelectorMatcher[]): { scope: Scope; problems: LocatedProblem[] } {
  const problems: LocatedProblem[] = [];
  const indexed = configured.map((matcher, index) => ({ matcher, path: `selectors.matchers[${index}]` }));
  const usable = indexed.filter(({ matcher, path }) => {
    const error = matcher.op === '=' || matcher.op === '!=' ? undefined : goRegexpError(matcher.value);
    if (error) problems.push({ path: `${path}.value`, message: `not an RE2 regex (${error})` });
    return error === undefined;
  });
  const labels: ScopedLabel[] = [];
  for (const name of new Set(usable.map(({ matcher }) => matcher.label))) {
    const onLabel = usable.filter(({ matcher }) => matcher.label === name);
    const example = onLabel.map(({ matcher }) => exampleOf(matcher)).find((value) => value !== undefined);
    if (example === undefined) {
      const first = onLabel[0]!;
      problems.push({
        path: `${first.path}.example`,
        message:
          `required for ${name}${first.matcher.op}${JSON.stringify(first.matcher.value)}: ` +
          "a non-empty value of the label that the matcher accepts, for the alerts' unit tests",
      });
      continue;
    }
    const named = onLabel.map(({ matcher }) => valuesNamedBy(matcher)).find((values) => values !== undefined);
    const [firstValue, ...moreValues] = (named ?? []).filter((value) => onLabel.every(({ matcher }) => accepts(matcher, value)));
    labels.push({
      name,
      example,
      values: firstValue === undefined ? undefined : [firstValue, ...moreValues],
      // absent() keeps an equality matcher only when no matcher on the label follows it.
      pinned: onLabel.findIndex(({ matcher }) => matcher.op === '=') === onLabel.length - 1,
    });
    for (const { matcher, path } of onLabel) {
      if (!accepts(matcher, example)) {
        problems.push({
          path,
          message:
            `${name}${matcher.op}${JSON.stringify(matcher.value)} rejects ${JSON.stringify(example)}, ` +
            `the example value of ${name}; give an example it accepts`,
        });
      }
    }
  }
  return { scope: { matchers: configured.map(({ label, op, value }) => ({ label, op, value })), labels }, problems };
}

/** An alternation of names without regex syntax, e.g. "prod|staging". */
const plainAlternation = /^[\w:/-]+(?:\|[\w:/-]+)*$/;

function exampleOf(matcher: SelectorMatcher): string | undefined {
  return matcher.example ?? valuesNamedBy(matcher)?.[0];
}

/** The label values a matcher accepts, when it names them all. */
function valuesNamedBy(matcher: SelectorMatcher): string[] | undefined {
  if (matcher.op === '=' && matcher.value !== '') return [matcher.value];
  if (matcher.op === '=~' && plainAlternation.test(matcher.value)) return matcher.value.split('|');
  return undefined;
}

/** Prometheus's matching: regexes are anchored at both ends. */
function accepts(matcher: SelectorMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return RE2JS.matches(matcher.value, value);
    case '!~':
      return !RE2JS.matches(matcher.value, value);
  }
}

function scopeIntegration(integration: Integration, scope: Scope): Integration {
  const scoped: Integration = {
    ...integration,
    alerts: mapGroups(integration.alerts, (alert) => scopeAlert(alert, scope)),
    dashboards: integration.dashboards.map((dashboard) => scopeDashboard(dashboard, scope)),
  };
  if (integration.recordingRules) {
    scoped.recordingRules = mapGroups(integration.recordingRules, (rule) => ({ ...rule, expr: scopeExpr(rule.expr, scope) }));
  }
  return scoped;
}

function mapGroups<T>(groups: Record<string, [T, ...T[]] | undefined>, scopeItem: (item: T) => T): Record<string, [T, ...T[]] | undefined> {
  return Object.fromEntries(Object.entries(groups).map(([id, items]) => [id, items && mapNonEmpty(items, scopeItem)]));
}

/**
 * Every `absent()` is asked per value of a label it would lose, every selector gets the matchers, and every
 * aggregation and `on (…)` list keeps the scoped labels.
 */
function scopeExpr(expr: string, scope: Scope): string {
  return keepLabelsInGroupings(
    addMatchers(absentPerValue(expr, scope.labels), scope.matchers),
    scope.labels.map((label) => label.name),
  );
}

const absentFunctions = new Set(['absent', 'absent_over_time']);

/** How scoping rewrites one `absent()` call, and the labels it still loses. */
interface AbsentRewrite extends Span {
  /** The call asked per value of each label it would lose, when those values are known. */
  text: string | undefined;
  func: string;
  /** Labels it loses whose values are unknown: selectorFindings reports them. */
  unknown: ScopedLabel[];
}

/**
 * The outermost `absent(…)` and `absent_over_time(…)` calls of an expression and how to keep the scoped labels in
 * their results. absent() returns the equality matchers of a selector argument and no label at all for any other
 * (Prometheus's createLabelsForAbsentFunction), so under `cluster=~"prod|staging"` it would fire only when every
 * cluster is gone, and name none. Each value then gets its own call, `(absent(x{cluster="prod"}) or
 * absent(x{cluster="staging"}))`; one whose argument is not a selector sets the label with label_replace. Labels its
 * selectors match on already are left as written.
 */
function absentRewrites(expr: string, labels: readonly ScopedLabel[]): AbsentRewrite[] {
  const rewrites: AbsentRewrite[] = [];
  parsePromQL(expr).tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionCall') return undefined;
      const id = ref.node.getChild('FunctionIdentifier');
      const func = id ? expr.slice(id.from, id.to) : '';
      const argumentNode = ref.node.getChild('FunctionCallBody')?.getChild('Expr') ?? null;
      if (!absentFunctions.has(func) || !argumentNode) return undefined;
      const argument = expr.slice(argumentNode.from, argumentNode.to);
      const selector = argumentNode.name === 'VectorSelector' || argumentNode.name === 'MatrixSelector';
      const lacking = parsePromQL(argument).selectors;
      const lost = labels.filter(
        (label) => (!selector || !label.pinned) && lacking.some((s) => !s.matchers.some((m) => m.label === label.name)),
      );
      const known = lost.filter((label) => label.values !== undefined);
      const calls = combinations(known.map((label) => label.values!.map((value) => ({ label: label.name, value })))).map((pins) => {
        const call = `${func}(${addMatchers(
          argument,
          pins.map(({ label, value }): MatcherToAdd => ({ label, op: '=', value })),
        )})`;
        if (selector) return call;
        return pins.reduce(
          (inner, { label, value }) => `label_replace(${inner}, ${JSON.stringify(label)}, ${JSON.stringify(value)}, "", "")`,
          call,
        );
      });
      rewrites.push({
        from: ref.from,
        to: ref.to,
        func,
        text: known.length === 0 ? undefined : calls.length === 1 ? calls[0] : `(${calls.join(' or ')})`,
        unknown: lost.filter((label) => label.values === undefined),
      });
      return false;
    },
  });
  return rewrites;
}

function absentPerValue(expr: string, labels: readonly ScopedLabel[]): string {
  return applyEdits(
    expr,
    absentRewrites(expr, labels).flatMap(({ from, to, text }) => (text === undefined ? [] : [{ from, to, text }])),
  );
}

/** Every way of picking one item of each list, in order. */
function combinations<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((picked, list) => picked.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

/**
 * Keeps the labels in every aggregation's result and every binary operation's matching: they are added to each
 * `by (…)` and `on (…)` list that lacks them, and an aggregation without a modifier (`sum(x)`) gets `by (…)` of
 * them, so results stay apart per label value. Dropping the label would sum, or one-to-one match, series of
 * different clusters together. `without (…)` and `ignoring (…)` already keep every label they do not name.
 */
export function keepLabelsInGroupings(expr: string, labels: readonly string[]): string {
  const edits: Edit[] = [];
  parsePromQL(expr).tree.iterate({
    enter(ref) {
      if (ref.name === 'AggregateExpr' && !ref.node.getChild('AggregateModifier')) {
        const op = ref.node.getChild('AggregateOp');
        if (op) edits.push({ from: op.to, to: op.to, text: ` by (${labels.join(', ')})${expr[op.to] === '(' ? ' ' : ''}` });
        return undefined;
      }
      if (ref.name !== 'GroupingLabels') return undefined;
      const keyword = ref.node.prevSibling?.name;
      if (keyword !== 'By' && keyword !== 'On') return false;
      const listed = ref.node.getChildren('LabelName');
      const names = listed.map((node) => expr.slice(node.from, node.to));
      const missing = labels.filter((label) => !names.includes(label));
      if (missing.length === 0) return false;
      const last = listed.at(-1);
      // After the last label, so a trailing comma or a comment in the list stays where it is.
      edits.push(
        last
          ? { from: last.to, to: last.to, text: missing.map((label) => `, ${label}`).join('') }
          : { from: ref.from + 1, to: ref.from + 1, text: missing.join(', ') },
      );
      return false;
    },
  });
  return applyEdits(expr, edits);
}

/**
 * The cases run in every known value of a scoped label the expression keeps in its result (each value once, so
 * the cases show that the values stay apart: one cluster's series never fire or silence another's alert), and in
 * the label's example value otherwise. Input series and expected alerts get those values, unless the test gives
 * the label one. Which labels an expected alert keeps follows Prometheus's evaluation rules (lint/labels.ts:
 * every aggregation now keeps them, `absent()` its equality matchers); promtool checks the answer.
 */
function scopeAlert(alert: Alert, scope: Scope): Alert {
  const expr = scopeExpr(alert.expr, scope);
  const result = outputLabels(parsePromQL(expr));
  const kept = new Set(scope.labels.filter((label) => canCarry(result, label.name)).map((label) => label.name));
  const caseValues = scope.labels.map((label) => ({
    name: label.name,
    values: kept.has(label.name) && label.values ? label.values : [label.example],
  }));
  /** Each assignment of the case values to the labels that `given` lacks. */
  const assignments = (given: readonly string[], labels = caseValues): Record<string, string>[] =>
    combinations(
      labels.filter((label) => !given.includes(label.name)).map((label) => label.values.map((value) => [label.name, value] as const)),
    ).map((pairs) => Object.fromEntries(pairs));
  const scopeTest = (test: AlertTest): AlertTest => ({
    ...test,
    series: flatMapNonEmpty(test.series, (input) => {
      const given = parsePromQL(input.series).selectors.flatMap((selector) => selector.matchers.map((m) => m.label));
      return assignments(given).map((labels) => ({
        ...input,
        series: addMatchers(
          input.series,
          Object.entries(labels).map(([label, value]): MatcherToAdd => ({ label, op: '=', value })),
        ),
      }));
    }),
    alerts: test.alerts.flatMap((expected) =>
      assignments(
        Object.keys(expected.labels),
        caseValues.filter((label) => kept.has(label.name)),
      ).map((labels) => ({ ...expected, labels: { ...labels, ...expected.labels } })),
    ),
  });
  return { ...alert, expr, ...(alert.tests ? { tests: alert.tests.map(scopeTest) } : {}) };
}

/**
 * Each scoped label becomes a dashboard variable unless the dashboard has one (added first, as the widest filter),
 * populated from the first metric the dashboard queries. Either way the variable gets the scope: it offers only
 * the values the matchers accept, and the dashboards filter by it instead of the matchers (outputs/dashboards/).
 * Panel queries get the matchers like every expression, so the model's queries run as written, as the docs page
 * shows them. A dashboard that queries nothing is left as is.
 */
function scopeDashboard(dashboard: Dashboard, scope: Scope): Dashboard {
  const queries = dashboard.rows.flatMap((row) => row.panels.flatMap(queriesOf));
  const firstMetric = queries.flatMap((query) => parsePromQL(query.expr).selectors).find((s) => s.metric)?.metric;
  if (firstMetric === undefined) return dashboard;
  const variableScope = (label: ScopedLabel): VariableScope => {
    const [first, ...rest] = scope.matchers.filter((m) => m.label === label.name).map(({ op, value }) => ({ op, value }));
    return { matchers: [first!, ...rest], ...(label.values ? { values: label.values } : {}) };
  };
  const scopedLabel = (name: string) => scope.labels.find((label) => label.name === name);
  const added: Variable[] = scope.labels
    .filter((label) => !dashboard.variables.some((variable) => variable.name === label.name))
    .map((label) => ({ name: label.name, label: displayName(label.name), metric: firstMetric, scope: variableScope(label) }));
  const given = dashboard.variables.map((variable): Variable => {
    const label = scopedLabel(variable.name);
    return label ? { ...variable, scope: variableScope(label) } : variable;
  });
  return {
    ...dashboard,
    variables: [...added, ...given],
    rows: mapNonEmpty(dashboard.rows, (row) => ({
      ...row,
      panels: mapNonEmpty(row.panels, (panel) =>
        panel.type === 'text'
          ? panel
          : { ...panel, queries: mapNonEmpty(panel.queries, (query) => ({ ...query, expr: scopeExpr(query.expr, scope) })) },
      ),
    })),
  };
}

function flatMapNonEmpty<T>(items: [T, ...T[]], map: (item: T) => T[]): [T, ...T[]] {
  const [first, ...rest] = items.flatMap(map);
  if (first === undefined) throw new Error('flatMapNonEmpty: every item mapped to nothing');
  return [first, ...rest];
}

function mapNonEmpty<T>(items: [T, ...T[]], map: (item: T) => T): [T, ...T[]] {
  const [first, ...rest] = items;
  return [map(first), ...rest.map(map)];
}

/** `k8s_cluster_name` → "K8s cluster name". */
function displayName(label: string): string {
  const words = label.split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
