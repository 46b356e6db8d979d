// A dashboard product's query → the model's Query: the product's variables out, concrete windows in, and the
// result parsed as PromQL. Grafana and Sysdig write the same things differently (Sysdig leaves a variable in a
// matcher unquoted), so one reader serves both through its dialect.
import { parsePromQL, position, type Selector } from '../../analysis/promql/parse.js';
import { applyEdits, type Edit } from '../../analysis/promql/rewrite.js';
import { isRateWindow, rateWindowFunctions } from '../../analysis/promql/windows.js';
import type { Query } from '../../model/index.js';

export type DashboardProductDialect = 'grafana' | 'sysdig';

/** The variable each product sizes "the rate now" from: what the model's rate window renders as. */
const nativeRateVariable: Record<DashboardProductDialect, string> = { grafana: '__rate_interval', sysdig: '__interval' };

/** Built-in window variables: each becomes a concrete window, the rate window where it is one. */
const windowVariables = new Set(['__rate_interval', '__interval', '__range']);

/** The rate window an imported query declares, the kit's default; another when the query has it as a fixed window. */
const rateWindowCandidates = ['5m', '10m', '15m', '30m', '1h'];

/** What the dashboard's variables are to the model. */
export interface VariableScope {
  dialect: DashboardProductDialect;
  /** Variables the model keeps as label variables: the name queries use → the label it filters. */
  labelVariables: ReadonlyMap<string, string>;
  /** Variables the model cannot keep (constants, custom lists): the name → the current value that stands in. */
  valueVariables: ReadonlyMap<string, string>;
  /** Variables the model leaves out: a matcher on one is left out with them. */
  droppedVariables: ReadonlySet<string>;
}

export type ImportedQuery =
  | {
      ok: true;
      query: Query;
      /** Metric names the query reads. */
      metrics: string[];
      /** How the query was changed, each a sentence for an approximated report line. */
      approximations: string[];
      /** Value variables written in as their current value, once for the expression and once for the legend. */
      substituted: string[];
    }
  | { ok: false; reason: string };

// $name, ${name} or ${name:format}, [[name]] or [[name:format]]: Grafana's three reference syntaxes (Sysdig's is the first).
const referenceSource = String.raw`\$\{(\w+)(?::[^}]*)?\}|\$(\w+)|\[\[(\w+)(?::[^\]]*)?\]\]`;
const referenceAt = new RegExp(referenceSource, 'y');
const wholeReference = new RegExp(`^(?:${referenceSource})$`);
const anyReference = new RegExp(referenceSource, 'g');

const referenceName = (match: RegExpExecArray): string => (match[1] ?? match[2] ?? match[3])!;

export function importQuery(expr: string, legend: string | undefined, scope: VariableScope): ImportedQuery {
  const text = expr.trim();
  let failure: string | undefined;
  for (const window of rateWindowCandidates) {
    const substituted = substituteReferences(text, scope, window);
    if (!substituted.ok) return substituted;
    const parsed = parsePromQL(substituted.expr);
    const problem = parsed.problems[0];
    if (problem) {
      const { line, column } = position(substituted.expr, problem.from);
      const where = text.includes('\n') ? `line ${line} column ${column}` : `column ${column}`;
      const read = substituted.expr === text ? '' : ` (read as ${JSON.stringify(substituted.expr)})`;
      return { ok: false, reason: `does not parse as PromQL at ${where}: ${problem.message}${read}` };
    }
    const fromVariable = (s: Selector) => s.range !== undefined && substituted.windows.some((w) => w.from === s.range!.from);
    // A fixed window of this length on a rate would turn into the product's rate variable as well: try another.
    if (parsed.selectors.some((s) => !fromVariable(s) && isRateWindow(s, window))) {
      failure = `has fixed rate windows of every length from ${rateWindowCandidates.join(', ')}`;
      continue;
    }
    return finish(substituted, parsed.selectors, window, legend, scope);
  }
  return { ok: false, reason: failure ?? 'has no usable rate window' };
}

/** The selectors of a product query as the model would read it, or none when it does not parse. */
export function selectorsOf(expr: string, scope: VariableScope): Selector[] {
  const substituted = substituteReferences(expr.trim(), scope, rateWindowCandidates[0]!);
  return substituted.ok ? parsePromQL(substituted.expr).selectors : [];
}

interface Substituted {
  ok: true;
  expr: string;
  /** Where a window variable now stands as a concrete window, and which variable it was. */
  windows: { from: number; variable: string }[];
  substituted: string[];
}

/**
 * Every variable reference replaced so the query parses: a window variable by `window`, a label variable in a
 * matcher by its quoted reference (Sysdig writes it bare), a value variable by its value. A reference the
 * model has no place for fails the query.
 */
function substituteReferences(text: string, scope: VariableScope, window: string): Substituted | { ok: false; reason: string } {
  let out = '';
  const windows: Substituted['windows'] = [];
  const substituted = new Set<string>();
  let quote: string | undefined;
  for (let i = 0; i < text.length; ) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === '\\' && quote !== '`') {
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
    }
    referenceAt.lastIndex = i;
    const match = char === '$' || char === '[' ? referenceAt.exec(text) : null;
    if (!match) {
      out += char;
      i++;
      continue;
    }
    const name = referenceName(match);
    const reference = match[0];
    const after = text.slice(i + reference.length).trimStart();
    if (windowVariables.has(name) && quote === undefined && out.trimEnd().endsWith('[') && /^[\]:]/.test(after)) {
      windows.push({ from: out.length, variable: name });
      out += window;
    } else if (scope.valueVariables.has(name)) {
      out += scope.valueVariables.get(name);
      substituted.add(name);
    } else if (scope.labelVariables.has(name) || scope.droppedVariables.has(name)) {
      if (quote !== undefined) out += reference;
      else if (/(?:=~|!~|!=|=)\s*$/.test(out)) out += JSON.stringify(reference);
      else return { ok: false, reason: `uses the variable ${reference} outside a label matcher, which the model cannot express` };
    } else {
      const what = name.startsWith('__') ? 'a Grafana built-in variable the model has no equivalent for' : 'no variable of the dashboard';
      return { ok: false, reason: `uses ${reference}, ${what}` };
    }
    i += reference.length;
  }
  return { ok: true, expr: out, windows, substituted: [...substituted] };
}

function finish(
  substituted: Substituted,
  selectors: readonly Selector[],
  window: string,
  legend: string | undefined,
  scope: VariableScope,
): ImportedQuery {
  const approximations: string[] = [];
  // Each window variable with the selector it is the range of (none for a subquery's), a rate window or not.
  const placed = substituted.windows.map((w) => ({ ...w, selector: selectors.find((s) => s.range?.from === w.from) }));
  const isRate = (p: (typeof placed)[number]) => p.selector?.func !== undefined && rateWindowFunctions.has(p.selector.func);
  const rates = placed.filter(isRate);
  const fixed = placed.filter((p) => !isRate(p));
  const names = (list: typeof placed) => [...new Set(list.map((p) => `$${p.variable}`))].join(', ');
  const foreign = rates.filter((p) => p.variable !== nativeRateVariable[scope.dialect]);
  if (foreign.length > 0) {
    approximations.push(
      `the window ${names(foreign)} becomes the rate window ${window}, which renders as $${nativeRateVariable[scope.dialect]}`,
    );
  }
  if (fixed.length > 0) {
    const readers = [...new Set(fixed.map((p) => (p.selector ? (p.selector.func ?? 'a range selector') : 'a subquery')))].join(', ');
    approximations.push(
      `the window ${names(fixed)} of ${readers} is fixed at ${window}: the model's rate window is that of rate, irate and increase`,
    );
  }
  const scoped = withoutVariableMatchers(substituted.expr, selectors, scope);
  if (!scoped.ok) return scoped;
  approximations.push(...scoped.approximations);
  const importedLegend = legend === undefined ? undefined : renameReferences(legend, scope);
  const rateWindow = rates.length > 0 ? window : undefined;
  const query: Query = {
    expr: scoped.expr,
    ...(rateWindow ? { rateWindow } : {}),
    ...(importedLegend?.text ? { legend: importedLegend.text } : {}),
  };
  return {
    ok: true,
    query,
    metrics: [...new Set(parsePromQL(scoped.expr).selectors.flatMap((s) => (s.metric ? [s.metric] : [])))],
    approximations,
    // The expression and the legend are a place each.
    substituted: [...substituted.substituted, ...(importedLegend?.substituted ?? [])],
  };
}

/**
 * The query without its label variables' matchers: the model adds `label=~"$label"` to every selector for every
 * variable, so they come back on rendering. A matcher that uses a variable some other way cannot come back.
 */
function withoutVariableMatchers(
  expr: string,
  selectors: readonly Selector[],
  scope: VariableScope,
): { ok: true; expr: string; approximations: string[] } | { ok: false; reason: string } {
  const edits: Edit[] = [];
  const approximations: string[] = [];
  const labels = new Set(scope.labelVariables.values());
  const unfiltered = new Set<string>();
  for (const selector of selectors) {
    const variableMatchers = selector.matchers.filter((m) => referencesVariable(m.value, scope));
    for (const m of variableMatchers) {
      const name = wholeReference.exec(m.value);
      const label = name ? scope.labelVariables.get(referenceName(name)) : undefined;
      if (label !== m.label || (m.op !== '=~' && m.op !== '=')) {
        approximations.push(
          `the matcher ${expr.slice(m.from, m.to)} is left out: the model filters a label by the label's own variable only`,
        );
      } else if (m.op === '=') {
        approximations.push(
          `the matcher ${expr.slice(m.from, m.to)} becomes ${m.label}=~"$${m.label}": the model matches every value picked`,
        );
      }
    }
    for (const label of labels) if (!selector.matchers.some((m) => m.label === label)) unfiltered.add(label);
    if (variableMatchers.length === 0 || !selector.braces) continue;
    const kept = selector.matchers.filter((m) => !variableMatchers.includes(m));
    const inside = expr.slice(selector.braces.from + 1, selector.braces.to - 1);
    const uncovered = selector.matchers.reduce((rest, m) => rest.replace(expr.slice(m.from, m.to), ''), inside);
    if (!/^[\s,]*$/.test(uncovered)) continue; // a matcher the parser does not list: leave the braces whole
    if (kept.length === 0 && selector.metric === undefined) {
      return {
        ok: false,
        reason: `the selector ${expr.slice(selector.vector.from, selector.vector.to)} filters by dashboard variables only`,
      };
    }
    const text = kept.length === 0 ? '' : `{${kept.map((m) => expr.slice(m.from, m.to)).join(', ')}}`;
    edits.push({ from: selector.braces.from, to: selector.braces.to, text });
  }
  if (unfiltered.size > 0) {
    const names = [...labels]
      .filter((label) => unfiltered.has(label))
      .map((label) => `$${label}`)
      .join(', ');
    approximations.push(`every selector is filtered by ${names} now: the model filters by every dashboard variable`);
  }
  return { ok: true, expr: applyEdits(expr, edits), approximations };
}

function referencesVariable(value: string, scope: VariableScope): boolean {
  return [...value.matchAll(anyReference)].some(
    (match) => scope.labelVariables.has(referenceName(match)) || scope.droppedVariables.has(referenceName(match)),
  );
}

/**
 * Text a product expands variables in (a legend, a title): value variables become their value, label
 * variables are referred to by the model's name for them, the label.
 */
export function renameReferences(text: string, scope: VariableScope): { text: string; substituted: string[] } {
  const substituted = new Set<string>();
  const renamed = text.replace(anyReference, (reference, ...groups: (string | undefined)[]) => {
    const name = (groups[0] ?? groups[1] ?? groups[2])!;
    const value = scope.valueVariables.get(name);
    if (value !== undefined) {
      substituted.add(name);
      return value;
    }
    const label = scope.labelVariables.get(name);
    return label === undefined || label === name ? reference : `$${label}`;
  });
  return { text: renamed, substituted: [...substituted] };
}
