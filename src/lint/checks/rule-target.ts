// Rule target checks: what the engine the rules are rendered for (the build config's ruleTarget) rejects or
// reads differently — a field its rule-file parser does not know, PromQL behind a feature flag, names it does
// not parse or does not allow. Facts per engine are in core/rule-targets.ts.
import type { Diagnostic } from '../../core/diagnostics.js';
import { boundedCache } from '../../support/bounded-cache.js';
import type { RuleField } from '../../core/rule-targets.js';
import { normalizedFloatLabels, openMetricsFloat } from '../../analysis/label-values.js';
import { code, type Expression, type LintContext, type LintRule } from '../context.js';

export const unsupportedFieldRule = 'target/unsupported-field';
export const experimentalFunctionRule = 'target/experimental-function';
export const quotedNameRule = 'target/quoted-name';
export const recordingRuleNameRule = 'target/recording-rule-name';
export const normalizedValueRule = 'target/normalized-value';

/** Every rule-file field the definition sets, where it sets it. */
function fieldsUsed(ctx: LintContext): { field: RuleField; item: string; path: string }[] {
  const used: { field: RuleField; item: string; path: string }[] = [];
  for (const located of ctx.alerts) {
    if (located.alert.keepFiringFor) used.push({ field: 'keep_firing_for', item: located.item, path: `${located.path}.keepFiringFor` });
  }
  for (const [groupId, options] of Object.entries(ctx.integration.ruleGroups ?? {})) {
    const path = `ruleGroups.${groupId}`;
    if (options?.queryOffset) used.push({ field: 'query_offset', item: groupId, path: `${path}.queryOffset` });
    if (options?.limit !== undefined) used.push({ field: 'limit', item: groupId, path: `${path}.limit` });
    if (options?.labels && Object.keys(options.labels).length > 0) used.push({ field: 'labels', item: groupId, path: `${path}.labels` });
  }
  return used;
}

const unsupportedField: LintRule = {
  id: unsupportedFieldRule,
  check: (ctx) => {
    const { id, facts } = ctx.ruleTarget;
    return fieldsUsed(ctx)
      .filter(({ field }) => !facts.fields.has(field))
      .map(({ field, item, path }) =>
        ctx.finding({
          rule: unsupportedFieldRule,
          severity: 'error',
          item,
          path,
          message: `${facts.name} does not know the rule-file field ${code(field)} and rejects the file that has it`,
          hint: `remove it, or build for a rule target that has it (ruleTarget is ${JSON.stringify(id)})`,
        }),
      );
  },
};

/** Every syntax node of the valid expressions whose type is one of `types`, with its text and its expression. */
function nodesOf(ctx: LintContext, types: ReadonlySet<string>): { e: Expression; text: string; range: { from: number; to: number } }[] {
  return ctx.expressions
    .filter((e) => e.valid)
    .flatMap((e) => {
      const found: { e: Expression; text: string; range: { from: number; to: number } }[] = [];
      e.parsed.tree.iterate({
        enter: (node) => {
          if (types.has(node.name))
            found.push({ e, text: e.parsed.expr.slice(node.from, node.to), range: { from: node.from, to: node.to } });
        },
      });
      return found;
    });
}

const experimentalFunction: LintRule = {
  id: experimentalFunctionRule,
  check: (ctx) => {
    const { facts } = ctx.ruleTarget;
    const experimental = (name: string) => facts.experimentalFunctions.has(name);
    return ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        // Function names and aggregation operators, in the order they are written.
        [
          ...e.parsed.calls.filter((call) => experimental(call.name)).map((call) => ({ text: call.name, range: call.identifier })),
          ...e.parsed.aggregations.flatMap((a) => (a.opRange && experimental(a.op) ? [{ text: a.op, range: a.opRange }] : [])),
        ]
          .sort((a, b) => a.range.from - b.range.from)
          .map(({ text, range }) =>
            ctx.finding({
              rule: experimentalFunctionRule,
              severity: 'warning',
              item: e.item,
              path: e.path,
              range: { from: range.from, to: range.to },
              message: `${code(text)} is experimental in ${facts.name}: the query fails unless the server runs with --enable-feature=promql-experimental-functions`,
              hint: 'use a stable function, or exclude this finding where the flag is on',
            }),
          ),
      );
  },
};

const quotedNameNodes = new Set(['QuotedLabelName']);

const quotedName: LintRule = {
  id: quotedNameRule,
  check: (ctx) => {
    const { facts } = ctx.ruleTarget;
    if (facts.utf8Names) return [];
    return nodesOf(ctx, quotedNameNodes).map(({ e, text, range }) =>
      ctx.finding({
        rule: quotedNameRule,
        severity: 'error',
        item: e.item,
        path: e.path,
        range,
        message: `the quoted name ${code(text)} is Prometheus 3's UTF-8 syntax, which ${facts.name} does not parse`,
        hint: 'use a name of letters, digits, _ and : unquoted, or build for prometheus-3',
      }),
    );
  },
};

/** level:metric:operations, e.g. instance:felix_ipset_errors:rate5m — three parts or more, none empty. */
const recordingRuleNaming = /^[a-zA-Z_][a-zA-Z0-9_]*(?::[a-zA-Z0-9_]+){2,}$/;

const recordingRuleName: LintRule = {
  id: recordingRuleNameRule,
  check: (ctx) => {
    const { facts } = ctx.ruleTarget;
    if (!facts.recordingRuleNaming) return [];
    return Object.entries(ctx.integration.recordingRules ?? {}).flatMap(([groupId, rules]) =>
      (rules ?? []).flatMap((rule, i) =>
        recordingRuleNaming.test(rule.record)
          ? []
          : [
              ctx.finding({
                rule: recordingRuleNameRule,
                severity: 'error',
                item: rule.record,
                path: `recordingRules.${groupId}[${i}].record`,
                message: `${facts.name} wants recording rules named level:metric:operations; ${code(rule.record)} is not`,
                hint: 'name it e.g. job:<metric>:rate5m (the labels it keeps, the metric, the operations)',
              }),
            ],
      ),
    );
  },
};

/** A label value as a float, the way Prometheus parses `le` and `quantile` (decimal, exponent, Inf, NaN); else undefined. */
function floatValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (/^[+-]?inf$/.test(lower)) return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[+-]?nan$/.test(lower)) return Number.NaN;
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(lower) ? Number(lower) : undefined;
}

/**
 * How Prometheus 3 stores a label value it normalizes, for one that reads as a float; undefined otherwise.
 * Remembered: queries match the same few bounds and quantiles over and over.
 */
const storedFloatLabel = boundedCache(64, (text: string): string | undefined => {
  const value = floatValue(text);
  return value === undefined ? undefined : openMetricsFloat(value);
});

const normalizedValue: LintRule = {
  id: normalizedValueRule,
  check: (ctx) => {
    const { facts } = ctx.ruleTarget;
    if (!facts.normalizesFloatLabels) return [];
    return ctx.expressions
      .filter((e) => e.valid)
      .flatMap((e) =>
        e.parsed.selectors.flatMap((selector) =>
          selector.matchers.flatMap((m): Diagnostic[] => {
            if (!normalizedFloatLabels.has(m.label) || (m.op !== '=' && m.op !== '!=')) return [];
            const stored = storedFloatLabel(m.value);
            if (stored === undefined || stored === m.value) return [];
            const written = code(`${m.label}${m.op}"${m.value}"`);
            return [
              ctx.finding({
                rule: normalizedValueRule,
                severity: 'error',
                item: e.item,
                path: e.path,
                range: { from: m.from, to: m.to },
                message: `${facts.name} stores ${code(`${m.label}="${stored}"`)}, so ${written} ${m.op === '=' ? 'matches nothing' : 'excludes nothing'}`,
                hint: `write ${code(`${m.label}${m.op}"${stored}"`)}`,
              }),
            ];
          }),
        ),
      );
  },
};

export const ruleTargetRules: LintRule[] = [unsupportedField, experimentalFunction, quotedName, recordingRuleName, normalizedValue];
