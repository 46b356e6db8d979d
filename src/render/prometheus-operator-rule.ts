// <id>/prometheus/prometheusrule.yaml: the integration's rule groups as a Prometheus Operator PrometheusRule,
// for clusters where the operator (e.g. kube-prometheus-stack) loads rules from custom resources.
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { integrationFiles } from '../catalog/paths.js';
import { resourceMetadata } from '../output/kubernetes.js';
import { toYaml } from '../output/serialize.js';
import { ruleGroups } from '../rules/groups.js';
import type { Renderer } from './types.js';

/**
 * spec.groups holds the same groups as rules.yaml. The resource is checked against the operator's published
 * types before it is written, so a build never emits one the API server would reject.
 */
export const renderPrometheusOperatorRule: Renderer = ({ integration, config, sourceModule }) => {
  const groups = ruleGroups(integration);
  if (groups.length === 0) return [];
  const options = config.prometheusRule ?? {};
  const resource = new PrometheusRule({
    // A Prometheus's ruleSelector usually needs a label of its own: the build config adds it.
    metadata: resourceMetadata(`${integration.id}-rules`, integration.id, options),
    spec: { groups },
  });
  resource.validate();
  return [{ path: integrationFiles(integration.id).prometheusRule, content: toYaml(resource.toJSON(), sourceModule) }];
};
