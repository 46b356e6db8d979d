/**
 * Where an integration's Prometheus rule files go, relative to out/. The promtool tests sit next to the rule
 * file and name it relative to themselves.
 */
export function prometheusRuleFiles(integrationId: string) {
  const dir = `${integrationId}/prometheus`;
  const rulesName = 'rules.yaml';
  return { rulesName, rules: `${dir}/${rulesName}`, tests: `${dir}/rules.test.yaml` };
}
