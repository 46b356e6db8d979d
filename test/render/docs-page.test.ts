import Handlebars from 'handlebars';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import calico from '../../src/integrations/calico/index.js';
import type { Alert, Dashboard, Integration, Metric, ScrapeJob } from '../../src/model/index.js';
import { codeBlock, codeCell, inlineCode, tableCell } from '../../src/serialize/markdown.js';
import { renderDocsPage } from '../../src/outputs/docs/render.js';
import type { RenderContext, ResolvedParam } from '../../src/core/types.js';
import { scrapeConfig } from '../../src/analysis/relabel/engine.js';
import { renderers } from '../../src/outputs/index.js';

const sourceModule = 'src/integrations/calico/index.ts';

function calicoParams(overrides: Record<string, string | number> = {}): ResolvedParam[] {
  return Object.entries(calico.params).map(([name, spec]) => ({
    name,
    type: spec.type,
    description: spec.description,
    ...(spec.type === 'number' ? { unit: spec.unit } : {}),
    default: spec.default,
    value: overrides[name] ?? spec.default,
  }));
}

function calicoContext(overrides: Record<string, string | number> = {}): RenderContext {
  const params = calicoParams(overrides);
  const values = Object.fromEntries(params.map((p) => [p.name, p.value]));
  return { integration: calico.define(values as never), params, sourceModule, config: {} };
}

function page(ctx: RenderContext): string {
  const files = renderDocsPage(ctx);
  expect(files.map((f) => f.path)).toEqual([`${ctx.integration.id}/README.md`]);
  return files[0]!.content;
}

/** The body of the `## <title>` section, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  expect(start, `section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** Cells of a table row, split on the pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function tableRows(markdown: string, firstCell: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells)
    .filter((row) => row[0] === firstCell);
}

const templatedAlert: Alert = {
  id: 'FelixIpsetErrorsTemplated',
  title: 'IP set | command failures',
  expr: 'rate(felix_ipset_errors[5m])\n  > 0',
  for: '10m',
  severity: 'warning',
  summary: 'ipset failures on {{ $labels.instance }}',
  description:
    'Felix on {{ $labels.instance }} ran {{ $value | humanize }} failing ipset commands per second. {{> partial}} {{#each x}}<b>&amp;</b>{{/each}}',
};

const dashboard: Dashboard = {
  id: 'calico-felix',
  title: 'Calico Felix',
  description: 'Felix health per node.',
  variables: [],
  rows: [
    {
      title: 'Errors',
      signal: 'errors',
      description: 'Failures felix retries.',
      panels: [
        {
          id: 'dataplane-failures',
          type: 'timeseries',
          title: 'Dataplane failures',
          description: 'Failed dataplane updates per second.',
          queries: [
            { expr: 'sum by (instance) (rate(felix_int_dataplane_failures[5m]))', legend: '{{instance}}' },
            { expr: 'sum(rate(felix_int_dataplane_failures[5m]))', legend: 'all' },
          ],
        },
      ],
    },
    {
      title: 'About',
      panels: [{ id: 'about', type: 'text', title: 'About', description: 'What this dashboard shows.', content: '# Felix' }],
    },
    {
      title: 'Cluster',
      description: 'Cluster-wide counts.',
      panels: [
        {
          id: 'hosts',
          type: 'stat',
          title: 'Hosts',
          description: 'Hosts in the cluster.',
          queries: [{ expr: 'max(felix_cluster_num_hosts)' }],
        },
      ],
    },
  ],
};

function withExtras(ctx: RenderContext, extras: Partial<Integration>): RenderContext {
  return { ...ctx, integration: { ...ctx.integration, ...extras } };
}

describe('markdown escaping', () => {
  it('escapes pipes and turns line breaks into <br> in table cells', () => {
    expect(tableCell('a | b\nc\r\nd')).toBe('a \\| b<br>c<br>d');
    expect(cells(`| ${tableCell('x|y\nz')} | next |`)).toEqual(['x\\|y<br>z', 'next']);
  });

  it('fences code spans longer than any backtick run and pads edge backticks and spaces', () => {
    expect(inlineCode('rate(x[5m])')).toBe('`rate(x[5m])`');
    expect(inlineCode('a `b` c')).toBe('``a `b` c``');
    expect(inlineCode('`x``')).toBe('``` `x`` ```');
    expect(inlineCode(' lead')).toBe('`  lead `');
    expect(inlineCode('one\ntwo')).toBe('`one two`');
    expect(codeCell('a|b\nc')).toBe('`a\\|b c`');
  });

  it('fences code blocks longer than any backtick run inside, at least three', () => {
    expect(codeBlock('echo hi\n', 'sh')).toEqual({ fence: '```', lang: 'sh', code: 'echo hi' });
    expect(codeBlock('```\nnested\n````', 'text').fence).toBe('`````');
  });
});

describe('docs page for Calico', () => {
  const ctx = calicoContext();
  const markdown = page(ctx);

  it('opens with the do-not-edit comment and ends with one newline', () => {
    expect(markdown.split('\n')[0]).toBe(
      '<!-- Generated by intgen from src/integrations/calico/index.ts. DO NOT EDIT: change the module and run `npm run generate`. -->',
    );
    expect(markdown).toMatch(/[^\n]\n$/);
    expect(markdown).not.toMatch(/\n\n\n/);
  });

  it('has its sections in order', () => {
    const headings = markdown.split('\n').filter((line) => line.startsWith('## ') || line.startsWith('# '));
    expect(headings).toEqual([
      '# Calico',
      '## Parameters',
      '## Prerequisites',
      '## Installation',
      '## Metrics',
      '## Alerts',
      '## Dashboards',
      '## Recommended queries',
      '## Install the outputs',
      '## Agent configuration',
      '## Notes',
    ]);
    expect(markdown).toContain('- **Supported versions:** 3.23.3\n');
    expect(markdown).toContain(`- **How metrics are exposed:** ${ctx.integration.exporter}\n`);
  });

  it('shows the prerequisite commands and their expected output in fenced blocks', () => {
    const prerequisites = section(markdown, 'Prerequisites');
    expect(prerequisites).toContain('```sh\nkubectl label nodes <node-name> projectcalico.org/ds-ready=true\n```');
    expect(prerequisites).toContain(
      `\`\`\`sh\nkubectl patch felixconfiguration default --type merge --patch '{"spec":{"prometheusMetricsEnabled": true}}'\n\`\`\``,
    );
    expect(prerequisites).toContain('Expected output:\n\n```text\nfelixconfiguration.projectcalico.org/default patched\n```');
  });

  it('lists every metric with its type, unit, labels and help, and the catalog metric count', () => {
    const metrics = section(markdown, 'Metrics');
    expect(metrics).toContain(`Catalog metrics: ${ctx.integration.metrics.length}, one row each`);
    for (const metric of ctx.integration.metrics) {
      const labels = (metric.labels ?? [])
        .map((label) => `\`${label.name}\`${label.description ? `: ${label.description}` : ''}`)
        .join('<br>');
      expect(tableRows(metrics, `\`${metric.name}\``), metric.name).toEqual([
        [`\`${metric.name}\``, metric.type, metric.unit, labels, metric.help],
      ]);
    }
    expect(tableRows(metrics, '`felix_iptables_lines_executed`')[0]?.[3]).toBe(
      '`ip_version`: IP version of the table: 4 or 6.<br>`table`: iptables table: filter, nat, mangle or raw.',
    );
  });

  it('tells a native histogram from a classic one in the type column', () => {
    const job = ctx.integration.metrics[0]!.job;
    const histograms: Metric[] = [
      { name: 'felix_x_seconds', type: 'histogram', help: 'X.', unit: 'seconds', job, buckets: [1] },
      { name: 'felix_y_seconds', type: 'histogram', histogram: 'native', help: 'Y.', unit: 'seconds', job },
    ];
    const metrics = section(page(withExtras(ctx, { metrics: [...ctx.integration.metrics, ...histograms] })), 'Metrics');
    expect(tableRows(metrics, '`felix_x_seconds`')[0]?.[1]).toBe('histogram');
    expect(tableRows(metrics, '`felix_y_seconds`')[0]?.[1]).toBe('native histogram');
  });

  it('says how to install each output, with the exact commands and paths relative to the page', () => {
    const install = section(markdown, 'Install the outputs');
    expect(install.split('\n').filter((line) => line.startsWith('### '))).toEqual([
      '### Prometheus scrape jobs (`prometheus/scrape.yaml`)',
      '### prometheus-operator PodMonitors (`prometheus/podmonitors.yaml`)',
      '### Prometheus rules (`prometheus/rules.yaml`)',
      '### prometheus-operator PrometheusRule (`prometheus/prometheusrule.yaml`)',
      '### Grafana dashboards',
      '### Grafana v2 dashboards',
      '### Perses dashboards',
      '### Sysdig',
    ]);
    for (const command of [
      'promtool check rules prometheus/rules.yaml\npromtool test rules prometheus/rules.test.yaml\n',
      'kubectl apply -f prometheus/prometheusrule.yaml\n',
      'kubectl apply --dry-run=server -f prometheus/podmonitors.yaml\nkubectl apply -f prometheus/podmonitors.yaml\n',
      'cp prometheus/scrape.yaml /etc/prometheus/scrape/calico.yaml\n',
      '```yaml\nscrape_config_files:\n  - /etc/prometheus/scrape/*.yaml\n```',
      '```yaml\nrule_files:\n  - /etc/prometheus/rules/*.yaml\n```',
      'promtool check config /etc/prometheus/prometheus.yml\n',
      'kubectl apply -f dashboards/grafana-dashboards.configmap.yaml\n',
      'cp dashboards/grafana/calico.json /var/lib/grafana/dashboards/calico/\n',
      '/apis/dashboard.grafana.app/v2/namespaces/default/dashboards" ',
      '--data @dashboards/grafana-v2/calico.json\n',
      'percli lint -f dashboards/perses/calico.json\n',
      `echo '{"kind":"Project","metadata":{"name":"calico"}}' | percli apply -f -\n`,
      'percli apply -f dashboards/perses/calico.json\n',
      'kubectl apply -n calico -f dashboards/perses/calico.persesdashboard.yaml\n',
      'kubectl -n sysdig-agent rollout restart daemonset/sysdig-agent\n',
      '--data @dashboards/sysdig/calico.json\n',
    ]) {
      expect(install).toContain(command);
    }
    // Every file a command names is one the build writes.
    for (const [, path] of install.matchAll(/(?:^|\s|@)((?:prometheus|agent|dashboards)\/[\w./-]+\.(?:yaml|json))/gm)) {
      expect(
        renderers.flatMap((render) => render(ctx)).map((file) => file.path),
        path,
      ).toContain(`calico/${path}`);
    }
    const provider = /provisioning\/dashboards\/calico\.yaml`:\n\n```yaml\n([\s\S]*?)\n```/.exec(install)?.[1];
    expect(parse(provider ?? '')).toEqual({
      apiVersion: 1,
      providers: [{ name: 'calico', folder: 'Calico', type: 'file', options: { path: '/var/lib/grafana/dashboards/calico' } }],
    });
  });

  it('links and installs only the Grafana models grafanaFormats chooses', () => {
    const only = (grafanaFormats: NonNullable<RenderContext['config']['grafanaFormats']>) => {
      const markdown = page({ ...ctx, config: { grafanaFormats } });
      return {
        installs: section(markdown, 'Install the outputs')
          .split('\n')
          .filter((line) => line.startsWith('### Grafana')),
        links: /Rendered files: (.*)\n/.exec(section(markdown, 'Dashboards'))?.[1],
      };
    };
    expect(only(['classic'])).toEqual({
      installs: ['### Grafana dashboards'],
      links:
        '[Grafana](dashboards/grafana/calico.json) · [Sysdig Monitor](dashboards/sysdig/calico.json) · ' +
        '[Perses](dashboards/perses/calico.json) · [PersesDashboard](dashboards/perses/calico.persesdashboard.yaml)',
    });
    expect(only(['v2'])).toEqual({
      installs: ['### Grafana v2 dashboards'],
      links:
        '[Grafana v2](dashboards/grafana-v2/calico.json) · [Sysdig Monitor](dashboards/sysdig/calico.json) · ' +
        '[Perses](dashboards/perses/calico.json) · [PersesDashboard](dashboards/perses/calico.persesdashboard.yaml)',
    });
  });

  it('leaves out the outputs an integration does not have', () => {
    const bare = page(withExtras(ctx, { alerts: {}, dashboards: [] }));
    expect(
      section(bare, 'Install the outputs')
        .split('\n')
        .filter((line) => line.startsWith('### ')),
    ).toEqual([
      '### Prometheus scrape jobs (`prometheus/scrape.yaml`)',
      '### prometheus-operator PodMonitors (`prometheus/podmonitors.yaml`)',
      '### Sysdig',
    ]);
  });

  it("says the PodMonitors' targets carry the operator's container label when a job does not copy it", () => {
    const podMonitors = (markdown: string) =>
      section(markdown, 'Install the outputs')
        .split('### ')
        .find((part) => part.startsWith('prometheus-operator PodMonitors'));
    expect(podMonitors(markdown)).toContain('keep the same series as the scrape jobs above. A Prometheus');
    const [felix, ...others] = ctx.integration.jobs;
    const uncopied = page(withExtras(ctx, { jobs: [{ ...felix, copyPodMetadata: ['uid'] }, ...others] }));
    expect(podMonitors(uncopied)).toContain('keep the same series as the scrape jobs above (with a `container` label the operator adds).');
  });

  it('shows the series estimate per job, and says a job keeping everything is unbounded', () => {
    const metrics = section(markdown, 'Metrics');
    expect(tableRows(metrics, '`calico-node-default`')).toEqual([
      ['`calico-node-default`', 'the 22 catalog metrics of this job', '65', '47'],
    ]);
    expect(tableRows(metrics, '`calico-controller-default`')).toEqual([
      ['`calico-controller-default`', 'the 9 catalog metrics of this job', '132', '132'],
    ]);
    const jobs = ctx.integration.jobs.map(
      (job): ScrapeJob => (job.id === 'calico-controller-default' ? { ...job, keepMetrics: 'all' } : job),
    );
    const keepingEverything = section(page(withExtras(ctx, { jobs: jobs as Integration['jobs'] })), 'Metrics');
    expect(tableRows(keepingEverything, '`calico-controller-default`')[0]?.[3]).toMatch(/^unbounded/);
  });

  it('lists every alert with its title, severity, description, for and expression', () => {
    const alerts = section(markdown, 'Alerts');
    for (const alert of Object.values(ctx.integration.alerts).flatMap((group) => group ?? [])) {
      expect(tableRows(alerts, tableCell(alert.title)), alert.id).toEqual([
        [tableCell(alert.title), `\`${alert.id}\``, alert.severity, tableCell(alert.description), `\`${alert.for}\``, codeCell(alert.expr)],
      ]);
    }
  });

  it('shows the agent jobs as YAML equal to the generated sysdig-agent scrape configs', () => {
    const agent = section(markdown, 'Agent configuration');
    const yaml = /```yaml\n([\s\S]*?)\n```/.exec(agent)?.[1];
    expect(yaml).toBeDefined();
    expect(parse(yaml!)).toEqual(ctx.integration.jobs.map((job) => scrapeConfig(job, ctx.integration.metrics, 'sysdig-agent')));
  });

  it('includes the notes', () => {
    const notes = section(markdown, 'Notes');
    for (const note of ctx.integration.docs.notes ?? []) expect(notes).toContain(`### ${note.title}\n\n${note.body}\n`);
  });

  it('renders the same bytes every time', () => {
    expect(page(calicoContext())).toBe(markdown);
  });

  it('compiles the templates at most once per process', () => {
    const create = vi.spyOn(Handlebars, 'create');
    page(ctx);
    page(ctx);
    expect(create.mock.calls.length).toBeLessThanOrEqual(1);
    create.mockRestore();
  });
});

describe('docs page content that could break the layout', () => {
  it('shows overridden parameter values next to their defaults', () => {
    const [first, ...rest] = calicoParams();
    expect(first).toBeDefined();
    const override = first!.type === 'number' ? Number(first!.default) * 2 : '17m';
    const parameters = section(page(calicoContext({ [first!.name]: override })), 'Parameters');
    expect(tableRows(parameters, `\`${first!.name}\``)[0]?.slice(1, 3)).toEqual([`\`${first!.default}\``, `\`${override}\``]);
    for (const param of rest) expect(tableRows(parameters, `\`${param.name}\``)[0]?.[2]).toBe('');
  });

  it('passes {{ }} text in values through byte for byte, unescaped', () => {
    const ctx = calicoContext();
    const markdown = page(withExtras(ctx, { alerts: { extra: [templatedAlert] } }));
    // In the alerts table only the pipe is escaped (GFM shows `\|` as `|`); the rest is byte for byte.
    expect(markdown).toContain(tableCell(templatedAlert.description));
    expect(markdown).toContain('Felix on {{ $labels.instance }} ran {{ $value \\| humanize }} failing');
    expect(markdown).toContain('{{> partial}} {{#each x}}<b>&amp;</b>{{/each}}');
  });

  it('inserts doc section bodies and commands exactly as written', () => {
    const ctx = calicoContext();
    const body = 'Alert text such as {{ $labels.instance }} and {{ $value | humanize }} is a Go template.';
    const command = `kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'`;
    const notes = [{ title: 'Templates', body, commands: [{ command, output: '<none> & more' }] }];
    const markdown = page(withExtras(ctx, { docs: { ...ctx.integration.docs, notes } }));
    expect(section(markdown, 'Notes')).toContain(
      `### Templates\n\n${body}\n\n\`\`\`sh\n${command}\n\`\`\`\n\nExpected output:\n\n\`\`\`text\n<none> & more\n\`\`\``,
    );
  });

  it('keeps table rows whole when values hold pipes, line breaks and backticks', () => {
    const ctx = calicoContext();
    const [metric, ...others] = ctx.integration.metrics;
    const awkward = { ...metric!, help: 'Pipes | and\nline breaks, `code` and ``more``.' };
    const markdown = page(withExtras(ctx, { metrics: [awkward, ...others], alerts: { extra: [templatedAlert] } }));

    const metricRow = tableRows(section(markdown, 'Metrics'), `\`${awkward.name}\``);
    expect(metricRow).toEqual([
      [`\`${awkward.name}\``, awkward.type, awkward.unit, '', 'Pipes \\| and<br>line breaks, `code` and ``more``.'],
    ]);

    const alertRows = tableRows(section(markdown, 'Alerts'), 'IP set \\| command failures');
    expect(alertRows).toHaveLength(1);
    expect(alertRows[0]).toHaveLength(6);
    expect(alertRows[0]?.[5]).toBe('`rate(felix_ipset_errors[5m])   > 0`');
    // Every row of every table has as many cells as its header.
    const tables = markdown.split(/\n{2,}/).filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const table of tables) {
      const [header, ...rows] = table.split('\n');
      for (const row of rows) expect(cells(row), row).toHaveLength(cells(header!).length);
    }
  });

  it('lists dashboards with their panels by row, links to their JSON, and derives recommended queries from every row', () => {
    const markdown = page(withExtras(calicoContext(), { dashboards: [dashboard] }));
    const dashboards = section(markdown, 'Dashboards');
    expect(dashboards).toContain('### Calico Felix\n\nFelix health per node.\n');
    expect(dashboards).toContain('[Grafana](dashboards/grafana/calico-felix.json)');
    expect(dashboards).toContain('[Sysdig Monitor](dashboards/sysdig/calico-felix.json)');
    expect(dashboards).toContain(
      'Rendered files: [Grafana](dashboards/grafana/calico-felix.json) · [Grafana v2](dashboards/grafana-v2/calico-felix.json) · ' +
        '[Sysdig Monitor](dashboards/sysdig/calico-felix.json) · [Perses](dashboards/perses/calico-felix.json) · ' +
        '[PersesDashboard](dashboards/perses/calico-felix.persesdashboard.yaml)\n',
    );
    expect(dashboards).toContain('#### Errors\n\nFailures felix retries.\n');
    expect(tableRows(dashboards, 'Dataplane failures')).toEqual([
      ['Dataplane failures', 'timeseries', 'Failed dataplane updates per second.'],
    ]);
    expect(tableRows(dashboards, 'About')).toEqual([['About', 'text', 'What this dashboard shows.']]);

    const queries = section(markdown, 'Recommended queries');
    // Rows without a golden signal too, each under its own title, after the signals.
    expect(queries.split('\n').filter((line) => line.startsWith('### '))).toEqual(['### Errors', '### Cluster']);
    expect(queries).toContain(
      '### Cluster\n\nCluster-wide counts.\n\n#### Hosts\n\nHosts in the cluster.\n\n```promql\nmax(felix_cluster_num_hosts)\n```',
    );
    expect(queries).toContain(
      '#### Dataplane failures\n\nFailed dataplane updates per second.\n\n' +
        '```promql\nsum by (instance) (rate(felix_int_dataplane_failures[5m]))\n\nsum(rate(felix_int_dataplane_failures[5m]))\n```',
    );
    expect(queries).not.toContain('About');
  });

  it('says so when there are no dashboards, alerts or signal rows', () => {
    const markdown = page(withExtras(calicoContext(), { dashboards: [], alerts: {} }));
    expect(section(markdown, 'Dashboards')).toContain('This integration has no dashboards.');
    expect(section(markdown, 'Alerts')).toContain('This integration defines no alerts.');
    expect(section(markdown, 'Recommended queries')).toContain('there are no recommended queries');
  });
});
