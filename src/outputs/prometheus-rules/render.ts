import { toYaml } from '../../serialize/yaml.js';
import { integrationFiles } from '../paths.js';
import { ruleGroups } from './groups.js';
import type { Renderer } from '../../core/types.js';

/** `<id>/prometheus/rules.yaml`: the integration's alerting and recording rules, one group per group id. */
export const renderPrometheusRules: Renderer = (ctx) => {
  const groups = ruleGroups(ctx.integration);
  if (groups.length === 0) return [];
  return [{ path: integrationFiles(ctx.integration.id).prometheusRules, content: toYaml({ groups }, ctx.sourceModule) }];
};
