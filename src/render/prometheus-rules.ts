import { toYaml } from '../output/serialize.js';
import { prometheusRuleFiles } from '../rules/files.js';
import { ruleGroups } from '../rules/groups.js';
import type { Renderer } from './types.js';

/** `<id>/prometheus/rules.yaml`: the integration's alerting and recording rules, one group per group id. */
export const renderPrometheusRules: Renderer = (ctx) => {
  const groups = ruleGroups(ctx.integration);
  if (groups.length === 0) return [];
  return [{ path: prometheusRuleFiles(ctx.integration.id).rules, content: toYaml({ groups }, ctx.sourceModule) }];
};
