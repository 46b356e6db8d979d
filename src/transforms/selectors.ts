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
} from '../model/index.js';
import { goRegexpError } from '../analysis/go-regexp.js';
import { parsePromQL } from '../analysis/promql/parse.js';
import { addMatchers, applyEdits, type Edit, type MatcherToAdd } from '../analysis/promql/rewrite.js';
import type { RenderContext } from '../core/types.js';
import { canCarry, outputLabels } from '../lint/labels.js';
import type { LocatedProblem } from '../core/diagnostics.js';
import { variableReference } from '../core/variables.js';

/** A label the matchers scope on, and the value the alerts' unit tests give it. */
interface ScopedLabel {
  name: string;
  example: string;
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
    labels.push({ name, example });
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
  if (matcher.example !== undefined) return matcher.example;
  if (matcher.op === '=' && matcher.value !== '') return matcher.value;
  if (matcher.op === '=~' && plainAlternation.test(matcher.value)) return matcher.value.split('|')[0];
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

/** Every selector gets the matchers; every `by (…)` and `on (…)` list keeps the scoped labels. */
function scopeExpr(expr: string, scope: Scope, extraMatchers: MatcherToAdd[] = []): string {
  return keepLabelsInGroupings(
    addMatchers(expr, [...scope.matchers, ...extraMatchers]),
    scope.labels.map((label) => label.name),
  );
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
 * Input series get each scoped label's example value, so the cases still fire inside the scope. An expected
 * alert gets the labels the scoped expression keeps in its result (every aggregation now does; `absent()` keeps
 * an equality matcher), as Prometheus's evaluation rules say (lint/labels.ts); promtool checks the answer.
 */
function scopeAlert(alert: Alert, scope: Scope): Alert {
  const expr = scopeExpr(alert.expr, scope);
  const result = outputLabels(parsePromQL(expr));
  const kept = scope.labels.filter((label) => canCarry(result, label.name));
  const exampleLabels = Object.fromEntries(kept.map((label) => [label.name, label.example]));
  const exampleMatchers = scope.labels.map((label): MatcherToAdd => ({ label: label.name, op: '=', value: label.example }));
  const scopeTest = (test: AlertTest): AlertTest => ({
    ...test,
    series: mapNonEmpty(test.series, (input) => ({ ...input, series: addMatchers(input.series, exampleMatchers) })),
    alerts: test.alerts.map((expected) => ({ ...expected, labels: { ...exampleLabels, ...expected.labels } })),
  });
  return { ...alert, expr, ...(alert.tests ? { tests: alert.tests.map(scopeTest) } : {}) };
}

/**
 * Each scoped label becomes a dashboard variable unless the dashboard has one (added first, as the widest filter),
 * populated from the first metric the dashboard queries. Panel queries get the matchers and, per scoped label, the
 * `label=~"$label"` filter a dashboard product adds for its variables: the product skips selectors that already
 * match the label, as these now do. A dashboard that queries nothing is left as is.
 */
function scopeDashboard(dashboard: Dashboard, scope: Scope): Dashboard {
  const queries = dashboard.rows.flatMap((row) => row.panels.flatMap(queriesOf));
  const firstMetric = queries.flatMap((query) => parsePromQL(query.expr).selectors).find((s) => s.metric)?.metric;
  if (firstMetric === undefined) return dashboard;
  const added: Variable[] = scope.labels
    .filter((label) => !dashboard.variables.some((variable) => variable.name === label.name))
    .map((label) => ({ name: label.name, label: displayName(label.name), metric: firstMetric }));
  const variableMatchers = scope.labels.map(
    (label): MatcherToAdd => ({ label: label.name, op: '=~', value: variableReference({ name: label.name }) }),
  );
  return {
    ...dashboard,
    variables: [...added, ...dashboard.variables],
    rows: mapNonEmpty(dashboard.rows, (row) => ({
      ...row,
      panels: mapNonEmpty(row.panels, (panel) =>
        panel.type === 'text'
          ? panel
          : {
              ...panel,
              queries: mapNonEmpty(panel.queries, (query) => ({ ...query, expr: scopeExpr(query.expr, scope, variableMatchers) })),
            },
      ),
    })),
  };
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
