// What Prometheus rejects, intgen refuses. Each case is a definition that build, check and lint used to accept
// (exit 0) into rule files promtool rejects, or that read back differently: intgen now reports it, naming the
// field, or writes it so that Prometheus reads it exactly. Where promtool is installed, each case also shows
// that Prometheus does reject what intgen would have written.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Integration } from '../../src/model/index.js';
import { buildModules } from '../../src/pipeline/build.js';
import { renderPrometheusRules } from '../../src/outputs/prometheus-rules/render.js';
import { promtoolSkipReason, testRules } from '../../src/support/promtool.js';
import { baseIntegration } from '../fixtures/invalid/_base.js';
import { checkRuleContents } from '../helpers/promtool-batch.js';
import { succeeded } from '../helpers/build.js';
import type { LoadedModule } from '../../src/core/types.js';

const moduleOf = (integration: Integration): LoadedModule => ({
  folder: integration.id,
  sourceModule: `src/integrations/${integration.id}/index.ts`,
  module: { params: {}, define: () => integration },
});

/** The error diagnostics of a build, as `rule path: message`. */
async function refusals(integration: Integration): Promise<string[]> {
  const build = await buildModules([moduleOf(integration)]);
  const lines = build.results.flatMap((r) =>
    r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule} ${d.path}: ${d.message}`),
  );
  expect(build.ok).toBe(lines.length === 0);
  return lines;
}

/** The rule file the definition renders to when nothing checks it first: what intgen used to write. */
function unchecked(integration: Integration): string {
  const [file] = renderPrometheusRules({ integration, params: [], sourceModule: 'test', config: {} });
  return file!.content;
}

const alertOf = (integration: Integration) => integration.alerts['demo-errors']![0]!;

interface Case {
  name: string;
  edit: (integration: Integration) => void;
  refused: RegExp;
}

const cases: Case[] = [
  {
    name: '`{{` in an alert title (an annotation, which Prometheus parses as a Go template)',
    edit: (i) => {
      alertOf(i).title = '[Demo] {{ Errors';
    },
    refused: /^template\/syntax alerts\.demo-errors\[0\]\.title: Go template: `\{\{` is never closed/,
  },
  {
    name: "for: '99999999y' (duration out of range: longer than int64 nanoseconds)",
    edit: (i) => {
      alertOf(i).for = '99999999y';
    },
    refused: /^structure\/duration-range alerts\.demo-errors\[0\]\.for: must be at most 292y24w3d23h47m16s854ms, .* out of range/,
  },
  {
    name: 'a matcher regex re2js accepts and Go does not: (?<n>prod)',
    edit: (i) => {
      alertOf(i).expr = 'sum by (instance) (increase(demo_errors{env=~"(?<n>prod)"}[5m])) > 0';
    },
    refused: /^promql\/syntax alerts\.demo-errors\[0\]\.expr: .*write `\(\?P<n>…\)`/,
  },
];

let work: string | undefined;
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('intgen refuses what promtool rejects', () => {
  test.each(cases)('$name', async ({ edit, refused }) => {
    const integration = baseIntegration();
    expect(await refusals(integration)).toEqual([]);
    edit(integration);
    const lines = await refusals(integration);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(refused);
  });

  test('and promtool does reject each of them', async (ctx) => {
    const skipReason = await promtoolSkipReason();
    ctx.skip(skipReason !== undefined, skipReason);
    const files = cases.map(({ edit }) => {
      const integration = baseIntegration();
      edit(integration);
      return unchecked(integration);
    });
    expect((await checkRuleContents(files)).map((v) => v.ok)).toEqual(cases.map(() => false));
  });

  test('a lone surrogate anywhere (UTF-8 cannot write it, so out/ never matched the build again)', async () => {
    const integration = baseIntegration();
    const description = (alertOf(integration).description += ' \ud83d');
    integration.dashboards[0]!.title = '\ude00 Demo';
    expect(await refusals(integration)).toEqual([
      `schema/invalid alerts.demo-errors[0].description: holds a lone surrogate (\\uD83D) at character ${description.length}, which UTF-8 cannot encode: remove it or complete the pair`,
      'schema/invalid dashboards[0].title: holds a lone surrogate (\\uDE00) at character 1, which UTF-8 cannot encode: remove it or complete the pair',
    ]);
  });
});

describe('characters Go reads differently are written so that Prometheus reads them exactly', () => {
  /** NEL became a space, LS and PS line breaks; BOM, U+FFFE and other noncharacters made the file unreadable. */
  const characters = ['\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\ufdd0', '\u{10ffff}', '\u007f', '\u0090'];

  test.each(characters.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))(
    '%s in an annotation reaches Prometheus unchanged',
    async (_, character) => {
      const skipReason = await promtoolSkipReason();
      const integration = baseIntegration();
      const alert = alertOf(integration);
      // The summary compares the text as Go's YAML read it with the same text as a Go string literal.
      const escaped = `\\U${character.codePointAt(0)!.toString(16).padStart(8, '0')}`;
      alert.summary = `{{ if eq "a${character}b" "a${escaped}b" }}same{{ else }}differs{{ end }}`;
      alert.title = `[Demo] a${character}b`;
      for (const test of alert.tests!) for (const expected of test.alerts) expected.summary = 'same';
      const build = succeeded(await buildModules([moduleOf(integration)]));
      const rules = build.files.get('demo/prometheus/rules.yaml')!;
      expect(rules).not.toContain(character);
      if (skipReason !== undefined) return;
      work ??= await mkdtemp(path.join(tmpdir(), 'intgen-faults-'));
      const dir = await mkdtemp(path.join(work, 'case-'));
      await writeFile(path.join(dir, 'rules.yaml'), rules);
      await writeFile(path.join(dir, 'rules.test.yaml'), build.files.get('demo/prometheus/rules.test.yaml')!);
      const result = await testRules(path.join(dir, 'rules.test.yaml'));
      expect(result.stderr).not.toContain('differs');
      expect(result.ok, result.stderr).toBe(true);
    },
  );
});
