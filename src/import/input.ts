// What the importers read: a file's text under the name the user gave, parsed as YAML (JSON is YAML) with the line
// of every node kept, so a report line and an error can say where in the file a thing was.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { IntgenError } from '../core/errors.js';

export interface SourceText {
  /** The file or URL as given on the command line. */
  source: string;
  text: string;
}

/** A YAML value with the line it starts on; maps and lists keep their children as located values. */
export interface Located {
  value: unknown;
  line: number;
  node: Node | null;
}

/** A file that cannot be read as the importer needs it: names the file and line, exits 1. */
export class InputError extends IntgenError {}

export interface ParsedYaml {
  documents: Located[];
  lineOf: (node: Node | null | undefined) => number;
}

/** Every document of a YAML (or JSON) file; a syntax error is an InputError naming file:line. */
export function parseYamlInput(input: SourceText): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(input.text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new InputError(`${input.source}:${line}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
  }
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  return {
    documents: list
      .filter((document) => document.contents !== null)
      .map((document) => ({
        value: document.toJS({ maxAliasCount: 100 }),
        line: lineOf(document.contents),
        node: document.contents as Node,
      })),
    lineOf,
  };
}

/** The located child `key` of a map (or item `key` of a list). */
export function child(parent: Located, key: string | number, lineOf: ParsedYaml['lineOf']): Located | undefined {
  const node = parent.node;
  const value = (parent.value as Record<string | number, unknown> | undefined)?.[key];
  if (value === undefined) return undefined;
  let childNode: Node | null = null;
  if (isMap(node)) childNode = (node.get(key, true) as Node | undefined) ?? null;
  else if (isSeq(node) && typeof key === 'number') childNode = (node.items[key] as Node | undefined) ?? null;
  return { value, node: childNode, line: childNode ? lineOf(childNode) : parent.line };
}

/** The located items of a list child, or [] when it is absent or not a list. */
export function items(parent: Located, key: string, lineOf: ParsedYaml['lineOf']): Located[] {
  const list = child(parent, key, lineOf);
  if (!list || !Array.isArray(list.value)) return [];
  return list.value.map((_, index) => child(list, index, lineOf)!);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
