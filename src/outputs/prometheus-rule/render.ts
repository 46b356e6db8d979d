// <id>/prometheus/prometheusrule.yaml: the integration's rule groups as a Prometheus Operator PrometheusRule,
// for clusters where the operator (e.g. kube-prometheus-stack) loads rules from custom resources.
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { integrationFiles } from '../paths.js';
import { resourceMetadata } from '../kubernetes.js';
import { toYaml } from '../../serialize/yaml.js';
import { ruleGroups } from '../prometheus-rules/groups.js';
import type { Renderer } from '../../core/types.js';

/**
 * spec.groups holds the same groups as rules.yaml. The resource is typed by the operator's published models;
 * the tests validate it against the CRD's OpenAPI schema. (Validating with the models at build time cost a
 * tenth of a second of start-up per run, for data whose only free parts, labels and namespace, the build
 * config schema already checks.)
 */
export const renderPrometheusOperatorRule: Renderer = ({ integration, config, sourceModule }) => {
  const groups = ruleGroups(integration);
  if (groups.length === 0) return [];
  const options = config.prometheusRule ?? {};
  const resource: IPrometheusRule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    // A Prometheus's ruleSelector usually needs a label of its own: the build config adds it.
    metadata: resourceMetadata(`${integration.id}-rules`, integration.id, options),
    spec: { groups },
  };
  return [{ path: integrationFiles(integration.id).prometheusRule, content: toYaml(resource, sourceModule) }];
};
