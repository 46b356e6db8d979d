// The printer of TypeScript values the import writes modules with: literals as Biome writes them.
import { describe, expect, it } from 'vitest';
import { call, constant, importFrom, print, raw, template } from '../../src/import/module/printer.js';

describe('printer', () => {
  it('quotes as Biome does: single quotes, double when the text holds a quote and no double quote', () => {
    expect(print("it's")).toBe('"it\'s"');
    expect(print('a "b" it\'s')).toBe("'a \"b\" it\\'s'");
    expect(print('line\nbreak \\ slash')).toBe("'line\\nbreak \\\\ slash'");
  });

  it('objects on one line when they fit, shorthand for a reference of the same name, undefined fields left out', () => {
    expect(print({ metrics: raw('metrics'), a: 1, b: undefined, 'c-d': [true] })).toBe("{ metrics, a: 1, 'c-d': [true] }");
  });

  it('breaks what does not fit, one item per line with trailing commas, a last object argument hugged', () => {
    const long = 'x'.repeat(70);
    expect(print([long, long])).toBe(`[\n  '${long}',\n  '${long}',\n]`);
    expect(print(call('f', 'a', { text: long, more: long }))).toBe(`f('a', {\n  text: '${long}',\n  more: '${long}',\n})`);
  });

  it('template literals for text with parameter references, escaping backticks and ${', () => {
    expect(print(template(['rate(x[', raw('p.window'), ']) > `${1}`']))).toBe('`rate(x[${p.window}]) > \\`\\${1}\\``');
    expect(template(['plain'])).toBe('plain');
  });

  it('declarations and imports', () => {
    expect(constant('n', 1, { type: 'number' })).toBe('export const n: number = 1;');
    expect(importFrom('intgen', ['type Docs', 'catalog', 'type Alert'])).toBe("import { type Alert, catalog, type Docs } from 'intgen';");
    expect(importFrom('intgen', ['type Docs'])).toBe("import type { Docs } from 'intgen';");
  });
});
