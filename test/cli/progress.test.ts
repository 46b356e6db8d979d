// The build progress bar: when it shows, what it draws, how often, and that it leaves nothing behind.
import { describe, expect, test } from 'vitest';
import { buildProgress, progressLine, progressMinIntegrations, showsProgress, type ProgressStream } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean, columns = 80): ProgressStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

describe('showsProgress', () => {
  test.each([
    [true, progressMinIntegrations, false, true],
    [true, progressMinIntegrations - 1, false, false],
    [false, 500, false, false],
    [true, 500, true, false],
  ])('terminal %s, %i integrations, quiet %s → %s', (isTTY, total, quiet, expected) => {
    expect(showsProgress(fakeStream(isTTY), total, quiet)).toBe(expected);
  });
});

describe('progressLine', () => {
  test('a bar filled in proportion, and the count', () => {
    expect(progressLine(0, 60, 80)).toBe(`rendering [${'-'.repeat(40)}] 0/60`);
    expect(progressLine(30, 60, 80)).toBe(`rendering [${'#'.repeat(20)}${'-'.repeat(20)}] 30/60`);
    expect(progressLine(60, 60, 80)).toBe(`rendering [${'#'.repeat(40)}] 60/60`);
  });

  test('never as wide as the terminal, so it never wraps', () => {
    for (const columns of [10, 20, 30, 40, 60, 200]) {
      expect(progressLine(7, 120, columns).length).toBeLessThan(columns);
    }
    expect(progressLine(7, 120, 30)).toBe('rendering [#----------] 7/120');
    expect(progressLine(7, 120, 20)).toBe('rendering 7/120');
  });
});

describe('buildProgress', () => {
  test('draws in place at most once per interval, then erases itself', () => {
    const stream = fakeStream(true);
    let time = 0;
    const progress = buildProgress(stream, { quiet: false, intervalMs: 100, now: () => time });
    progress.update(1, 60);
    time = 50;
    progress.update(2, 60);
    time = 100;
    progress.update(3, 60);
    progress.clear();
    expect(stream.written).toEqual([`\r${progressLine(1, 60, 80)}\x1b[K`, `\r${progressLine(3, 60, 80)}\x1b[K`, '\r\x1b[K']);
  });

  test('a terminal that reports no width gets an 80-column bar', () => {
    const stream = fakeStream(true, 0);
    buildProgress(stream, { quiet: false, now: () => 0 }).update(1, 60);
    expect(stream.written).toEqual([`\r${progressLine(1, 60, 80)}\x1b[K`]);
  });

  test('writes nothing at all for small builds, pipes or --quiet', () => {
    const cases = [
      { stream: fakeStream(true), quiet: false, total: progressMinIntegrations - 1 },
      { stream: fakeStream(false), quiet: false, total: 500 },
      { stream: fakeStream(true), quiet: true, total: 500 },
    ];
    for (const { stream, quiet, total } of cases) {
      const progress = buildProgress(stream, { quiet, now: () => 0 });
      for (let done = 1; done <= total; done += 1) progress.update(done, total);
      progress.clear();
      expect(stream.written).toEqual([]);
    }
  });
});
