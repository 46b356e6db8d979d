// <id>/mimir/rules.yaml: for the mimir rule target, the rule groups as one Mimir ruler namespace, the file shape
// `mimirtool rules load` and `mimirtool rules sync` read. rules.yaml stays beside it for promtool's unit tests.
import { ruleTargetOf, ruleTargets } from '../../core/rule-targets.js';
import type { Renderer } from '../../core/types.js';
import { toYaml } from '../../serialize/yaml.js';
import { integrationFiles } from '../paths.js';
import { ruleGroups } from '../prometheus-rules/groups.js';

/** The namespace is the integration's id, so `mimirtool rules sync` over out/ replaces each integration's rules as a whole. */
export const renderMimirRules: Renderer = ({ integration, config, sourceModule }) => {
  if (!ruleTargets[ruleTargetOf(config)].namespaceFile) return [];
  const groups = ruleGroups(integration);
  if (groups.length === 0) return [];
  return [{ path: integrationFiles(integration.id).mimirRules, content: toYaml({ namespace: integration.id, groups }, sourceModule) }];
};
