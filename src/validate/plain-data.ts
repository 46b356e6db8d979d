import type { LocatedProblem } from '../core/diagnostics.js';
// What define() returned must be data before anything else reads it: schema validation, the build cache's
// digest (JSON) and the renderers all walk it and would crash on a property that throws when read, or loop (or
// throw "circular structure") on an object that contains itself. One walk up front turns those into problems
// with a path. Objects shared by several places are fine; only an object inside itself is a cycle.

/** `['.alerts', '.core', '[0]']` → `alerts.core[0]` */
const pathOf = (steps: readonly string[]) => steps.join('').replace(/^\./, '');

/** Problems of `value` as data; `describeThrown` tells what a property getter threw. */
export function plainDataProblems(value: unknown, describeThrown: (error: unknown) => string): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  // The objects from the root down to the one being walked, and the steps to each: meeting one again is a
  // cycle. Paths are built only for problems: this walk runs on every definition of every run.
  const ancestors: object[] = [];
  const steps: string[] = [];
  const walked = new WeakSet<object>();
  const walk = (node: object): void => {
    if (node instanceof Promise) {
      node.catch(() => undefined); // reported here, so its rejection must not crash the process
      problems.push({ path: pathOf(steps), message: 'is a Promise: a definition holds values, computed synchronously by define()' });
      return;
    }
    const first = ancestors.indexOf(node);
    if (first !== -1) {
      const same = pathOf(steps.slice(0, first)) || 'the whole definition';
      problems.push({
        path: pathOf(steps),
        message: `contains itself: it is the same object as ${same} (a cycle; a definition must be a tree of data)`,
      });
      return;
    }
    if (walked.has(node)) return;
    ancestors.push(node);
    const inArray = Array.isArray(node);
    for (const key of Object.keys(node)) {
      let child: unknown;
      try {
        child = (node as Record<string, unknown>)[key];
      } catch (error) {
        problems.push({ path: pathOf([...steps, inArray ? `[${key}]` : `.${key}`]), message: `reading it threw ${describeThrown(error)}` });
        continue;
      }
      if (typeof child !== 'object' || child === null) continue;
      steps.push(inArray ? `[${key}]` : `.${key}`);
      walk(child);
      steps.pop();
    }
    ancestors.pop();
    walked.add(node);
  };
  if (typeof value === 'object' && value !== null) walk(value);
  return problems;
}
