// Prometheus scrape_configs (or Sysdig agent jobs, the same shape) → scrape job intents. The intent is read off
// the input's relabel steps (the container and port kept, the path, the pod metadata copied, a metric keep-list),
// then proven: the intent's derived pipeline and the input's run on the same generated pod targets, and every
// target they treat differently is reported.
import type { Metric, ScrapeJob } from '../model/index.js';
import { keptMetrics, type RelabelConfig, relabelConfigs, type ScrapeFlavour } from '../analysis/relabel/engine.js';
import { type LabelSet, relabel } from '../analysis/relabel/simulate.js';
import { InputError, isRecord, parseYamlInput, type SourceText } from './input.js';
import type { ImportReportLine } from './report.js';
import { groupId } from './rules.js';

const podMeta: Record<NonNullable<ScrapeJob['copyPodMetadata']>[number], string> = {
  uid: '__meta_kubernetes_pod_uid',
  name: '__meta_kubernetes_pod_name',
  namespace: '__meta_kubernetes_namespace',
  container_name: '__meta_kubernetes_pod_container_name',
  node_name: '__meta_kubernetes_pod_node_name',
};
const literal = /^[A-Za-z0-9._-]+$/;

/** `(a|b)` or `a|b` as its literal alternatives, or undefined when the regex is anything else. */
function alternatives(regex: string | undefined): string[] | undefined {
  if (!regex) return undefined;
  const inner = /^\((.*)\)\??$/.exec(regex)?.[1] ?? regex;
  const names = inner.split('|');
  return names.every((name) => literal.test(name)) ? names : undefined;
}

const reads = (step: RelabelConfig, label: string) => step.source_labels?.length === 1 && step.source_labels[0] === label;

/** The intent a job's relabel steps say, and what had to be guessed. */
function intentOf(config: Record<string, unknown>, id: string): { job: ScrapeJob; guessed: string[] } {
  const steps = (Array.isArray(config.relabel_configs) ? config.relabel_configs : []) as RelabelConfig[];
  const guessed: string[] = [];
  const keep = (label: string) => steps.find((s) => (s.action ?? 'replace') === 'keep' && reads(s, label));
  const containers = alternatives(keep('__meta_kubernetes_pod_container_name')?.regex);
  if (!containers) guessed.push(`containers [${id}] (no keep step on the container name)`);
  const portText =
    alternatives(keep('__meta_kubernetes_pod_container_port_number')?.regex)?.[0] ??
    steps.flatMap((s) => (s.target_label === '__address__' ? [/:(\d+)$/.exec(s.replacement ?? '')?.[1]] : [])).find(Boolean);
  if (!portText) guessed.push('port 9100 (no port in the relabel steps)');
  const copied = (Object.entries(podMeta) as [keyof typeof podMeta, string][])
    .filter(([, meta]) =>
      steps.some((s) => (s.action ?? 'replace') === 'replace' && reads(s, meta) && s.target_label && !s.target_label.startsWith('__')),
    )
    .map(([field]) => field);
  const metricSteps = (Array.isArray(config.metric_relabel_configs) ? config.metric_relabel_configs : []) as RelabelConfig[];
  const keepsNames = metricSteps.some((s) => s.action === 'keep' && reads(s, '__name__'));
  return {
    job: {
      id,
      description: `Imported from the scrape job ${String(config.job_name)}.`,
      containers: (containers ?? [id]) as [string, ...string[]],
      integrationType: id,
      port: Number(portText ?? 9100),
      ...(typeof config.metrics_path === 'string' && config.metrics_path !== '/metrics' ? { path: config.metrics_path } : {}),
      ...(typeof config.scrape_interval === 'string' ? { scrapeInterval: config.scrape_interval } : {}),
      ...(copied.length ? { copyPodMetadata: copied } : {}),
      keepMetrics: keepsNames ? 'catalog' : 'all',
    },
    guessed,
  };
}

/** Pod targets as Kubernetes discovery gives them: the job's containers and another, its port and another, … */
function generatedTargets(job: ScrapeJob, jobName: string, metricsPath: string): LabelSet[] {
  const targets: LabelSet[] = [];
  for (const container of [...job.containers, 'unrelated-container']) {
    for (const port of [job.port, 1234]) {
      for (const phase of ['Running', 'Pending']) {
        for (const ip of ['10.0.0.5', 'fd00::5']) {
          for (const annotations of [{}, { __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'false' }] as LabelSet[]) {
            targets.push({
              job: jobName,
              __address__: ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`,
              __scheme__: 'http',
              __metrics_path__: metricsPath,
              __meta_kubernetes_pod_container_name: container,
              __meta_kubernetes_pod_container_port_number: String(port),
              __meta_kubernetes_pod_phase: phase,
              __meta_kubernetes_pod_ip: ip,
              __meta_kubernetes_pod_host_ip: '__HOSTIPS__',
              __meta_kubernetes_pod_name: 'pod-1',
              __meta_kubernetes_namespace: 'ns-1',
              __meta_kubernetes_pod_uid: 'uid-1',
              __meta_kubernetes_pod_node_name: 'node-1',
              ...annotations,
            });
          }
        }
      }
    }
  }
  return targets;
}

/** What a scrape of the target keeps: its labels after relabeling, without the discovery ones. */
function scraped(labels: LabelSet | undefined): string {
  if (!labels) return 'dropped';
  const shown = Object.entries(labels).filter(
    ([name]) => !name.startsWith('__') || ['__address__', '__metrics_path__', '__scheme__'].includes(name),
  );
  return `{${shown.map(([name, value]) => `${name}="${value}"`).join(', ')}}`;
}

const shownDifferences = 3;

export interface ImportedJobs {
  jobs: ScrapeJob[];
  /** The series names each job's metric_relabel_configs keep, by job id, when they are a list of names. */
  keepLists: Map<string, string[]>;
  report: ImportReportLine[];
}

/**
 * A job keeping its catalog's metrics against the names the input kept: what the intent would drop that the input
 * kept, and keep that the input dropped (the catalog is known only once the exposition and rules are read).
 */
export function compareKeepLists(source: string, imported: ImportedJobs, catalog: Metric[]): ImportReportLine[] {
  return imported.jobs.flatMap((job): ImportReportLine[] => {
    const input = imported.keepLists.get(job.id);
    const intent = keptMetrics(job, catalog);
    if (!input || intent === 'all') return [];
    const dropped = input.filter((name) => !intent.includes(name));
    const added = intent.filter((name) => !input.includes(name));
    if (!dropped.length && !added.length) {
      return [
        { source, where: `job ${job.id} keep-list`, outcome: 'imported', message: 'the catalog keeps exactly the series the input kept' },
      ];
    }
    const parts = [
      ...(dropped.length ? [`the input kept ${dropped.join(', ')}, which no catalog metric of the job names (the intent drops them)`] : []),
      ...(added.length ? [`the catalog keeps ${added.join(', ')}, which the input dropped`] : []),
    ];
    return [{ source, where: `job ${job.id} keep-list`, outcome: 'approximated', message: parts.join('; ') }];
  });
}

export function importJobs(input: SourceText): ImportedJobs {
  const { documents } = parseYamlInput(input);
  const document = documents[0];
  const value = document?.value;
  const agent = Array.isArray(value);
  const configs = agent ? value : isRecord(value) && Array.isArray(value.scrape_configs) ? value.scrape_configs : undefined;
  if (!configs)
    throw new InputError(
      `${input.source}:${document?.line ?? 1}: not a scrape configuration: expected scrape_configs: or a list of agent jobs`,
    );
  const flavour: ScrapeFlavour = agent ? 'sysdig-agent' : 'prometheus';
  const report: ImportReportLine[] = [];
  const jobs: ScrapeJob[] = [];
  const keepLists = new Map<string, string[]>();
  for (const config of configs) {
    if (!isRecord(config) || typeof config.job_name !== 'string') throw new InputError(`${input.source}: a scrape job needs a job_name`);
    const where = `job ${config.job_name}`;
    const say = (outcome: ImportReportLine['outcome'], message: string) => report.push({ source: input.source, where, outcome, message });
    const sd = Array.isArray(config.kubernetes_sd_configs) ? config.kubernetes_sd_configs : [];
    if (!sd.some((c) => isRecord(c) && c.role === 'pod')) {
      say('not-imported', 'only Kubernetes pod discovery (kubernetes_sd_configs role: pod) has a job intent');
      continue;
    }
    const id = groupId(config.job_name);
    const { job, guessed } = intentOf(config, id);
    jobs.push(job);
    const names = (Array.isArray(config.metric_relabel_configs) ? (config.metric_relabel_configs as RelabelConfig[]) : [])
      .filter((step) => step.action === 'keep' && reads(step, '__name__'))
      .map((step) => alternatives(step.regex));
    if (names.length === 1 && names[0]) keepLists.set(id, names[0]);
    const input_ = (Array.isArray(config.relabel_configs) ? config.relabel_configs : []) as RelabelConfig[];
    const derived = relabelConfigs(job, flavour);
    const differences: string[] = [];
    let count = 0;
    for (const target of generatedTargets(
      job,
      config.job_name,
      typeof config.metrics_path === 'string' ? config.metrics_path : '/metrics',
    )) {
      let before: string;
      try {
        before = scraped(relabel(target, input_));
      } catch (error) {
        say('not-imported', `its relabel steps do not load: ${(error as Error).message}`);
        jobs.pop();
        count = -1;
        break;
      }
      const after = scraped(relabel({ ...target, job: id }, derived));
      if (before === after) continue;
      count++;
      if (differences.length < shownDifferences) {
        const pod = `container ${target.__meta_kubernetes_pod_container_name}, port ${target.__meta_kubernetes_pod_container_port_number}, ${target.__meta_kubernetes_pod_phase}, ${target.__meta_kubernetes_pod_ip}${target.__meta_kubernetes_pod_annotation_prometheus_io_scrape ? ', prometheus.io/scrape=false' : ''}`;
        differences.push(`a pod (${pod}): the input gives ${before}, the intent ${after}`);
      }
    }
    if (count < 0) continue;
    const notes = [...(id === config.job_name ? [] : [`job id ${id}`]), ...guessed.map((g) => `guessed ${g}`)];
    if (count === 0)
      say(
        notes.length ? 'approximated' : 'imported',
        `the intent's pipeline treats every generated pod target as the input does${notes.length ? `; ${notes.join('; ')}` : ''}`,
      );
    else
      say(
        'approximated',
        `the intent's pipeline differs from the input on ${count} generated pod targets, e.g. ${differences.join('; ')}${notes.length ? `; ${notes.join('; ')}` : ''}`,
      );
  }
  return { jobs, keepLists, report };
}
