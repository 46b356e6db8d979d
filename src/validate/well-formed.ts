import type { LocatedProblem } from '../core/diagnostics.js';
// A JavaScript string may hold a lone surrogate (half of a UTF-16 pair, e.g. from slicing an emoji), which UTF-8
// cannot encode: written to a file it silently becomes U+FFFD, so the output never matches what was rendered
// (`check --no-cache` reports it stale forever), and a YAML escape of it is one Prometheus rejects. JSON Schema
// has no keyword for it that ajv could check without a pattern on every string, so every string and key of a
// validated value, at any depth, is checked here, with the definition's other schema problems.

/** With the u flag, a surrogate pair is one code point: only a lone half is in category Cs. */
const loneSurrogate = /\p{Cs}/u;

/** The first lone surrogate of `text`, written as an escape, with its position. */
function describe(text: string): string {
  const at = text.search(loneSurrogate);
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  return `holds a lone surrogate (\\u${unit}) at character ${at + 1}, which UTF-8 cannot encode: remove it or complete the pair`;
}

const keyPath = (path: string, key: string) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** A problem for every string (or object key) that is not well-formed Unicode, named by its JSON path. */
export function illFormedStrings(value: unknown): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  // Paths are built only on the way to a problem: the walk itself allocates nothing.
  const walk = (node: unknown, path: () => string): void => {
    if (typeof node === 'string') {
      if (loneSurrogate.test(node)) problems.push({ path: path(), message: describe(node) });
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i += 1) walk(node[i], () => `${path()}[${i}]`);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) {
        const at = () => keyPath(path(), key);
        if (loneSurrogate.test(key)) problems.push({ path: at(), message: `key ${JSON.stringify(key)} ${describe(key)}` });
        walk((node as Record<string, unknown>)[key], at);
      }
    }
  };
  walk(value, () => '');
  return problems;
}
