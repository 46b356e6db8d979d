// The integration's Sysdig agent jobs as YAML, made once for the two outputs that hold them: agent/jobs.yaml and
// the docs page's agent configuration.
import type { Integration } from '../../model/index.js';
import { toYaml } from '../../serialize/yaml.js';
import { scrapeConfig } from '../../analysis/relabel/engine.js';

/** Each integration's job list (models are never changed once made). */
const yamlByIntegration = new WeakMap<Integration, string>();

export function agentJobsYaml(integration: Integration): string {
  let yaml = yamlByIntegration.get(integration);
  if (yaml === undefined) {
    yaml = toYaml(integration.jobs.map((job) => scrapeConfig(job, integration.metrics, 'sysdig-agent')));
    yamlByIntegration.set(integration, yaml);
  }
  return yaml;
}
