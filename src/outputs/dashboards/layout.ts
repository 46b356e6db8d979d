// One grid layout for every dashboard product: Grafana's gridPos and Sysdig's layout are both 24 columns
// wide, so positions are computed once here and the renderers only copy them.
import type { Dashboard, Panel, Row } from '../../model/index.js';

export const gridColumns = 24;

export interface GridBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedPanel {
  panel: Panel;
  /** Numeric id, unique in the dashboard: products key panels by number. */
  id: number;
  box: GridBox;
}

/** A panel's key where a product keeps panels by name (Grafana v2's elements, Perses' panels): from its unique id. */
export const panelKey = (panel: Pick<PlacedPanel, 'id'>) => `panel-${panel.id}`;

export interface PlacedRow {
  row: Row;
  id: number;
  /** The row's full-width, one-unit-high header. */
  header: GridBox;
  panels: PlacedPanel[];
}

/** Size of a panel that does not ask for one. Widths are a starting point: spare columns of a line are shared out. */
const defaultSize: Record<Panel['type'], { w: number; h: number }> = {
  timeseries: { w: 8, h: 7 },
  stat: { w: 6, h: 4 },
  table: { w: 12, h: 8 },
  text: { w: gridColumns, h: 4 },
};

/**
 * Rows stack top to bottom, each under a header. Inside a row, panels flow left to right and wrap when the next
 * one would pass column 24. Then each line's spare columns go to its panels that did not ask for a width, so
 * lines end flush. A line is as tall as its tallest panel. Ids number headers and panels in reading order from 1.
 */
export function layoutDashboard(dashboard: Dashboard): PlacedRow[] {
  let nextId = 1;
  let y = 0;
  return dashboard.rows.map((row) => {
    const header: GridBox = { x: 0, y, w: gridColumns, h: 1 };
    const id = nextId++;
    y += header.h;
    const panels: PlacedPanel[] = [];
    for (const line of wrapIntoLines(row.panels)) {
      const widths = fillLine(line);
      let x = 0;
      line.forEach((panel, index) => {
        const w = widths[index] ?? 0;
        panels.push({ panel, id: nextId++, box: { x, y, w, h: panel.height ?? defaultSize[panel.type].h } });
        x += w;
      });
      y += Math.max(...line.map((panel) => panel.height ?? defaultSize[panel.type].h));
    }
    return { row, id, header, panels };
  });
}

function requestedWidth(panel: Panel): number {
  return panel.width ?? defaultSize[panel.type].w;
}

function wrapIntoLines(panels: readonly Panel[]): Panel[][] {
  const lines: Panel[][] = [];
  let current: Panel[] = [];
  let used = 0;
  for (const panel of panels) {
    const w = requestedWidth(panel);
    if (current.length > 0 && used + w > gridColumns) {
      lines.push(current);
      current = [];
      used = 0;
    }
    current.push(panel);
    used += w;
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** Widths of one line's panels: requested widths, plus the spare columns shared among the flexible panels. */
function fillLine(line: readonly Panel[]): number[] {
  const widths = line.map(requestedWidth);
  const flexible = line.flatMap((panel, index) => (panel.width === undefined ? [index] : []));
  const spare = gridColumns - widths.reduce((sum, w) => sum + w, 0);
  if (spare <= 0 || flexible.length === 0) return widths;
  const share = Math.floor(spare / flexible.length);
  const remainder = spare % flexible.length;
  flexible.forEach((index, nth) => {
    // The last flexible panels take the remainder, one column each.
    widths[index] = (widths[index] ?? 0) + share + (nth >= flexible.length - remainder ? 1 : 0);
  });
  return widths;
}
