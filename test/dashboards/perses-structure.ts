// A checker of the structure Perses documents for a dashboard, since Perses publishes no JSON Schema: the API's
// Dashboard resource (kind, metadata.name and project), the operator's PersesDashboard (apiVersion, kind, the
// dashboard spec under spec.config), and what neither type can say: every grid item's $ref names a panel, every
// panel is placed once, items stay inside the 24 columns without overlapping, each query is a
// PrometheusTimeSeriesQuery, each variable a PrometheusLabelValuesVariable list, and every `$var` a query or
// matcher names is a dashboard variable or one Perses defines itself.

/** Perses' resource names (its model's name check). */
const persesName = /^[a-zA-Z0-9_.-]+$/;
/** Kubernetes object names: an RFC 1123 subdomain. */
const kubernetesName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const duration = /^(\d+(ms|s|m|h|d|w|y))+$/;
const gridColumns = 24;
const panelPlugins = new Set(['TimeSeriesChart', 'StatChart', 'Table', 'Markdown']);
/** Built-in variables: the dashboard's own, and those of the Prometheus plugin. */
const builtinVariables = new Set([
  '__dashboard',
  '__project',
  '__from',
  '__to',
  '__range',
  '__range_s',
  '__range_ms',
  '__interval',
  '__interval_ms',
  '__rate_interval',
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Problems of a dashboard as Perses' API and percli take it; empty when it has the documented structure. */
export function persesDashboardProblems(dashboard: unknown): string[] {
  if (!isObject(dashboard)) return ['not an object'];
  const problems: string[] = [];
  if (dashboard.kind !== 'Dashboard') problems.push(`kind is ${String(dashboard.kind)}, not Dashboard`);
  const metadata = isObject(dashboard.metadata) ? dashboard.metadata : {};
  for (const field of ['name', 'project'])
    if (typeof metadata[field] !== 'string' || !persesName.test(metadata[field]))
      problems.push(`metadata.${field} ${JSON.stringify(metadata[field])} is not a Perses name`);
  return [...problems, ...persesSpecProblems(dashboard.spec, 'spec')];
}

/** Problems of a perses-operator PersesDashboard (v1alpha2): the dashboard spec sits under spec.config. */
export function persesDashboardResourceProblems(resource: unknown): string[] {
  if (!isObject(resource)) return ['not an object'];
  const problems: string[] = [];
  if (resource.apiVersion !== 'perses.dev/v1alpha2') problems.push(`apiVersion is ${String(resource.apiVersion)}`);
  if (resource.kind !== 'PersesDashboard') problems.push(`kind is ${String(resource.kind)}`);
  const name = isObject(resource.metadata) ? resource.metadata.name : undefined;
  if (typeof name !== 'string' || !kubernetesName.test(name))
    problems.push(`metadata.name ${JSON.stringify(name)} is not a Kubernetes name`);
  const spec = isObject(resource.spec) ? resource.spec : {};
  return [...problems, ...persesSpecProblems(spec.config, 'spec.config')];
}

function persesSpecProblems(spec: unknown, at: string): string[] {
  if (!isObject(spec)) return [`${at} is not an object`];
  const problems: string[] = [];
  if (typeof spec.duration !== 'string' || !duration.test(spec.duration)) problems.push(`${at}.duration is not a duration`);
  const panels = isObject(spec.panels) ? spec.panels : {};
  if (!isObject(spec.panels)) problems.push(`${at}.panels is not an object`);
  if (!Array.isArray(spec.layouts)) problems.push(`${at}.layouts is not a list`);

  const variables = asArray(spec.variables);
  const defined = new Set<string>();
  variables.forEach((variable, index) => {
    const where = `${at}.variables[${index}]`;
    const vspec = isObject(variable) && isObject(variable.spec) ? variable.spec : {};
    const plugin = isObject(vspec.plugin) ? vspec.plugin : {};
    if (!isObject(variable) || variable.kind !== 'ListVariable') problems.push(`${where} is not a ListVariable`);
    if (typeof vspec.name !== 'string' || vspec.name === '') problems.push(`${where} has no name`);
    else if (defined.has(vspec.name)) problems.push(`${where} repeats the name ${vspec.name}`);
    else defined.add(vspec.name);
    if (plugin.kind !== 'PrometheusLabelValuesVariable') problems.push(`${where} plugin is ${String(plugin.kind)}`);
    const pspec = isObject(plugin.spec) ? plugin.spec : {};
    if (typeof pspec.labelName !== 'string' || pspec.labelName === '') problems.push(`${where} has no labelName`);
  });
  const references = (text: string, where: string) => {
    for (const [, name] of text.matchAll(/\$\{?(\w+)/g))
      if (!defined.has(name!) && !builtinVariables.has(name!)) problems.push(`${where} names $${name}, which is not defined`);
  };
  variables.forEach((variable, index) => {
    const plugin = isObject(variable) && isObject(variable.spec) && isObject(variable.spec.plugin) ? variable.spec.plugin : {};
    const matchers = isObject(plugin.spec) ? asArray(plugin.spec.matchers) : [];
    for (const matcher of matchers) references(String(matcher), `${at}.variables[${index}] matcher`);
  });

  const placed = new Map<string, number>();
  asArray(spec.layouts).forEach((layout, l) => {
    const where = `${at}.layouts[${l}]`;
    if (!isObject(layout) || layout.kind !== 'Grid') problems.push(`${where} is not a Grid`);
    const items = isObject(layout) && isObject(layout.spec) ? asArray(layout.spec.items) : [];
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    items.forEach((item, i) => {
      const iwhere = `${where}.items[${i}]`;
      const box = isObject(item) ? item : {};
      const [x, y, width, height] = [box.x, box.y, box.width, box.height];
      if (![x, y, width, height].every((n) => Number.isInteger(n) && (n as number) >= 0)) {
        problems.push(`${iwhere} has no whole, non-negative position and size`);
        return;
      }
      const b = { x: x as number, y: y as number, width: width as number, height: height as number };
      if (b.width === 0 || b.height === 0 || b.x + b.width > gridColumns) problems.push(`${iwhere} does not fit the 24 columns`);
      if (boxes.some((o) => b.x < o.x + o.width && o.x < b.x + b.width && b.y < o.y + o.height && o.y < b.y + b.height))
        problems.push(`${iwhere} overlaps another item`);
      boxes.push(b);
      const ref = isObject(box.content) ? box.content.$ref : undefined;
      const key = typeof ref === 'string' ? /^#\/spec\/panels\/(.+)$/.exec(ref)?.[1] : undefined;
      if (key === undefined || !(key in panels)) problems.push(`${iwhere} refers to ${JSON.stringify(ref)}, which is no panel`);
      else placed.set(key, (placed.get(key) ?? 0) + 1);
    });
  });

  for (const [key, panel] of Object.entries(panels)) {
    const where = `${at}.panels.${key}`;
    if ((placed.get(key) ?? 0) !== 1) problems.push(`${where} is placed ${placed.get(key) ?? 0} times, not once`);
    const pspec = isObject(panel) && isObject(panel.spec) ? panel.spec : {};
    if (!isObject(panel) || panel.kind !== 'Panel') problems.push(`${where} is not a Panel`);
    if (!isObject(pspec.display) || typeof pspec.display.name !== 'string') problems.push(`${where} has no display name`);
    const plugin = isObject(pspec.plugin) ? pspec.plugin : {};
    if (!panelPlugins.has(String(plugin.kind))) problems.push(`${where} plugin ${String(plugin.kind)} is not a chart this renders`);
    const queries = asArray(pspec.queries);
    if (plugin.kind === 'Markdown' ? queries.length > 0 : queries.length === 0)
      problems.push(`${where} (${String(plugin.kind)}) has ${queries.length} queries`);
    queries.forEach((query, q) => {
      const qwhere = `${where}.queries[${q}]`;
      const qspec = isObject(query) && isObject(query.spec) && isObject(query.spec.plugin) ? query.spec.plugin : {};
      if (!isObject(query) || query.kind !== 'TimeSeriesQuery') problems.push(`${qwhere} is not a TimeSeriesQuery`);
      if (qspec.kind !== 'PrometheusTimeSeriesQuery') problems.push(`${qwhere} plugin is ${String(qspec.kind)}`);
      const text = isObject(qspec.spec) ? qspec.spec.query : undefined;
      if (typeof text !== 'string' || text === '') problems.push(`${qwhere} has no PromQL`);
      else references(text, qwhere);
    });
  }
  return problems;
}
