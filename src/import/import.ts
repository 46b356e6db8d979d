// `intgen import`: the importers' results assembled into one module's data and files, with every report line.
// Integration fields no input gives (name, description, versions, exporter, the job's containers and port, the
// docs) get placeholders marked TODO, each named in the report.
import type { Dashboard, Docs, Metric, ScrapeJob } from '../model/index.js';
import { parseExposition } from '../analysis/exposition.js';
import { parsePromQL } from '../analysis/promql/parse.js';
import { UsageError } from '../core/errors.js';
import type { SourceText } from './input.js';
import { inferMetrics, metricsFromExposition, prometheusSeries } from './metrics.js';
import { moduleFiles, type ModuleData, pascal } from './module/files.js';
import { compareKeepLists, importJobs } from './jobs.js';
import type { ImportReportLine } from './report.js';
import { importRuleTests } from './rule-tests.js';
import { importRules } from './rules.js';

export interface ImportOptions {
  id: string;
  name?: string;
  description?: string;
  exporter?: string;
  versions?: string[];
  /** An exposition of the exporter (text or OpenMetrics). */
  metrics?: SourceText;
  rules: SourceText[];
  ruleTests: SourceText[];
  /** Prometheus scrape_configs or Sysdig agent jobs. */
  jobs?: SourceText;
  /** Dashboards another importer read (Grafana, Sysdig), their queries' metrics joining the catalog's checks. */
  dashboards?: { dashboards: Dashboard[]; report: ImportReportLine[] };
}

export interface ImportResult {
  data: ModuleData;
  files: Map<string, string>;
  report: ImportReportLine[];
}

const placeholders = '(placeholders)';

/** The series names a catalog metric provides to queries. */
function seriesOf(metric: Metric): string[] {
  if (metric.type === 'histogram')
    return metric.histogram === 'native' ? [metric.name] : ['_bucket', '_sum', '_count'].map((s) => metric.name + s);
  if (metric.type === 'summary') return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
  return [metric.name];
}

function dashboardExpressions(dashboards: Dashboard[]): string[] {
  return dashboards.flatMap((d) =>
    d.rows.flatMap((row) => row.panels.flatMap((panel) => ('queries' in panel ? panel.queries.map((q) => q.expr) : []))),
  );
}

const placeholderJob = (id: string): ScrapeJob => ({
  id,
  description: `TODO: what the ${id} job scrapes (imported module).`,
  containers: [id],
  integrationType: id,
  port: 9100,
  keepMetrics: 'catalog',
});

/**
 * A catalog keep-list keeps a summary's quantile series only (as Sysdig's do); where the imported queries read a
 * summary's _sum or _count, the placeholder job keeps every series instead, so the import does not turn what the
 * source reads into a dropped-series finding it did not have.
 */
function keepSummaryTotals(jobs: ScrapeJob[], metrics: Metric[], expressions: string[], report: ImportReportLine[]): void {
  const totals = new Map(
    metrics.filter((m) => m.type === 'summary').flatMap((m) => [`${m.name}_sum`, `${m.name}_count`].map((series) => [series, m.job])),
  );
  const read = new Set(
    expressions.flatMap((expr) => parsePromQL(expr).selectors.flatMap((s) => (s.metric && totals.has(s.metric) ? [s.metric] : []))),
  );
  for (const job of jobs) {
    const needed = [...read].filter((series) => totals.get(series) === job.id).sort();
    if (job.keepMetrics !== 'catalog' || needed.length === 0) continue;
    job.keepMetrics = 'all';
    report.push({
      source: placeholders,
      where: 'jobs.ts',
      outcome: 'approximated',
      message:
        `job ${job.id} keeps every series (keepMetrics: 'all'): the queries read ${needed.join(', ')}, a summary's totals, ` +
        "which a catalog keep-list leaves out (it keeps a summary's quantile series)",
    });
  }
}

export function importModule(options: ImportOptions): ImportResult {
  const { id } = options;
  const report: ImportReportLine[] = [];
  const placeholder = (where: string, message: string) => report.push({ source: placeholders, where, outcome: 'approximated', message });
  const rules = importRules(options.rules);
  report.push(...rules.report);
  report.push(...importRuleTests(options.ruleTests, rules.bySourceName));

  const imported = options.jobs ? importJobs(options.jobs) : undefined;
  report.push(...(imported?.report ?? []));
  const jobs = (imported?.jobs.length ? imported.jobs : [placeholderJob(id)]) as [ScrapeJob, ...ScrapeJob[]];
  const job = jobs[0];
  if (!imported?.jobs.length) {
    placeholder(
      'jobs.ts',
      `job ${id}: containers [${id}] and port 9100 are placeholders: set the containers and port the exporter runs on`,
    );
  }

  const dashboards = options.dashboards?.dashboards ?? [];
  report.push(...(options.dashboards?.report ?? []));
  const expressions = [...rules.expressions, ...dashboardExpressions(dashboards)];
  const recorded = new Set(Object.values(rules.recordingRules).flatMap((group) => group.map((rule) => rule.record)));

  let metrics: Metric[] = [];
  if (options.metrics) {
    const exposed = metricsFromExposition(parseExposition(options.metrics.text), options.metrics.source, job.id);
    metrics = exposed.metrics;
    report.push(...exposed.report);
    const provided = new Set(metrics.flatMap(seriesOf));
    const missing = inferMetrics(
      expressions.filter((expr) => parsePromQL(expr).selectors.some((s) => s.metric && !provided.has(s.metric))),
      new Set([...recorded, ...provided]),
      job.id,
    );
    for (const metric of missing.metrics) {
      report.push({
        source: options.metrics.source,
        where: metric.name,
        outcome: 'not-imported',
        message: `read by the imported queries but not in the exposition: added to the catalog as an inferred ${metric.type}; check the exporter exposes it`,
      });
    }
    metrics.push(...missing.metrics);
  } else {
    const inferredMetrics = inferMetrics(expressions, recorded, job.id);
    metrics = inferredMetrics.metrics;
    report.push(...inferredMetrics.report);
  }
  if (imported && jobs.length > 1) {
    // Each metric to the job whose input keep-list names one of its series; the first job's otherwise.
    const unassigned: string[] = [];
    metrics = metrics.map((metric) => {
      const owner = jobs.find((j) => seriesOf(metric).some((series) => imported.keepLists.get(j.id)?.includes(series)));
      if (!owner) unassigned.push(metric.name);
      return owner ? { ...metric, job: owner.id } : metric;
    });
    if (unassigned.length) {
      placeholder(
        'metrics.ts',
        `no input keep-list names ${unassigned.join(', ')}: they are the catalog of job ${job.id}; move those another job scrapes`,
      );
    }
  }
  if (imported && options.jobs) report.push(...compareKeepLists(options.jobs.source, imported, metrics));
  if (!imported?.jobs.length) keepSummaryTotals(jobs, metrics, expressions, report);
  const externalSeries = [
    ...new Set(
      expressions.flatMap((expr) =>
        parsePromQL(expr).selectors.flatMap((s) => (s.metric && prometheusSeries.has(s.metric) ? [s.metric] : [])),
      ),
    ),
  ].sort();
  if (metrics.length === 0) {
    throw new UsageError('nothing to import: no exposition metric and no metric read by an imported rule');
  }

  const name = options.name ?? pascal(id).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  if (!options.name) placeholder('index.ts name', `name "${name}" from the id: pass --name or edit index.ts`);
  const description = options.description ?? `TODO: what ${name} is and what this integration watches (imported module).`;
  if (!options.description) placeholder('index.ts description', 'description is a TODO: pass --description or edit index.ts');
  const versions = (options.versions?.length ? options.versions : ['TODO']) as [string, ...string[]];
  if (!options.versions?.length)
    placeholder('index.ts versions', 'versions ["TODO"]: pass --versions or list the versions the catalog was checked against');
  const exporter = options.exporter ?? 'TODO: how the metrics are exposed (built in, or which exporter to install).';
  if (!options.exporter) placeholder('index.ts exporter', 'exporter is a TODO: pass --exporter or edit index.ts');
  const docs: Docs = {
    prerequisites: [{ title: `Expose the ${name} metrics`, body: `TODO: how to make ${name} serve its metrics on port ${job.port}.` }],
    installation: [{ title: 'Enable the integration', body: 'TODO: how to install the rules, dashboards and scrape job.' }],
  };
  placeholder('docs.ts', 'prerequisites and installation are TODO placeholders');

  const sources = [
    options.metrics?.source,
    options.jobs?.source,
    ...options.rules.map((r) => r.source),
    ...options.ruleTests.map((r) => r.source),
  ].filter(Boolean);
  const data: ModuleData = {
    id,
    name,
    description,
    versions,
    exporter,
    params: rules.params,
    metrics,
    externalSeries,
    alerts: rules.alerts,
    recordingRules: rules.recordingRules,
    ruleGroups: rules.ruleGroups,
    dashboards,
    jobs,
    docs,
    origin: `The ${name} integration, imported by \`intgen import\` from ${sources.join(', ') || 'dashboards'}. Review the import report and the TODOs, then make it yours.`,
  };
  return { data, files: moduleFiles(data), report };
}
