// Property tests over the whole in-memory pipeline: whatever text a module holds, intgen either renders
// valid output that carries the text byte-exactly, or reports problems; it never crashes.
import fc from 'fast-check';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, test } from 'vitest';
import type { Integration } from '../../src/model/index.js';
import { buildModules, type CatalogBuild } from '../../src/pipeline/build.js';
import { defineCalico as calicoDefinition } from '../helpers/calico.js';
import { succeeded } from '../helpers/build.js';
import type { LoadedModule } from '../../src/core/types.js';

function moduleOf(integration: Integration): LoadedModule {
  return { folder: 'calico', sourceModule: 'src/integrations/calico/index.ts', module: { params: {}, define: () => integration } };
}

const build = (integration: Integration): Promise<CatalogBuild> => buildModules([moduleOf(integration)]);

/** Text that stresses YAML, JSON and Markdown: quotes, newlines, comments, mapping colons, templates, unicode. */
const tricky = [
  '"',
  "'",
  '\n',
  '\r\n',
  '#',
  ': ',
  '- ',
  '---',
  '{{ $labels.instance }}',
  '{{ $value }}',
  '|',
  '`',
  '\\',
  '\t',
  'ü',
  '日本',
  '😀',
  '&',
  '*',
  '%',
  '@',
  '!',
  '>',
  '[',
  '{',
  'yes',
  'null',
  '0x1F',
  '1e3',
];
const trickyText = fc
  .array(fc.oneof(fc.constantFrom(...tricky), fc.string({ unit: 'grapheme', maxLength: 6 })), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  // Braces outside the two valid templates, or a brace against one (`{{{ $value }}`), would be a (correctly
  // reported) template error, not a round trip.
  .filter(
    (text) =>
      text.trim() !== '' &&
      !/\{\{\{|\}\}\}/.test(text) &&
      !/\{\{|\}\}/.test(text.replaceAll('{{ $labels.instance }}', '').replaceAll('{{ $value }}', '')),
  );

const problemsOf = (b: CatalogBuild) =>
  b.results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.rule}: ${d.message}`));

describe('text round-trips byte-exactly through every output', () => {
  test('alert annotations (YAML), panel text (JSON), docs prose (Markdown)', async () => {
    await fc.assert(
      fc.asyncProperty(trickyText, trickyText, trickyText, async (annotation, panelText, prose) => {
        const integration = calicoDefinition();
        const alert = Object.values(integration.alerts)[0]![0];
        alert.description = `${annotation} (${alert.id})`;
        alert.summary = annotation;
        const panel = integration.dashboards[0]!.rows[0].panels[0];
        panel.title = panelText;
        panel.description = panelText;
        integration.docs.notes = [{ title: 'Note', body: prose }];

        const result = await build(integration);
        expect(problemsOf(result)).toEqual([]);
        const { files } = succeeded(result);
        const file = (path: string) => files.get(path)!;

        const rules = parse(file('calico/prometheus/rules.yaml')) as {
          groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[];
        };
        const rendered = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === alert.id)!;
        expect(rendered.annotations).toMatchObject({ summary: annotation, description: alert.description });
        const cr = parse(file('calico/prometheus/prometheusrule.yaml')) as { spec: typeof rules };
        expect(cr.spec.groups).toEqual(rules.groups);

        const grafana = JSON.parse(file(`calico/dashboards/grafana/${integration.dashboards[0]!.id}.json`)) as {
          panels: { title?: string; description?: string }[];
        };
        expect(grafana.panels.some((p) => p.title === panelText && p.description === panelText)).toBe(true);
        const sysdig = JSON.parse(file(`calico/dashboards/sysdig/${integration.dashboards[0]!.id}.json`)) as {
          dashboard: { panels: { name: string; description: string }[] };
        };
        expect(sysdig.dashboard.panels.some((p) => p.name === panelText && p.description === panelText)).toBe(true);

        // Line breaks ending the prose are no Markdown content; the page, which the notes end, drops its own.
        expect(file('calico/README.md')).toContain(prose.replace(/[\r\n]+$/, ''));
      }),
      // A counterexample CI once found: prose ending in line breaks, at the end of the page.
      { numRuns: 60, examples: [['"', '"', '!\r\n\n']] },
    );
  });
});

/** Every string in the definition, as a path of keys. */
function textPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => textPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textPaths(v, [...path, k]));
  return [];
}

function setAt(target: unknown, path: (string | number)[], text: string): void {
  type Node = Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<Node>((node, key) => node[key] as Node, target as Node);
  parent[path.at(-1)!] = text;
}

describe('random text anywhere never crashes the pipeline', () => {
  const paths = textPaths(calicoDefinition());
  const anyText = fc.oneof(
    trickyText,
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', 'rate(', '{{', '}}', '[5m]', '$__interval'),
  );

  test('it renders parseable output, or reports what is wrong', async () => {
    const outcomes = { rendered: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...paths), anyText), { minLength: 1, maxLength: 8 }), async (edits) => {
        const integration = calicoDefinition();
        for (const [path, text] of edits) setAt(integration, path, text);
        const result = await build(integration);
        if (!result.ok) {
          outcomes.rejected++;
          // A failed build holds no files at all, only its results.
          expect(problemsOf(result).length).toBeGreaterThan(0);
          return;
        }
        outcomes.rendered++;
        for (const [path, content] of result.files) {
          if (path.endsWith('.json')) expect(() => JSON.parse(content), path).not.toThrow();
          // A manifest of several resources is a stream of documents.
          if (path.endsWith('.yaml'))
            expect(
              parseAllDocuments(content).flatMap((document) => document.errors),
              path,
            ).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
    // Both outcomes must occur, or the property says nothing about one of them.
    expect(outcomes.rendered).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  });
});
