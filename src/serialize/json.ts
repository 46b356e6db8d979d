// Deterministic JSON: outputs are built as data and serialized here, never string-templated. Apart from the
// YAML writer (serialize.ts) because much reads JSON without writing any YAML, and that library is large to load.

/** Two-space indentation and a trailing newline. */
export function toJson(data: unknown): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
