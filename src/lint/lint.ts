// Lint: checks of meaning that JSON Schema cannot express, run offline against the typed catalog. Each rule
// has a stable id; a module silences one rule for one item with a reasoned lintExclusions entry, and an
// exclusion that silences nothing is itself reported, so exclusions cannot outlive their reason.
import type { Integration, RuleTarget } from '../model/index.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { alertRules } from './checks/alert.js';
import { createContext, type LintRule } from './context.js';
import { dashboardRules } from './checks/dashboard.js';
import { histogramRules } from './checks/histogram.js';
import { metricRules } from './checks/metric.js';
import { promqlRules } from './checks/promql.js';
import { relabelRules } from './checks/relabel.js';
import { ruleTargetRules } from './checks/rule-target.js';
import { templateRules } from './checks/template.js';

/** A finding a module's lintExclusions silence, with the exclusion's reason. */
export interface ExcludedFinding {
  finding: Diagnostic;
  reason: string;
}

/** What lint found in one definition; the build cache records it as it is. */
export interface LintResult {
  findings: Diagnostic[];
  excluded: ExcludedFinding[];
}

export const lintRules: readonly LintRule[] = [
  ...promqlRules,
  ...histogramRules,
  ...metricRules,
  ...alertRules,
  ...relabelRules,
  ...templateRules,
  ...dashboardRules,
  ...ruleTargetRules,
];

const unusedExclusionRule = 'lint/unused-exclusion';

/** Every rule id, including the one that reports unused exclusions. */
export const lintRuleIds: readonly string[] = [...lintRules.map((r) => r.id), unusedExclusionRule];

/**
 * Lints one definition for the engine its rules are rendered for (the build config's ruleTarget): every rule, or
 * only the rules `only` names (then an exclusion that silences nothing is not reported: the others did not run).
 */
export function lintIntegration(
  integration: Integration,
  { ruleTarget, only }: { ruleTarget?: RuleTarget; only?: readonly string[] } = {},
): LintResult {
  const ctx = createContext(integration, ruleTarget);
  const rules = only ? lintRules.filter((rule) => only.includes(rule.id)) : lintRules;
  const exclusions = integration.lintExclusions ?? [];
  const used = new Set<number>();
  const findings: Diagnostic[] = [];
  const excluded: ExcludedFinding[] = [];

  for (const finding of rules.flatMap((rule) => rule.check(ctx))) {
    const index = exclusions.findIndex((e) => e.rule === finding.rule && e.item === finding.item);
    const exclusion = exclusions[index];
    if (exclusion) {
      used.add(index);
      excluded.push({ finding, reason: exclusion.reason });
    } else findings.push(finding);
  }

  exclusions.forEach((exclusion, i) => {
    if (used.has(i) || only) return;
    const known = lintRuleIds.includes(exclusion.rule);
    findings.push(
      ctx.finding({
        rule: unusedExclusionRule,
        severity: 'warning',
        item: exclusion.item,
        path: `lintExclusions[${i}]`,
        ...(known
          ? {
              message: `this exclusion silences nothing: there is no ${exclusion.rule} finding for ${JSON.stringify(exclusion.item)} (any more)`,
              hint: 'remove it',
            }
          : {
              message: `no lint rule is named ${JSON.stringify(exclusion.rule)} (rules: ${lintRuleIds.join(', ')})`,
              hint: 'fix the rule id or remove the exclusion',
            }),
      }),
    );
  });
  return { findings, excluded };
}
