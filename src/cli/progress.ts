// A build's progress on stderr: one line redrawn in place, only where a person watches a build long enough to
// wonder (a terminal, 50 integrations or more, not --quiet); logs and pipes never see it.

/** What the bar writes to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width; 0 or absent when unknown (a pseudo-terminal without a size), then 80 is assumed. */
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  quiet: boolean;
  /** Least time between two redraws, in milliseconds; default 100. */
  intervalMs?: number;
  /** The clock, in milliseconds; default Date.now. */
  now?: () => number;
}

/** Smaller builds finish before a bar would tell anyone anything. */
export const progressMinIntegrations = 50;

/** Whether a build of `total` integrations shows a bar on `stream`. */
export function showsProgress(stream: ProgressStream, total: number, quiet: boolean): boolean {
  return !quiet && stream.isTTY === true && total >= progressMinIntegrations;
}

const maxBarWidth = 40;

/** `rendering [#####-----] 12/60`, at most `columns - 1` characters so the terminal never wraps it. */
export function progressLine(done: number, total: number, columns: number): string {
  const label = 'rendering ';
  const counter = ` ${done}/${total}`;
  const barWidth = Math.min(maxBarWidth, columns - 1 - label.length - counter.length - 2);
  if (barWidth < 5) return `${label}${done}/${total}`.slice(0, Math.max(0, columns - 1));
  const filled = total > 0 ? Math.round((barWidth * Math.min(done, total)) / total) : barWidth;
  return `${label}[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${counter}`;
}

export interface BuildProgress {
  /** Pass as BuildOptions.onProgress: called after each integration is rendered. */
  update: (done: number, total: number) => void;
  /** Erases the bar, if one was drawn, before anything else is printed. */
  clear: () => void;
}

/** Erases from the cursor to the end of the line (what a shorter redraw or the clear leaves behind). */
const eraseToEnd = '\x1b[K';

export function buildProgress(stream: ProgressStream, options: ProgressOptions): BuildProgress {
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let drawn = false;
  let lastDraw = -Infinity;
  return {
    update: (done, total) => {
      if (!showsProgress(stream, total, options.quiet)) return;
      const time = now();
      if (time - lastDraw < intervalMs) return;
      lastDraw = time;
      stream.write(`\r${progressLine(done, total, stream.columns || 80)}${eraseToEnd}`);
      drawn = true;
    },
    clear: () => {
      if (drawn) stream.write(`\r${eraseToEnd}`);
      drawn = false;
    },
  };
}
