// `intgen verify`: a job's catalog against what its exporter really exposes. A catalog typed by hand can name a
// label nothing exposes or a type the exporter does not use, and no offline check can see it; one captured
// exposition (or a live /metrics) can. Findings are diagnostics like lint's, located at the catalog entry.
import type { Diagnostic } from '../core/diagnostics.js';
import type { Integration, Metric, ScrapeJob } from '../model/index.js';
import type { Exposition, ExposedFamily, ExposedType } from '../analysis/exposition.js';
import { metricRelabelConfigs } from '../analysis/relabel/engine.js';
import { relabel } from '../analysis/relabel/simulate.js';
import { createContext } from '../lint/context.js';

export const verifyRules = {
  /** A line of the exposition that does not parse. */
  exposition: 'verify/exposition',
  /** A catalog metric the exposition does not have. */
  missing: 'verify/missing',
  /** The exposition's TYPE is not the catalog's. */
  type: 'verify/type',
  /** A label on the metric's samples that the catalog does not declare. */
  undeclaredLabel: 'verify/undeclared-label',
  /** A label the catalog declares that no sample carries. */
  absentLabel: 'verify/absent-label',
  /** Far more distinct values of a label than the catalog's estimate. */
  cardinality: 'verify/cardinality',
  /** Histogram bounds or summary quantiles other than the catalog's. */
  buckets: 'verify/buckets',
  /** An exposed series an alert or panel reads, which the job's keep-list drops. */
  dropped: 'verify/dropped',
} as const;

/** A label with more than this many times its estimated values makes the series estimate wrong by as much. */
const cardinalityTolerance = 2;

export interface VerifiedJob {
  integration: string;
  job: string;
  /** The file or URL the exposition came from. */
  source: string;
  findings: Diagnostic[];
  /** Exposed families the catalog does not name: kept or dropped by the job, but not described. */
  uncatalogued: string[];
}

/** The labels a type writes itself, which a catalog does not declare. */
const typeLabels: Partial<Record<Metric['type'], string>> = { histogram: 'le', summary: 'quantile' };

/** Exposed types that stand for a catalog type; an untyped family is not checked. */
const compatibleTypes: Record<Metric['type'], readonly ExposedType[]> = {
  counter: ['counter'],
  gauge: ['gauge'],
  histogram: ['histogram'],
  summary: ['summary'],
};

/** The exposed family of a catalog metric: by its name, or a counter named with `_total` by its OpenMetrics family. */
function familyOf(metric: Metric, exposition: Exposition): ExposedFamily | undefined {
  const own = exposition.families.get(metric.name);
  if (own && own.samples.length > 0) return own;
  if (metric.type === 'counter' && metric.name.endsWith('_total')) {
    const family = exposition.families.get(metric.name.slice(0, -'_total'.length));
    if (family?.type === 'counter' && family.samples.length > 0) return family;
  }
  return undefined;
}

const numbers = (values: Iterable<number>) => [...new Set(values)].sort((a, b) => a - b);
const sameNumbers = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function compareMetric(metric: Metric, family: ExposedFamily, finding: (f: Omit<Diagnostic, 'integration'>) => Diagnostic, path: string) {
  const findings: Diagnostic[] = [];
  const item = metric.name;
  if (family.type !== 'untyped' && family.type !== 'unknown' && !compatibleTypes[metric.type].includes(family.type)) {
    findings.push(
      finding({
        rule: verifyRules.type,
        severity: 'error',
        item,
        path: `${path}.type`,
        message: `the catalog says ${metric.type}, the exporter's TYPE says ${family.type}`,
        hint: `set type: '${family.type}' if the exporter is right`,
      }),
    );
  }
  const own = typeLabels[metric.type];
  const values = new Map<string, Set<string>>();
  for (const sample of family.samples) {
    for (const [label, value] of Object.entries(sample.labels)) {
      if (label === own) continue;
      if (!values.has(label)) values.set(label, new Set());
      values.get(label)!.add(value);
    }
  }
  const declared = metric.labels ?? [];
  for (const [label, seen] of values) {
    if (declared.some((l) => l.name === label)) continue;
    const examples = [...seen].slice(0, 3).map((v) => JSON.stringify(v));
    findings.push(
      finding({
        rule: verifyRules.undeclaredLabel,
        severity: 'error',
        item,
        path: `${path}.labels`,
        message: `the exporter labels it ${label} (${seen.size} value${seen.size === 1 ? '' : 's'}, e.g. ${examples.join(', ')}), which the catalog does not declare`,
        hint: `declare { name: '${label}', cardinality: ${seen.size} }`,
      }),
    );
  }
  declared.forEach((label, i) => {
    const seen = values.get(label.name);
    if (!seen) {
      findings.push(
        finding({
          rule: verifyRules.absentLabel,
          severity: 'error',
          item,
          path: `${path}.labels[${i}]`,
          message: `the catalog declares label ${label.name}, which no exposed sample carries`,
          hint: 'remove it, or fix its name',
        }),
      );
    } else if (seen.size > label.cardinality * cardinalityTolerance) {
      findings.push(
        finding({
          rule: verifyRules.cardinality,
          severity: 'warning',
          item,
          path: `${path}.labels[${i}].cardinality`,
          message: `label ${label.name} has ${seen.size} values on this target, the catalog estimates ${label.cardinality}`,
          hint: `raise the estimate to ${seen.size}, so the series estimate holds`,
        }),
      );
    }
  });
  const declaredBounds = metric.type === 'histogram' ? metric.buckets : metric.type === 'summary' ? metric.quantiles : undefined;
  if (own && declaredBounds) {
    const exposed = numbers(
      family.samples
        .filter((s) => (metric.type === 'histogram' ? s.name === `${family.name}_bucket` : s.name === family.name))
        .map((s) => Number(s.labels[own]))
        .filter((v) => Number.isFinite(v)),
    );
    const catalog = numbers(declaredBounds);
    if (exposed.length > 0 && !sameNumbers(exposed, catalog)) {
      const what = metric.type === 'histogram' ? 'bucket bounds' : 'quantiles';
      findings.push(
        finding({
          rule: verifyRules.buckets,
          severity: 'error',
          item,
          path: `${path}.${metric.type === 'histogram' ? 'buckets' : 'quantiles'}`,
          message: `the exporter's ${what} are ${exposed.join(', ')}; the catalog's are ${catalog.join(', ')}`,
          hint: `set ${metric.type === 'histogram' ? 'buckets' : 'quantiles'}: [${exposed.join(', ')}]`,
        }),
      );
    }
  }
  return findings;
}

/** Compares one job's catalog with one exposition of one of its targets. */
export function verifyJob(integration: Integration, job: ScrapeJob, exposition: Exposition, source: string): VerifiedJob {
  const ctx = createContext(integration);
  const finding = ctx.finding;
  const findings: Diagnostic[] = exposition.problems.map((problem) =>
    finding({
      rule: verifyRules.exposition,
      severity: 'error',
      item: job.id,
      path: '',
      message: `${source} line ${problem.line}: ${problem.message}`,
    }),
  );
  const catalogued = new Set<string>();
  integration.metrics.forEach((metric, i) => {
    if (metric.job !== job.id) return;
    const path = `metrics[${i}]`;
    const family = familyOf(metric, exposition);
    if (!family) {
      findings.push(
        finding({
          rule: verifyRules.missing,
          severity: 'error',
          item: metric.name,
          path,
          message: `the catalog's ${metric.type} ${metric.name} is not in ${source}`,
          hint: 'fix its name, or remove it if this version of the software no longer has it',
        }),
      );
      return;
    }
    catalogued.add(family.name);
    findings.push(...compareMetric(metric, family, finding, path));
  });
  // What alerts, rules and panels read, which this target exposes but the job's keep-list would drop.
  const used = new Set(ctx.metricUses.map((use) => use.name));
  const pipeline = metricRelabelConfigs(job, integration.metrics);
  const reported = new Set<string>();
  for (const family of exposition.families.values()) {
    for (const sample of family.samples) {
      if (reported.has(sample.name) || !used.has(sample.name)) continue;
      if (relabel({ __name__: sample.name }, pipeline) !== undefined) continue;
      reported.add(sample.name);
      const use = ctx.metricUses.find((u) => u.name === sample.name)!;
      findings.push(
        finding({
          rule: verifyRules.dropped,
          severity: 'error',
          item: use.item,
          path: use.path,
          message: `${sample.name} is exposed and read here, but job ${job.id}'s keep-list drops it`,
          hint: 'add its metric to the catalog under this job',
        }),
      );
    }
  }
  const uncatalogued = [...exposition.families.values()].filter((f) => f.samples.length > 0 && !catalogued.has(f.name)).map((f) => f.name);
  return { integration: integration.id, job: job.id, source, findings, uncatalogued };
}
