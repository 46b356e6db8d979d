import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridColumns, layoutDashboard, type GridBox } from '../../src/outputs/dashboards/layout.js';
import type { Dashboard, Panel } from '../../src/model/index.js';

function dashboardOf(rows: Panel[][]): Dashboard {
  return {
    id: 'd',
    title: 'D',
    description: 'D',
    variables: [],
    rows: rows.map((panels, index) => ({ title: `Row ${index}`, panels: panels as [Panel, ...Panel[]] })) as Dashboard['rows'],
  };
}

function panel(id: string, type: Panel['type'], size: { width?: number; height?: number } = {}): Panel {
  return type === 'text'
    ? { id, type, title: id, description: '', content: id, ...size }
    : { id, type, title: id, description: '', queries: [{ expr: 'up' }], ...size };
}

function overlaps(a: GridBox, b: GridBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

const panelArbitrary = fc.record({
  type: fc.constantFrom<Panel['type']>('timeseries', 'stat', 'table', 'text'),
  width: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  height: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
});

describe('layoutDashboard', () => {
  it('places every panel once, inside the grid, without overlaps, rows below one another', () => {
    fc.assert(
      fc.property(fc.array(fc.array(panelArbitrary, { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 5 }), (spec) => {
        const dashboard = dashboardOf(
          spec.map((row, r) => row.map((p, i) => panel(`p${r}-${i}`, p.type, { width: p.width, height: p.height }))),
        );
        const rows = layoutDashboard(dashboard);
        const boxes = rows.flatMap((row) => [row.header, ...row.panels.map((p) => p.box)]);
        const ids = rows.flatMap((row) => [row.id, ...row.panels.map((p) => p.id)]);
        expect(ids).toEqual(ids.map((_, index) => index + 1));
        expect(rows.flatMap((row) => row.panels.map((p) => p.panel))).toEqual(dashboard.rows.flatMap((row) => row.panels));
        for (const box of boxes) {
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.w).toBeGreaterThanOrEqual(1);
          expect(box.h).toBeGreaterThanOrEqual(1);
          expect(box.x + box.w).toBeLessThanOrEqual(gridColumns);
        }
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), JSON.stringify([a, b])).toBe(false);
        rows.forEach((row, r) => {
          expect(row.header).toMatchObject({ x: 0, w: gridColumns, h: 1 });
          for (const placed of row.panels) {
            expect(placed.box.y).toBeGreaterThan(row.header.y);
            if (placed.panel.width !== undefined) expect(placed.box.w).toBe(placed.panel.width);
            if (placed.panel.height !== undefined) expect(placed.box.h).toBe(placed.panel.height);
          }
          const next = rows[r + 1];
          if (next) for (const placed of row.panels) expect(placed.box.y + placed.box.h).toBeLessThanOrEqual(next.header.y);
        });
      }),
    );
  });

  it('wraps at 24 columns and shares a line’s spare columns among panels without a width', () => {
    const [row] = layoutDashboard(dashboardOf([[1, 2, 3, 4, 5].map((n) => panel(`t${n}`, 'timeseries'))]));
    expect(row?.panels.map((p) => [p.box.x, p.box.y, p.box.w])).toEqual([
      [0, 1, 8],
      [8, 1, 8],
      [16, 1, 8],
      [0, 8, 12],
      [12, 8, 12],
    ]);
  });

  it('keeps requested widths and gives the rest of the line to the others', () => {
    const [row] = layoutDashboard(
      dashboardOf([[panel('wide', 'timeseries', { width: 10 }), panel('a', 'stat'), panel('b', 'stat', { height: 6 })]]),
    );
    expect(row?.panels.map((p) => p.box)).toEqual([
      { x: 0, y: 1, w: 10, h: 7 },
      { x: 10, y: 1, w: 7, h: 4 },
      { x: 17, y: 1, w: 7, h: 6 },
    ]);
  });

  it('starts a row under the tallest panel of the previous row', () => {
    const rows = layoutDashboard(dashboardOf([[panel('short', 'stat'), panel('tall', 'table', { height: 12 })], [panel('next', 'text')]]));
    expect(rows[1]?.header.y).toBe(1 + 12);
    expect(rows[1]?.panels[0]?.box).toEqual({ x: 0, y: 14, w: 24, h: 4 });
  });
});
