// The docs page: <id>/README.md. The page's content is built here as data (every value already escaped for
// where it lands); the Handlebars templates in templates/ only lay it out.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import { agentJobsYaml } from '../agent-jobs/jobs.js';
import { installViews, type InstallView } from './install.js';
import { alertsOf } from '../../core/counts.js';
import { renderedSeverity } from '../prometheus-rules/groups.js';
import { dashboardFile, integrationFiles, type DashboardFormat } from '../paths.js';
import { writtenDashboardFormats } from '../dashboards/formats.js';
import { estimateSeries, type JobSeriesEstimate } from '../../analysis/relabel/series-estimate.js';
import { histogramKind, type Dashboard, type DocSection, type Metric, type Row } from '../../model/index.js';
import {
  codeBlock,
  codeCell,
  inlineCode,
  lineBreak,
  tableCell,
  withoutTrailingNewlines,
  type CodeBlockView,
} from '../../serialize/markdown.js';
import { doNotEditLine } from '../../serialize/yaml.js';
import type { RenderContext, Renderer, ResolvedParam } from '../../core/types.js';
import { compiledAheadDir, templatesDir } from '../../support/own-files.js';
import { requireOwnFile } from '../../support/run-code.js';

/** Headings hold one line. */
function singleLine(text: string): string {
  return text.replace(lineBreak, ' ');
}

// ---- View model --------------------------------------------------------------------------------------------

interface DocSectionView {
  title: string;
  body: string;
  commands: { description: string; command: CodeBlockView; output: CodeBlockView | undefined }[];
}

interface DashboardView {
  title: string;
  description: string;
  files: { product: string; path: string }[];
  rows: { title: string; description: string; panels: { title: string; type: string; description: string }[] }[];
}

interface SignalView {
  title: string;
  descriptions: string[];
  panels: { title: string; description: string; queries: CodeBlockView }[];
}

export interface DocsPageView {
  doNotEdit: string;
  id: string;
  name: string;
  description: string;
  versions: string;
  exporter: string;
  parameters: { name: string; default: string; value: string; unit: string; description: string }[];
  prerequisites: DocSectionView[];
  installation: DocSectionView[];
  metricCount: number;
  series: { job: string; keeps: string; exposed: string; series: string }[];
  metrics: { name: string; type: string; unit: string; labels: string; help: string }[];
  alerts: { title: string; id: string; severity: string; description: string; for: string; expr: string }[];
  dashboards: DashboardView[];
  signals: SignalView[];
  install: InstallView[];
  agentJobs: CodeBlockView;
  notes: DocSectionView[];
}

const formatNames: Record<DashboardFormat, string> = {
  grafana: 'Grafana',
  'grafana-v2': 'Grafana v2',
  sysdig: 'Sysdig Monitor',
  perses: 'Perses',
  'perses-resource': 'PersesDashboard',
};

type Signal = NonNullable<Row['signal']>;
const signalTitles: Record<Signal, string> = { errors: 'Errors', latency: 'Latency', saturation: 'Saturation', traffic: 'Traffic' };

function docSectionView(section: DocSection): DocSectionView {
  return {
    title: singleLine(section.title),
    body: section.body,
    commands: (section.commands ?? []).map((command) => ({
      description: command.description ?? '',
      command: codeBlock(command.command, 'sh'),
      output: command.output === undefined ? undefined : codeBlock(command.output, 'text'),
    })),
  };
}

function parameterView(param: ResolvedParam): DocsPageView['parameters'][number] {
  return {
    name: codeCell(param.name),
    default: codeCell(String(param.default)),
    value: param.value === param.default ? '' : codeCell(String(param.value)),
    unit: tableCell(param.unit ?? param.type),
    description: tableCell(param.description),
  };
}

function seriesView(estimate: JobSeriesEstimate): DocsPageView['series'][number] {
  return estimate.keepMetrics === 'catalog'
    ? {
        job: codeCell(estimate.job),
        keeps: `the ${estimate.metrics} catalog metrics of this job`,
        exposed: String(estimate.exposedPerTarget),
        series: String(estimate.seriesPerTarget),
      }
    : {
        job: codeCell(estimate.job),
        keeps: 'everything the target exposes',
        exposed: 'not in the catalog',
        series: 'unbounded: the catalog does not list what this job keeps',
      };
}

function dashboardView(dashboard: Dashboard, formats: readonly DashboardFormat[]): DashboardView {
  return {
    title: singleLine(dashboard.title),
    description: dashboard.description,
    files: formats.map((format) => ({ product: formatNames[format], path: dashboardFile(format, dashboard.id) })),
    rows: dashboard.rows.map((row) => ({
      title: singleLine(row.title),
      description: row.description ?? '',
      panels: row.panels.map((panel) => ({ title: tableCell(panel.title), type: panel.type, description: tableCell(panel.description) })),
    })),
  };
}

/** The metric's own labels, one per line, each with what it holds. */
function labelsCell(metric: Metric): string {
  return (metric.labels ?? [])
    .map((label) => tableCell(`${inlineCode(label.name)}${label.description ? `: ${label.description}` : ''}`))
    .join('<br>');
}

/**
 * The query panels of every row: first the rows that watch a golden signal, grouped by signal (what to query
 * first), then each other row under its own title.
 */
function signalViews(dashboards: Dashboard[]): SignalView[] {
  const rows = dashboards.flatMap((dashboard) => dashboard.rows);
  const view = (title: string, watching: Row[]): SignalView[] => {
    const panels = watching
      .flatMap((row) => row.panels)
      .flatMap((panel) =>
        panel.type === 'text' || panel.queries.length === 0
          ? []
          : [
              {
                title: singleLine(panel.title),
                description: panel.description,
                queries: codeBlock(panel.queries.map((query) => query.expr).join('\n\n'), 'promql'),
              },
            ],
      );
    if (panels.length === 0) return [];
    return [{ title, descriptions: watching.flatMap((row) => (row.description ? [row.description] : [])), panels }];
  };
  return [
    ...(Object.keys(signalTitles) as Signal[]).flatMap((signal) =>
      view(
        signalTitles[signal],
        rows.filter((row) => row.signal === signal),
      ),
    ),
    ...rows.filter((row) => row.signal === undefined).flatMap((row) => view(singleLine(row.title), [row])),
  ];
}

export function docsPageView(ctx: RenderContext): DocsPageView {
  const { integration } = ctx;
  return {
    doNotEdit: doNotEditLine(ctx.sourceModule),
    id: integration.id,
    name: singleLine(integration.name),
    description: integration.description,
    versions: integration.versions.join(', '),
    exporter: integration.exporter,
    parameters: ctx.params.map(parameterView),
    prerequisites: integration.docs.prerequisites.map(docSectionView),
    installation: integration.docs.installation.map(docSectionView),
    metricCount: integration.metrics.length,
    series: estimateSeries(integration).map(seriesView),
    metrics: integration.metrics.map((metric) => ({
      name: codeCell(metric.name),
      // A reader queries the two histogram kinds differently (`_bucket` or the name itself), so the table says which.
      type: histogramKind(metric) === 'native' ? 'native histogram' : metric.type,
      unit: metric.unit,
      labels: labelsCell(metric),
      help: tableCell(metric.help),
    })),
    alerts: alertsOf(integration).map((alert) => ({
      title: tableCell(alert.title),
      id: codeCell(alert.id),
      severity: tableCell(renderedSeverity(alert)),
      description: tableCell(alert.description),
      for: codeCell(alert.for),
      expr: codeCell(alert.expr),
    })),
    dashboards: integration.dashboards.map((dashboard) => dashboardView(dashboard, writtenDashboardFormats(ctx.config))),
    signals: signalViews(integration.dashboards),
    install: installViews(integration, ctx.config),
    agentJobs: codeBlock(agentJobsYaml(integration), 'yaml'),
    notes: (integration.docs.notes ?? []).map(docSectionView),
  };
}

// ---- Templates ---------------------------------------------------------------------------------------------

// Values are inserted as they are: no HTML escaping, and inserted text is never parsed as a template, so
// {{ $labels.instance }} in an alert description reaches the page untouched. Strict: a view field the
// template names but the view lacks is an error, not an empty string. Only the built-in helpers: the compiled
// template then reads fields directly instead of first looking each name up as a helper.
const compileOptions: CompileOptions = { noEscape: true, strict: true, knownHelpersOnly: true };

let pageTemplate: HandlebarsTemplateDelegate<DocsPageView> | undefined;

const require = createRequire(import.meta.url);

interface TemplateSources {
  page: string;
  /** Every templates/partials/<name>.hbs as [<name>, its source], sorted. */
  partials: [string, string][];
  /** The name of the file `npm run compile` writes them compiled to: a digest of all that shapes the code. */
  file: string;
}

function templateSources(): TemplateSources {
  const partialsDir = path.join(templatesDir, 'partials');
  const partials = readdirSync(partialsDir)
    .filter((name) => name.endsWith('.hbs'))
    .sort()
    .map((file): [string, string] => [file.slice(0, -'.hbs'.length), readFileSync(path.join(partialsDir, file), 'utf8')]);
  const page = readFileSync(path.join(templatesDir, 'integration.md.hbs'), 'utf8');
  const { version } = require('handlebars/package.json') as { version: string };
  const key = createHash('sha256')
    .update(JSON.stringify([version, compileOptions, page, partials]))
    .digest('hex')
    .slice(0, 20);
  return { page, partials, file: `docs-templates-${key}.cjs` };
}

/** Handlebars without its compiler: what compiled templates run on (its own .d.ts declares nothing). */
const HandlebarsRuntime = runtime as unknown as typeof Handlebars;
type TemplateSpec = Parameters<typeof HandlebarsRuntime.template>[0];

/**
 * Compiled once per process: the page template, with every templates/partials/<name>.hbs as partial <name>.
 * `npm run compile` compiles them ahead (writeShippedDocsTemplates), so a run needs only Handlebars' runtime; a
 * template edited since is compiled here, with the full Handlebars, loaded only then.
 */
function compiledPageTemplate(): HandlebarsTemplateDelegate<DocsPageView> {
  if (pageTemplate) return pageTemplate;
  const sources = templateSources();
  const shipped = path.join(compiledAheadDir, sources.file);
  if (existsSync(shipped)) {
    const specs = requireOwnFile(shipped) as { page: TemplateSpec; partials: Record<string, TemplateSpec> };
    const handlebars = HandlebarsRuntime.create();
    for (const [name] of sources.partials) handlebars.registerPartial(name, handlebars.template(specs.partials[name]!));
    pageTemplate = handlebars.template(specs.page) as HandlebarsTemplateDelegate<DocsPageView>;
  } else {
    const handlebars = (require('handlebars') as typeof Handlebars).create();
    for (const [name, source] of sources.partials) handlebars.registerPartial(name, handlebars.compile(source, compileOptions));
    pageTemplate = handlebars.compile<DocsPageView>(sources.page, compileOptions);
  }
  return pageTemplate;
}

/** Writes the docs templates compiled as they are now beside the bundle (npm run compile). */
export function writeShippedDocsTemplates(): string {
  const sources = templateSources();
  const handlebars = require('handlebars') as typeof Handlebars;
  const spec = (source: string) => handlebars.precompile(source, compileOptions) as string;
  const partials = sources.partials.map(([name, source]) => `${JSON.stringify(name)}: ${spec(source)}`).join(',\n');
  const target = path.join(compiledAheadDir, sources.file);
  writeFileSync(target, `module.exports = {\npage: ${spec(sources.page)},\npartials: {\n${partials}\n}\n};\n`);
  return target;
}

export const renderDocsPage: Renderer = (ctx) => [
  {
    path: integrationFiles(ctx.integration.id).docs,
    content: `${withoutTrailingNewlines(compiledPageTemplate()(docsPageView(ctx)))}\n`,
  },
];
