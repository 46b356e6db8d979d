// Terminal output: color unless NO_COLOR (or not a TTY), --quiet for problems only.
import { styleText } from 'node:util';
import type { CatalogBuild } from '../pipeline/build.js';
import { formatProblem } from '../core/problems.js';

export const useColor = () => !('NO_COLOR' in process.env) && process.stdout.isTTY === true;

type Style = Parameters<typeof styleText>[0];
export const paint = (style: Style, text: string) => (useColor() ? styleText(style, text) : text);

/** Prints what stops a build: schema/parameter problems. Returns how many there were. */
export function printProblems(build: CatalogBuild): number {
  const problems = build.results.flatMap((r) => r.problems);
  for (const p of problems) console.error(`${paint('red', 'error')} ${formatProblem(p)}`);
  return problems.length;
}
