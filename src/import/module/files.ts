// The files of an imported module, split by concern as `intgen new` writes them (index, params, jobs, metrics,
// alerts, dashboards, docs), each printed from data by printer.ts and importing only 'intgen'.
import type { Alert, Dashboard, Docs, Metric, RecordingRule, RuleGroupOptions, ScrapeJob, Unit } from '../../model/index.js';
import { call, type Code, comment, constant, file, importFrom, print, raw, type Raw, template } from './printer.js';

/** Text with references to parameters between its parts: `rate(x[`, {param: 'window'}, `]) > 0`. */
export type ParamText = (string | { param: string })[];

export interface ImportedParam {
  name: string;
  type: 'number' | 'duration';
  default: number | string;
  /** Numbers only. */
  unit?: Unit;
  description: string;
}

/** An alert whose expression and durations may read parameters. */
export type ImportedAlert = Omit<Alert, 'expr' | 'for' | 'keepFiringFor'> & { expr: ParamText; for: ParamText; keepFiringFor?: ParamText };

export interface ModuleData {
  id: string;
  name: string;
  description: string;
  versions: [string, ...string[]];
  exporter: string;
  params: ImportedParam[];
  metrics: Metric[];
  externalSeries: string[];
  alerts: Record<string, ImportedAlert[]>;
  recordingRules: Record<string, RecordingRule[]>;
  ruleGroups: Record<string, RuleGroupOptions>;
  dashboards: Dashboard[];
  jobs: [ScrapeJob, ...ScrapeJob[]];
  docs: Docs;
  /** A comment on top of index.ts: where the module came from. */
  origin: string;
}

const paramsType = (data: ModuleData) => `${pascal(data.id)}Params`;
export const pascal = (id: string) =>
  id
    .split('-')
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

/** A parameter reference in a template literal (p.name), or the text itself. */
function paramCode(text: ParamText): Code {
  return template(text.map((part): string | Raw => (typeof part === 'string' ? part : raw(`p.${part.param}`))));
}
const usesParams = (text: ParamText | undefined) => (text ?? []).some((part) => typeof part !== 'string');

function paramsFile(data: ModuleData): string {
  const specs: Record<string, Code> = {};
  for (const spec of data.params) {
    specs[spec.name] =
      spec.type === 'number'
        ? call('param.number', spec.default, spec.unit ?? 'none', spec.description)
        : call('param.duration', spec.default, spec.description);
  }
  return file([
    importFrom('intgen', [...(data.params.length ? ['param'] : []), 'type ParamValues']),
    `${comment('Thresholds and windows lifted from the imported rules: the alerts read them, and a build overrides them with --set.')}\n${constant('params', specs)}`,
    `export type ${paramsType(data)} = ParamValues<typeof params>;`,
  ]);
}

function jobsFile(data: ModuleData): string {
  return file([
    importFrom('intgen', ['type ScrapeJob']),
    data.jobs.length === 1 ? constant('job', data.jobs[0] as unknown as Code, { type: 'ScrapeJob' }) : '',
    data.jobs.length === 1
      ? 'export const jobs: [ScrapeJob, ...ScrapeJob[]] = [job];'
      : constant('jobs', data.jobs as unknown as Code, { type: '[ScrapeJob, ...ScrapeJob[]]' }),
  ]);
}

/** One catalog metric as the kit's builder call: metric.counter('name', 'help', { unit, labels }). */
function metricCall(metric: Metric): Code {
  const options: Record<string, Code> = {
    unit: metric.unit === 'count' ? undefined : metric.unit,
    labels: metric.labels as unknown as Code,
    quantiles: metric.type === 'summary' ? (metric.quantiles as unknown as Code) : undefined,
    buckets: metric.type === 'histogram' ? (metric.buckets as unknown as Code) : undefined,
  };
  const builder = metric.type === 'histogram' && metric.histogram === 'native' ? 'nativeHistogram' : metric.type;
  const hasOptions = Object.values(options).some((value) => value !== undefined);
  return call(`${jobVariable(metric.job)}.${builder}`, metric.name, metric.help, ...(hasOptions ? [options] : []));
}

/** The metricsOf() builder of one job, named after it. */
const jobVariable = (jobId: string) => `${jobId.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Metrics`;

function metricsFile(data: ModuleData): string {
  const jobIds = [...new Set(data.metrics.map((metric) => metric.job))];
  const single = data.jobs.length === 1;
  return file([
    `${importFrom('intgen', ['catalog', 'metricList', 'metricsOf'])}\n${importFrom('./jobs.js', [single ? 'job' : 'jobs'])}`,
    ...jobIds.map((id) => {
      const index = data.jobs.findIndex((job) => job.id === id);
      return constant(jobVariable(id), call('metricsOf', raw(single ? 'job.id' : `jobs[${index}].id`)), { exported: false });
    }),
    `${comment('The catalog by name, for alerts and panels: `m.<metric>`.')}\n${constant('m', call('catalog', ...data.metrics.map(metricCall)))}`,
    constant('metrics', call('metricList', raw('m'))),
  ]);
}

function alertCode(alert: ImportedAlert): Code {
  const { id, title, expr, for: forDuration, keepFiringFor, ...rest } = alert;
  return {
    id,
    title,
    expr: paramCode(expr),
    for: paramCode(forDuration),
    keepFiringFor: keepFiringFor ? paramCode(keepFiringFor) : undefined,
    ...(rest as unknown as Record<string, Code>),
  };
}

function alertsFile(data: ModuleData): string {
  const alertGroups: Record<string, Code> = {};
  for (const [group, alerts] of Object.entries(data.alerts)) alertGroups[group] = alerts.map(alertCode);
  const readsParams = Object.values(data.alerts)
    .flat()
    .some((alert) => usesParams(alert.expr) || usesParams(alert.for) || usesParams(alert.keepFiringFor));
  const parameter = `${readsParams ? 'p' : '_p'}: ${paramsType(data)}`;
  const hasRecording = Object.keys(data.recordingRules).length > 0;
  const hasGroups = Object.keys(data.ruleGroups).length > 0;
  return file([
    `${importFrom('intgen', ['type Integration'])}\n${importFrom('./params.js', [`type ${paramsType(data)}`])}`,
    `${comment('Alerts by rule group, as imported: each key becomes the Prometheus rule group `<integration>.<key>`.')}\nexport function alerts(${parameter}): Integration['alerts'] {\n  return ${print(alertGroups, '  ', 9)};\n}`,
    hasRecording ? constant('recordingRules', data.recordingRules as unknown as Code, { type: "Integration['recordingRules']" }) : '',
    hasGroups ? constant('ruleGroups', data.ruleGroups as unknown as Code, { type: "Integration['ruleGroups']" }) : '',
  ]);
}

function dashboardsFile(data: ModuleData): string {
  return file([
    importFrom('intgen', ['type Dashboard']),
    constant('dashboards', data.dashboards as unknown as Code, { type: 'Dashboard[]' }),
  ]);
}

function docsFile(data: ModuleData): string {
  return file([importFrom('intgen', ['type Docs']), constant('docs', data.docs as unknown as Code, { type: 'Docs' })]);
}

function indexFile(data: ModuleData): string {
  const hasRecording = Object.keys(data.recordingRules).length > 0;
  const hasGroups = Object.keys(data.ruleGroups).length > 0;
  const definition: Record<string, Code> = {
    id: data.id,
    name: data.name,
    description: data.description,
    versions: data.versions,
    exporter: data.exporter,
    metrics: raw('metrics'),
    externalSeries: data.externalSeries.length ? data.externalSeries : undefined,
    alerts: raw('alerts(p)'),
    recordingRules: hasRecording ? raw('recordingRules') : undefined,
    ruleGroups: hasGroups ? raw('ruleGroups') : undefined,
    dashboards: raw('dashboards'),
    jobs: raw('jobs'),
    docs: raw('docs'),
  };
  const alertNames = ['alerts', ...(hasRecording ? ['recordingRules'] : []), ...(hasGroups ? ['ruleGroups'] : [])];
  return file([
    comment(data.origin),
    [
      importFrom('intgen', ['defineIntegration']),
      importFrom('./alerts.js', alertNames),
      importFrom('./dashboards.js', ['dashboards']),
      importFrom('./docs.js', ['docs']),
      importFrom('./jobs.js', ['jobs']),
      importFrom('./metrics.js', ['metrics']),
      importFrom('./params.js', ['params']),
    ].join('\n'),
    `export default defineIntegration({\n  params,\n  define: (p) => (${print(definition, '  ', 18)}),\n});`,
  ]);
}

/** File name → TypeScript source of the module. */
export function moduleFiles(data: ModuleData): Map<string, string> {
  return new Map([
    ['index.ts', indexFile(data)],
    ['params.ts', paramsFile(data)],
    ['jobs.ts', jobsFile(data)],
    ['metrics.ts', metricsFile(data)],
    ['alerts.ts', alertsFile(data)],
    ['dashboards.ts', dashboardsFile(data)],
    ['docs.ts', docsFile(data)],
  ]);
}
