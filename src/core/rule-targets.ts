// What each rule engine accepts, in one table: the rule renderers shape their files by it and the lint reports
// what a definition asks of an engine that lacks it. Facts are from each engine's rule-file parser and docs.
import type { BuildConfig, RuleTarget } from '../model/index.js';

/** A rule-file field that not every engine reads. */
export type RuleField = 'keep_firing_for' | 'query_offset' | 'limit' | 'labels';

export interface RuleTargetFacts {
  /** How messages name the engine. */
  name: string;
  /** The Prometheus major whose PromQL and regex semantics the engine follows. */
  prometheusMajor: 2 | 3;
  /** The fields of rules and rule groups the engine's parser knows; an unknown one makes it reject the file. */
  fields: ReadonlySet<RuleField>;
  /** Mimir's ruler takes one namespace per file, the file naming it (mimirtool rules load). */
  namespaceFile: boolean;
  /** Recording rule names must read level:metric:operations (Mimir's naming convention, checked by mimirtool rules check). */
  recordingRuleNaming: boolean;
  /** Alert names must be valid metric names (vmalert validates them so). */
  alertNameIsMetricName: boolean;
  /** Metric and label names beyond the legacy character set, quoted in selectors, parse. */
  utf8Names: boolean;
  /** Functions and aggregations that parse only with --enable-feature=promql-experimental-functions. */
  experimentalFunctions: ReadonlySet<string>;
  /** Scraped `le` and `quantile` values are stored normalized (Prometheus 3: le="1" becomes le="1.0"). */
  normalizesFloatLabels: boolean;
  /** The tool that runs the alerts' unit tests. */
  testTool: 'promtool' | 'vmalert-tool';
}

/** Prometheus 3's experimental PromQL: its parser's functions marked Experimental, and the limitk / limit_ratio aggregations. */
const prometheus3Experimental = new Set([
  'double_exponential_smoothing',
  'end',
  'histogram_quantiles',
  'info',
  'limit_ratio',
  'limitk',
  'mad_over_time',
  'max_of',
  'min_of',
  'range',
  'sort_by_label',
  'sort_by_label_desc',
  'start',
  'start_timestamp',
  'step',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
]);

const allFields: ReadonlySet<RuleField> = new Set(['keep_firing_for', 'query_offset', 'limit', 'labels']);

const prometheusLike = {
  namespaceFile: false,
  recordingRuleNaming: false,
  alertNameIsMetricName: false,
  testTool: 'promtool',
} as const;

export const ruleTargets: Readonly<Record<RuleTarget, RuleTargetFacts>> = {
  'prometheus-3': {
    ...prometheusLike,
    name: 'Prometheus 3',
    prometheusMajor: 3,
    normalizesFloatLabels: true,
    fields: allFields,
    utf8Names: true,
    experimentalFunctions: prometheus3Experimental,
  },
  'prometheus-2': {
    ...prometheusLike,
    name: 'Prometheus 2',
    normalizesFloatLabels: false,
    prometheusMajor: 2,
    // Group labels came with 3.0.
    fields: new Set(['keep_firing_for', 'query_offset', 'limit']),
    utf8Names: false,
    // As in 2.55's parser.
    experimentalFunctions: new Set(['info', 'mad_over_time', 'sort_by_label', 'sort_by_label_desc']),
  },
  mimir: {
    ...prometheusLike,
    name: 'Mimir',
    // What it stores is what the scraper sent, normalized only when a Prometheus 3 scraped it.
    normalizesFloatLabels: false,
    prometheusMajor: 3,
    fields: allFields,
    namespaceFile: true,
    recordingRuleNaming: true,
    utf8Names: true,
    experimentalFunctions: prometheus3Experimental,
  },
  thanos: {
    ...prometheusLike,
    name: 'Thanos Ruler',
    // What it stores is what the scraper sent, normalized only when a Prometheus 3 scraped it.
    normalizesFloatLabels: false,
    prometheusMajor: 3,
    // Thanos reads rule groups with its own type, which has no query_offset.
    fields: new Set(['keep_firing_for', 'limit', 'labels']),
    utf8Names: true,
    experimentalFunctions: prometheus3Experimental,
  },
  vmalert: {
    name: 'vmalert',
    normalizesFloatLabels: false,
    prometheusMajor: 2,
    fields: new Set(['keep_firing_for', 'limit', 'labels']),
    namespaceFile: false,
    recordingRuleNaming: false,
    alertNameIsMetricName: true,
    utf8Names: false,
    // MetricsQL has none of Prometheus' experimental functions under these names behind a flag.
    experimentalFunctions: new Set(),
    testTool: 'vmalert-tool',
  },
};

export const defaultRuleTarget: RuleTarget = 'prometheus-3';

export const ruleTargetOf = (config: BuildConfig): RuleTarget => config.ruleTarget ?? defaultRuleTarget;
