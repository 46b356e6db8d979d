// What define() returned must be data before anything else reads it: schema validation, the build cache's
// digest (JSON) and the renderers all walk it and would crash on a property that throws when read, or loop (or
// throw "circular structure") on an object that contains itself. One walk up front turns those into problems
// with a path. Objects shared by several places are fine; only an object inside itself is a cycle.
import type { SchemaProblem } from './schema.js';

const childPath = (parent: string, key: string, inArray: boolean) => (inArray ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);

/** Problems of `value` as data; `describeThrown` tells what a property getter threw. */
export function plainDataProblems(value: unknown, describeThrown: (error: unknown) => string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  // Objects on the path from the root to the one being walked, with their paths: meeting one again is a cycle.
  const ancestors = new Map<object, string>();
  const walked = new WeakSet<object>();
  const walk = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (node instanceof Promise) {
      node.catch(() => undefined); // reported here, so its rejection must not crash the process
      problems.push({ path: at, message: 'is a Promise: a definition holds values, computed synchronously by define()' });
      return;
    }
    const first = ancestors.get(node);
    if (first !== undefined) {
      problems.push({ path: at, message: `contains itself: it is the same object as ${first || 'the whole definition'} (a cycle; a definition must be a tree of data)` });
      return;
    }
    if (walked.has(node)) return;
    ancestors.set(node, at);
    const inArray = Array.isArray(node);
    for (const key of Object.keys(node)) {
      const path = childPath(at, key, inArray);
      let child: unknown;
      try {
        child = (node as Record<string, unknown>)[key];
      } catch (error) {
        problems.push({ path, message: `reading it threw ${describeThrown(error)}` });
        continue;
      }
      walk(child, path);
    }
    ancestors.delete(node);
    walked.add(node);
  };
  walk(value, '');
  return problems;
}
