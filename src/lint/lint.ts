// Lint: checks of meaning that JSON Schema cannot express, run offline against the typed catalog. Each rule
// has a stable id; a module silences one rule for one item with a reasoned lintExclusions entry, and an
// exclusion that silences nothing is itself reported, so exclusions cannot outlive their reason.
import type { Integration } from '../model/index.js';
import type { Finding } from '../core/diagnostics.js';
import { alertRules } from './checks/alert.js';
import { createContext, type LintRule } from './context.js';
import { dashboardRules } from './checks/dashboard.js';
import { metricRules } from './checks/metric.js';
import { promqlRules } from './checks/promql.js';
import { relabelRules } from './checks/relabel.js';
import { templateRules } from './checks/template.js';

export interface LintResult {
  findings: Finding[];
  excluded: { finding: Finding; reason: string }[];
}

export const lintRules: readonly LintRule[] = [
  ...promqlRules,
  ...metricRules,
  ...alertRules,
  ...relabelRules,
  ...templateRules,
  ...dashboardRules,
];

const unusedExclusionRule = 'lint/unused-exclusion';

/** Every rule id, including the one that reports unused exclusions. */
export const lintRuleIds: readonly string[] = [...lintRules.map((r) => r.id), unusedExclusionRule];

export function lintIntegration(integration: Integration): LintResult {
  const ctx = createContext(integration);
  const exclusions = integration.lintExclusions ?? [];
  const used = new Set<number>();
  const findings: Finding[] = [];
  const excluded: LintResult['excluded'] = [];

  for (const finding of lintRules.flatMap((rule) => rule.check(ctx))) {
    const index = exclusions.findIndex((e) => e.rule === finding.rule && e.item === finding.item);
    const exclusion = exclusions[index];
    if (exclusion) {
      used.add(index);
      excluded.push({ finding, reason: exclusion.reason });
    } else findings.push(finding);
  }

  exclusions.forEach((exclusion, i) => {
    if (used.has(i)) return;
    const known = lintRuleIds.includes(exclusion.rule);
    findings.push(
      ctx.finding({
        rule: unusedExclusionRule,
        severity: 'warning',
        item: exclusion.item,
        path: `lintExclusions[${i}]`,
        message: known
          ? `this exclusion silences nothing: there is no ${exclusion.rule} finding for ${JSON.stringify(exclusion.item)} (any more); remove it.`
          : `no lint rule is named ${JSON.stringify(exclusion.rule)} (rules: ${lintRuleIds.join(', ')}): fix the rule id or remove the exclusion.`,
      }),
    );
  });
  return { findings, excluded };
}
