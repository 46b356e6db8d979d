// How a query refers to a dashboard variable: shared by the selectors transform, which adds the filters, and the
// dashboard outputs, which declare the variables.
import type { Variable } from '../model/index.js';

/** Reference to a dashboard variable inside a query, e.g. `$instance`. */
export function variableReference(variable: Pick<Variable, 'name'>): string {
  return `$${variable.name}`;
}
