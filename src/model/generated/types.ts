// Generated from schemas/ by src/model/codegen.ts — do not edit; run `npm run schema:types`.

/**
 * An id that becomes a file or folder name and a Kubernetes object name: a lowercase letter, then lowercase letters, digits or '-', ending in a letter or digit.
 */
export type LowercaseId = string;
export type PrometheusMetricName = string;
/**
 * What a value measures. Renderers translate it into each product's unit names.
 */
export type Unit =
  'none' | 'count' | 'seconds' | 'milliseconds' | 'microseconds' | 'bytes' | 'percent' | 'ratio' | 'per-second';
export type PrometheusLabelName = string;
/**
 * A stable alert name: an uppercase letter, then letters and digits.
 */
export type CamelCaseAlertId = string;
/**
 * A Prometheus duration: units y, w, d, h, m, s, ms in that order, at most 292y24w3d23h47m16s854ms (int64 nanoseconds, as Prometheus keeps it; longer is out of range).
 */
export type PrometheusDuration = string;
/* */
export type Severity = 'critical' | 'warning' | 'info';
/**
 * A non-empty value without {{, so Prometheus's template expansion leaves it as written (and a unit test expects it as written).
 */
export type StaticText = string;
/**
 * One panel of a row. Its type says what it shows, and which fields it has: a text panel shows Markdown, the others query data.
 */
export type Panel = TimeSeriesPanel | StatPanel | TablePanel | TextPanel;
/**
 * The series of its queries as lines over time.
 */
export type TimeSeriesPanel = DataPanel & {
  type: 'timeseries';
};
/**
 * One number, the latest value of its query, coloured by the thresholds.
 */
export type StatPanel = DataPanel & {
  type: 'stat';
};
/**
 * The latest value of each series of its queries, one row per series.
 */
export type TablePanel = DataPanel & {
  type: 'table';
};
/* */
export type ParamSpec =
  | {
      type: 'duration';
      default: PrometheusDuration;
      description: string;
    }
  | {
      type: 'number';
      default: number;
      description: string;
      unit: Unit;
    };
/**
 * Label to match, e.g. cluster. Not a reserved __ label.
 */
export type NonReservedLabelName = PrometheusLabelName;
/**
 * The engine that evaluates the rule files, which decides their fields, file shape, naming rules and regex semantics: prometheus-3 (the default; Prometheus 3.x), prometheus-2 (Prometheus 2.53 to 2.55), mimir (Grafana Mimir's ruler, loaded with mimirtool), thanos (Thanos Ruler), vmalert (VictoriaMetrics' vmalert). The lint reports what the target does not support.
 */
export type RuleTarget = 'prometheus-3' | 'prometheus-2' | 'mimir' | 'thanos' | 'vmalert';
/**
 * An RFC 1123 DNS label: lowercase letters, digits and '-', starting and ending alphanumeric, at most 63 characters.
 */
export type KubernetesNamespace = string;
/**
 * At most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric; or empty.
 */
export type KubernetesLabelValue = string;
/**
 * An optional DNS subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric.
 */
export type KubernetesLabelOrAnnotationKey = string;
/**
 * Which of Grafana's two dashboard models to write. classic: dashboards/grafana/<dashboard>.json, the dashboard JSON every Grafana reads (file provisioning, the import screen, the sidecar ConfigMap, which is written only with it). v2: dashboards/grafana-v2/<dashboard>.json, the dashboard.grafana.app/v2 resource (rows and grid items, elements), Grafana 13's own model, to create through its dashboard API. Both are the same dashboard, under the same uid. Default: both, so each Grafana version finds its own and neither is converted on the way in.
 *
 * @minItems 1
 */
export type GrafanaFormats = ['classic' | 'v2', ...('classic' | 'v2')[]];
/**
 * A Prometheus label name other than severity, alertname and reserved __ names.
 */
export type OverridableLabelName = PrometheusLabelName;

/**
 * One integration, with its parameters resolved: what `define(params)` of a module returns.
 */
export interface Integration {
  /**
   * Must equal the module's folder name under src/integrations/.
   */
  id: LowercaseId;
  /**
   * Display name.
   */
  name: string;
  description: string;
  /**
   * Versions of the monitored software this integration supports.
   *
   * @minItems 1
   */
  versions: [string, ...string[]];
  /**
   * How the metrics are exposed (built in, or which exporter to install).
   */
  exporter: string;
  /**
   * @minItems 1
   */
  metrics: [Metric, ...Metric[]];
  /**
   * Series used by queries that the catalog does not own (e.g. up, kube_pod_info).
   */
  externalSeries?: PrometheusMetricName[];
  /**
   * Alert groups by group id; each becomes one Prometheus rule group.
   */
  alerts: {
    /**
     * @minItems 1
     */
    [k: string]: [Alert, ...Alert[]] | undefined;
  };
  /**
   * Recording rules by group id; rendered into the rule group of the same id, before its alerts.
   */
  recordingRules?: {
    /**
     * @minItems 1
     */
    [k: string]: [RecordingRule, ...RecordingRule[]] | undefined;
  };
  /**
   * Evaluation options of rule groups, by the group id of alerts or recordingRules.
   */
  ruleGroups?: {
    [k: string]: RuleGroupOptions | undefined;
  };
  dashboards: Dashboard[];
  /**
   * @minItems 1
   */
  jobs: [ScrapeJob, ...ScrapeJob[]];
  docs: Docs;
  /**
   * Lint findings silenced for one rule and one item, each with the reason.
   */
  lintExclusions?: LintExclusion[];
}
/**
 * One metric of the catalog, as the exporter exposes it.
 */
export interface Metric {
  name: PrometheusMetricName;
  type: 'counter' | 'gauge' | 'summary' | 'histogram';
  help: string;
  unit: Unit;
  /**
   * Id of the scrape job that collects this metric; its keep-list is derived from the catalog.
   */
  job: LowercaseId;
  /**
   * The metric's own labels (not target labels), each with the number of distinct values a target typically exposes.
   */
  labels?: MetricLabel[];
  /**
   * Summary quantiles the metric exposes (summaries only).
   *
   * @minItems 1
   */
  quantiles?: [number, ...number[]];
  /**
   * Classic histogram bucket upper bounds, without +Inf (classic histograms only).
   *
   * @minItems 1
   */
  buckets?: [number, ...number[]];
  /**
   * How a histogram is exposed (histograms only; classic when absent). classic: a _bucket series per declared bound (label le), plus _sum and _count. native: one series under the metric's own name whose buckets the client chooses (Prometheus native histograms), read with histogram_quantile, histogram_sum and histogram_count; it declares no buckets.
   */
  histogram?: 'classic' | 'native';
}
/* */
export interface MetricLabel {
  name: PrometheusLabelName;
  description?: string;
  /**
   * Typical number of distinct values on one target (for the series estimate).
   */
  cardinality: number;
}
/**
 * One alerting rule. Annotations carry Prometheus (Go) templates such as {{ $labels.instance }}, passed through untouched.
 */
export interface Alert {
  id: CamelCaseAlertId;
  /**
   * Display title, e.g. "[Calico-Node] Dataplane Updates Are Failing and Retrying".
   */
  title: string;
  /**
   * PromQL expression; the alert fires for every series it returns.
   */
  expr: string;
  for: PrometheusDuration;
  /**
   * How long the alert keeps firing after its condition stops being true (keep_firing_for), so a flapping condition does not resolve and re-fire. Prometheus 2.42 and later; the lint reports it for a rule target that lacks it.
   */
  keepFiringFor?: PrometheusDuration;
  severity: Severity;
  /**
   * Labels of the rule. A severity label is the severity the rule carries in place of the severity field's (how the build config's severities remap is applied).
   */
  labels?: Labels;
  summary: string;
  description: string;
  runbook?: string;
  /**
   * Further annotations of the rule, after title, summary, description and runbook_url: static text, e.g. a dashboard link.
   */
  annotations?: {
    [k: string]: StaticText | undefined;
  };
  /**
   * promtool unit tests: at least one case where the alert fires and one where it stays quiet.
   */
  tests?: AlertTest[];
}
export interface Labels {
  [k: string]: string | undefined;
}
/* */
export interface AlertTest {
  /**
   * What the case shows, e.g. "fires when failures keep growing".
   */
  name: string;
  /**
   * Sample interval of the input series (default 1m).
   */
  interval?: PrometheusDuration;
  /**
   * @minItems 1
   */
  series: [
    {
      /**
       * Series selector, e.g. felix_ipset_errors{instance="10.0.0.1:9091"}.
       */
      series: string;
      /**
       * promtool expanding notation, e.g. "0+5x20".
       */
      values: string;
    },
    ...{
      /**
       * Series selector, e.g. felix_ipset_errors{instance="10.0.0.1:9091"}.
       */
      series: string;
      /**
       * promtool expanding notation, e.g. "0+5x20".
       */
      values: string;
    }[]
  ];
  evalTime: PrometheusDuration;
  /**
   * Alerts expected to be firing at evalTime; empty means the alert stays quiet.
   */
  alerts: ExpectedAlert[];
}
/* */
export interface ExpectedAlert {
  /**
   * Labels of the firing alert from the expression; the rule's own labels and severity are added by the renderer.
   */
  labels: Labels;
  /**
   * The rendered summary.
   */
  summary: string;
  /**
   * The rendered description.
   */
  description: string;
}
/* */
export interface RecordingRule {
  record: PrometheusMetricName;
  expr: string;
  labels?: Labels;
}
/**
 * How a rule group is evaluated. Each field is rendered only when set; the lint reports a field the build's rule target does not support.
 */
export interface RuleGroupOptions {
  /**
   * How often the group is evaluated (interval); the global evaluation_interval when unset.
   */
  interval?: PrometheusDuration;
  /**
   * How far in the past the group's queries look (query_offset), to allow for late samples (remote write). Prometheus 2.53 and later; not Thanos.
   */
  queryOffset?: PrometheusDuration;
  /**
   * At most this many alerts or series per rule of the group (limit); 0 means no limit.
   */
  limit?: number;
  /**
   * Labels added to every rule of the group (labels), a rule's own labels winning. Prometheus 3.0 and later.
   */
  labels?: Labels;
}
/**
 * A dashboard defined once and rendered to every dashboard product (Grafana, Sysdig Monitor).
 */
export interface Dashboard {
  id: LowercaseId;
  title: string;
  description: string;
  tags?: LowercaseId[];
  /**
   * Label variables; each adds label=~"$name" to every selector of a panel query whose metric carries the label (see Variable). The data source variable is always present.
   */
  variables: Variable[];
  /**
   * @minItems 1
   */
  rows: [Row, ...Row[]];
}
/**
 * A label the viewer filters the dashboard by. It filters each selector whose metric carries the label per the catalog: one of the metric's own labels, or a target label of the variable's metric's job (another job's series come from other targets). Selectors of series outside the catalog are filtered too.
 */
export interface Variable {
  /**
   * Label name, also the variable name.
   */
  name: PrometheusLabelName;
  /**
   * Display label.
   */
  label: string;
  /**
   * Metric whose label values populate the variable, chained to the variables before it that apply to the metric: label_values(metric{cluster=~"$cluster"}, instance).
   */
  metric: PrometheusMetricName;
  scope?: VariableScope;
}
/**
 * Set by the selectors transform on the variable of a scoped label. The model's queries carry the build config's matchers, so they run as written (the docs page shows them); the dashboards filter by the variable instead, which offers only the values the matchers accept (Sysdig, whose scope offers every value, beside the matchers where they name no values).
 */
export interface VariableScope {
  /**
   * The build config's matchers on the label, in order: the variable's query selects with them, and a selector's matchers equal to them give way to the variable's filter.
   *
   * @minItems 1
   */
  matchers: [ScopeMatcher, ...ScopeMatcher[]];
  /**
   * The label's values, when the matchers name them (= a value, =~ an alternation of plain names): Sysdig's scope variable, which filters on values rather than regexes, starts with them.
   *
   * @minItems 1
   */
  values?: [string, ...string[]];
}
/**
 * A matcher on the variable's label: op and value as in label op "value".
 */
export interface ScopeMatcher {
  /**
   * PromQL match operator.
   */
  op: '=' | '!=' | '=~' | '!~';
  /**
   * Label value, or for =~ and !~ an RE2 regex.
   */
  value: string;
}
/* */
export interface Row {
  title: string;
  /**
   * The golden signal the row's panels watch; the docs list their queries under it.
   */
  signal?: 'errors' | 'latency' | 'saturation' | 'traffic';
  description?: string;
  /**
   * @minItems 1
   */
  panels: [Panel, ...Panel[]];
}
/**
 * The fields of every panel that queries data; TimeSeriesPanel, StatPanel and TablePanel each narrow its type to one.
 */
export interface DataPanel {
  /**
   * Stable id, unique in the dashboard.
   */
  id: LowercaseId;
  type: 'timeseries' | 'stat' | 'table';
  title: string;
  description: string;
  unit?: Unit;
  /**
   * Columns of the 24-column grid; computed when absent.
   */
  width?: number;
  /**
   * Grid rows; a default per panel type when absent.
   */
  height?: number;
  /**
   * @minItems 1
   */
  queries: [Query, ...Query[]];
  thresholds?: Threshold[];
}
/* */
export interface Query {
  /**
   * Plain PromQL with concrete range windows, runnable as written (the docs page shows it so). Every window is fixed, kept as written on every dashboard, except the rate window.
   */
  expr: string;
  /**
   * The window of expr's rate, irate and increase calls that means "the rate now" rather than a deliberate span, e.g. 5m: the docs page shows it as written, the dashboards swap in each product's rate variable (Grafana's $__rate_interval, Sysdig's $__interval). Without it every window is fixed.
   */
  rateWindow?: PrometheusDuration;
  /**
   * Legend template such as {{instance}}.
   */
  legend?: string;
}
/* */
export interface Threshold {
  value: number;
  severity: 'ok' | 'warning' | 'critical';
}
/**
 * Markdown; it reads no data.
 */
export interface TextPanel {
  /**
   * Stable id, unique in the dashboard.
   */
  id: LowercaseId;
  type: 'text';
  title: string;
  description: string;
  /**
   * Columns of the 24-column grid; computed when absent.
   */
  width?: number;
  /**
   * Grid rows; a default per panel type when absent.
   */
  height?: number;
  /**
   * Markdown.
   */
  content: string;
}
/**
 * A scrape job declared by intent; the generator derives its relabel pipeline and keep-list.
 */
export interface ScrapeJob {
  /**
   * The job_name.
   */
  id: LowercaseId;
  description: string;
  /**
   * Container names (exact) whose pods this job scrapes unless they are annotated for another integration.
   *
   * @minItems 1
   */
  containers: [string, ...string[]];
  /**
   * Value of the promcat.sysdig.com/integration_type annotation this job claims.
   */
  integrationType: LowercaseId;
  port: number;
  /**
   * Metrics path (default /metrics).
   */
  path?: string;
  /**
   * Scrape interval; the Prometheus default (1m) when absent.
   */
  scrapeInterval?: PrometheusDuration;
  /**
   * Pod metadata copied onto every series (as sysdig_k8s_pod_<field> for the agent).
   */
  copyPodMetadata?: ('uid' | 'name' | 'namespace' | 'container_name' | 'node_name')[];
  /**
   * Kubernetes pod labels copied onto every series under the same (sanitized) name.
   */
  copyPodLabels?: string[];
  /**
   * "catalog": keep only the catalog metrics of this job; "all": keep everything the target exposes.
   */
  keepMetrics: 'catalog' | 'all';
}
/**
 * Hand-written parts of the integration's docs page; the rest is derived from the definition.
 */
export interface Docs {
  prerequisites: DocSection[];
  installation: DocSection[];
  notes?: DocSection[];
}
/* */
export interface DocSection {
  title: string;
  /**
   * Markdown.
   */
  body: string;
  commands?: Command[];
}
/* */
export interface Command {
  description?: string;
  command: string;
  /**
   * What the command prints when it works.
   */
  output?: string;
}
/* */
export interface LintExclusion {
  /**
   * Rule id, e.g. metric/unused.
   */
  rule: string;
  /**
   * The finding's item, e.g. an alert id, metric name or dashboard/panel id.
   */
  item: string;
  /**
   * Why this finding does not apply.
   */
  reason: string;
}
/**
 * Named, documented parameters of a module (thresholds, windows) that a build may override.
 */
export interface ParamSpecs {
  [k: string]: ParamSpec | undefined;
}
/**
 * Build options (intgen.config.json): parameter overrides and cross-cutting transforms applied to every output.
 */
export interface BuildConfig {
  $schema?: string;
  /**
   * Where the integration modules come from, each a folder holding one folder per integration: a local folder relative to this file (starting with ./, ../ or /), or an npm package name, resolved from this file's folder as Node.js resolves it, whose package.json names its folders in "intgen": {"integrations": "./integrations"} (a path or a list of them). An integration id found in two sources is an error. Default: intgen's built-in src/integrations; --source replaces the list.
   *
   * @minItems 1
   */
  integrations?: [string, ...string[]];
  /**
   * Parameter overrides by integration id, then parameter name.
   */
  params?: {
    [k: string]:
      | {
          [k: string]: string | number | undefined;
        }
      | undefined;
  };
  /**
   * Overrides of every alert of every integration; an integration's own (overrides.<id>.alerts, then its alertsById entry) apply on top.
   */
  alerts?: AlertOverrides;
  /**
   * Changes to what an integration renders, by integration id, without forking its module: disabled alerts, groups and dashboards, alert labels, severities and annotations, rule group intervals, scrape job intervals and ports. Every id must name one the integration has.
   */
  overrides?: {
    [k: string]: IntegrationOverrides | undefined;
  };
  selectors?: Selectors;
  ruleTarget?: RuleTarget;
  prometheusRule?: PrometheusRuleOptions;
  podMonitor?: PodMonitorOptions;
  grafanaDashboards?: GrafanaDashboardsOptions;
  grafanaFormats?: GrafanaFormats;
  persesDashboards?: PersesDashboardsOptions;
}
/**
 * Labels, severities and annotations of alerts. Layers apply in order (the top-level alerts, the integration's alerts, its alertsById entry): labels, annotations and severities merge name by name, the last layer winning; a runbookUrl replaces an earlier one. Values are static text: Prometheus would expand a {{ template }}, and the alerts' unit tests expect what is written.
 */
export interface AlertOverrides {
  /**
   * Labels added to the alerts, replacing an alert's own label of the same name (e.g. team, routing). Not severity (see severities) or alertname.
   */
  labels?: {
    [k: string]: StaticText | undefined;
  };
  /**
   * The severity label written for each severity of the definitions, e.g. {"warning": "ticket", "critical": "page"}; a severity not named keeps its name.
   */
  severities?: {
    [k: string]: StaticText | undefined;
  };
  /**
   * The runbook_url annotation of the alerts, replacing an alert's own runbook: a URL in which {{integration}}, {{group}} and {{alert}} stand for the integration id, the alert's group id and the alert id.
   */
  runbookUrl?: string;
  /**
   * Annotations added to the alerts, replacing an alert's own extra annotation of the same name.
   */
  annotations?: {
    [k: string]: StaticText | undefined;
  };
}
/**
 * What one integration's build changes in its definition before rendering, so every output (rules, PrometheusRule, unit tests, dashboards, ConfigMap, docs page, scrape jobs, catalog index) follows.
 */
export interface IntegrationOverrides {
  disable?: Disable;
  /**
   * Overrides of every alert of this integration, on top of the top-level alerts.
   */
  alerts?: AlertOverrides;
  /**
   * Overrides of one alert, by alert id, on top of this integration's alerts.
   */
  alertsById?: {
    [k: string]: AlertOverrides | undefined;
  };
  /**
   * Rule groups by group id (the keys of the definition's alerts and recording rules).
   */
  groups?: {
    [k: string]: RuleGroupOverrides | undefined;
  };
  /**
   * Scrape jobs by job id.
   */
  jobs?: {
    [k: string]: JobOverrides | undefined;
  };
}
/**
 * What is left out of every output: alerts with their unit tests, whole alert groups, dashboards (their Grafana and Sysdig files, their ConfigMap key, their docs entry).
 */
export interface Disable {
  alerts?: CamelCaseAlertId[];
  /**
   * Alert group ids: every alert of the group. Its recording rules stay, as other rules and panels may read them.
   */
  groups?: LowercaseId[];
  dashboards?: LowercaseId[];
}
/* */
export interface RuleGroupOverrides {
  /**
   * How often Prometheus evaluates the group; the global evaluation_interval when absent. promtool's unit tests evaluate at their own evaluation_interval whatever the group's.
   */
  interval?: PrometheusDuration;
}
/* */
export interface JobOverrides {
  /**
   * The job's scrape interval.
   */
  scrapeInterval?: PrometheusDuration;
  /**
   * The port the job scrapes.
   */
  port?: number;
}
/**
 * Scopes every integration to some series, like a monitoring mixin's selector config (e.g. one cluster of a multi-cluster Prometheus). Each matcher is added to every selector of every expression: alert expressions, recording rules and panel queries (a selector that already matches on the label is left as written). Each matcher's label is also treated as a dimension: it is added to every `by (…)` and `on (…)` list so alerts, recording rules and panels stay per value of the label (`without (…)` lists are left alone), every dashboard gets a variable for it that its panels filter by, and the alerts' unit tests give their input series and expected alerts the matcher's example value.
 */
export interface Selectors {
  /**
   * Label matchers, e.g. [{"label": "cluster", "op": "=", "value": "prod"}]. Several matchers on one label all apply; the label's example value is then the first one given or derived among them, and must satisfy them all.
   *
   * @minItems 1
   */
  matchers: [SelectorMatcher, ...SelectorMatcher[]];
}
/**
 * One PromQL label matcher: label, op, value as in label op "value".
 */
export interface SelectorMatcher {
  label: NonReservedLabelName;
  /**
   * PromQL match operator: = equals, != differs, =~ matches the RE2 regex (anchored), !~ does not match it.
   */
  op: '=' | '!=' | '=~' | '!~';
  /**
   * Label value, or for =~ and !~ an RE2 regex (anchored at both ends, as Prometheus does).
   */
  value: string;
  /**
   * A non-empty label value this matcher accepts: the value the alerts' unit tests give the label in their input series and expected alerts, so the tests still fire inside the scope. Defaults to `value` for =; for =~ to the first alternative when `value` is an alternation of plain names ("prod|staging" gives "prod"), otherwise required; always required for != and !~. The build fails when the example does not satisfy the matchers on its label.
   */
  example?: string;
}
/**
 * The Prometheus Operator PrometheusRule resource of each integration (<id>/prometheus/prometheusrule.yaml), named <id>-rules.
 */
export interface PrometheusRuleOptions {
  /**
   * Namespace of the resource; without it, kubectl applies it to the current namespace. A Prometheus picks rules from the namespaces its ruleNamespaceSelector selects.
   */
  namespace?: KubernetesNamespace;
  /**
   * Labels added to the defaults (app.kubernetes.io/name: <id>, app.kubernetes.io/part-of: intgen), and replacing a default of the same key. A Prometheus only loads rules its ruleSelector matches: kube-prometheus-stack's selects release: <helm release name>.
   */
  labels?: KubernetesLabels;
}
/* */
export interface KubernetesLabels {
  [k: string]: KubernetesLabelValue | undefined;
}
/**
 * The Prometheus Operator PodMonitor resources of each integration (<id>/prometheus/podmonitors.yaml), one per scrape job, named after the job.
 */
export interface PodMonitorOptions {
  /**
   * Namespace of the resources; without it, kubectl applies them to the current namespace. A Prometheus loads PodMonitors from the namespaces its podMonitorNamespaceSelector selects; the pods they scrape may be in any namespace.
   */
  namespace?: KubernetesNamespace;
  /**
   * Labels added to the defaults (app.kubernetes.io/name: <id>, app.kubernetes.io/part-of: intgen), and replacing a default of the same key. A Prometheus only loads PodMonitors its podMonitorSelector matches: kube-prometheus-stack's selects release: <helm release name>.
   */
  labels?: KubernetesLabels;
}
/**
 * The ConfigMap of each integration's Grafana dashboards (<id>/dashboards/grafana-dashboards.configmap.yaml, named <id>-grafana-dashboards), which Grafana's dashboard sidecar (k8s-sidecar, as deployed by the grafana and kube-prometheus-stack Helm charts) loads.
 */
export interface GrafanaDashboardsOptions {
  /**
   * Namespace of the ConfigMap; the sidecar watches its own namespace unless told to search others.
   */
  namespace?: KubernetesNamespace;
  /**
   * Labels added to the defaults (grafana_dashboard: "1", the sidecar's label in kube-prometheus-stack, plus app.kubernetes.io/name: <id> and app.kubernetes.io/part-of: intgen), replacing a default of the same key. Set the label your sidecar.dashboards.label and labelValue name.
   */
  labels?: KubernetesLabels;
  /**
   * Grafana folder for the dashboards: written to the annotation named by folderAnnotation, which the sidecar turns into a sub-directory and Grafana (with foldersFromFilesStructure) into a folder.
   */
  folder?: string;
  /**
   * Annotation carrying the folder: the sidecar's FOLDER_ANNOTATION (the Helm charts' sidecar.dashboards.folderAnnotation). Default: k8s-sidecar-target-directory, the sidecar's own default.
   */
  folderAnnotation?: KubernetesLabelOrAnnotationKey;
}
/**
 * Where the Perses dashboards (<id>/dashboards/perses/<dashboard>.json for percli, <dashboard>.persesdashboard.yaml for the perses-operator) belong.
 */
export interface PersesDashboardsOptions {
  /**
   * The Perses project of every integration's dashboards (the Dashboard resource's metadata.project, the PersesDashboard's namespace: the operator syncs a namespace to the project of its name). Dashboards are then named <integration>-<dashboard>, unique in the shared project. Default: one project per integration, named by its id, the dashboards by their ids; the PersesDashboard then has no namespace, as kubectl -n gives it.
   */
  project?: KubernetesNamespace;
  /**
   * Labels of the PersesDashboard resources, added to the defaults (app.kubernetes.io/name: <id>, app.kubernetes.io/part-of: intgen) and replacing a default of the same key.
   */
  labels?: KubernetesLabels;
}
