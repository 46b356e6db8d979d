// How a failure inside an integration module is told: what was thrown and where in the module's source, as one
// line. "Where" is the first stack frame in the catalog's running code, mapped back through its source map, so
// the reader is sent to the .ts file they edit, not to the transformed copy that ran (from-source.ts).
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../support/own-files.js';

/**
 * A path for messages and do-not-edit headers: relative to intgen's package when inside it, else to the working
 * directory, with '/' separators, so the same checkout names the same file on every machine.
 */
export function displayPath(file: string): string {
  const relative = isInside(file, packageRoot) ? path.relative(packageRoot, file) : path.relative(process.cwd(), file);
  return (relative || '.').split(path.sep).join('/');
}

export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

interface Location {
  file: string;
  line: number;
  column?: number;
}

// `    at define (file:///x/index.js:3:11)`, `    at file:///x/index.js:3:11`, and the `file:///x/index.js:2`
// line Node puts above a SyntaxError found while parsing a module.
const stackLocation = /(?:^|[\s(])((?:file:\/\/|\/)[^\s()]+?):(\d+)(?::(\d+))?\)?\s*$/;

function stackLines(error: unknown): string[] {
  try {
    const stack = (error as { stack?: unknown } | null)?.stack;
    return typeof stack === 'string' ? stack.split('\n') : [];
  } catch {
    return [];
  }
}

/** The first place in the stack that lies in `codeDir`. */
function firstFrameIn(error: unknown, codeDir: string): Location | undefined {
  for (const line of stackLines(error)) {
    const match = stackLocation.exec(line);
    if (!match) continue;
    const [, where, lineNumber, column] = match as unknown as [string, string, string, string | undefined];
    let file: string;
    try {
      file = where.startsWith('file:') ? fileURLToPath(where) : where;
    } catch {
      continue;
    }
    if (isInside(file, codeDir)) return { file, line: Number(lineNumber), ...(column ? { column: Number(column) } : {}) };
  }
  return undefined;
}

/** The source map a compiled file names in its `//# sourceMappingURL=` comment, file or inline. */
function sourceMapOf(file: string): { map: SourceMap; dir: string; sourceRoot: string } | undefined {
  try {
    const code = readFileSync(file, 'utf8');
    const url = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
    if (!url) return undefined;
    let text: string;
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const data = url.slice(comma + 1);
      text = url.slice(0, comma).endsWith(';base64') ? Buffer.from(data, 'base64').toString('utf8') : decodeURIComponent(data);
    } else {
      text = readFileSync(path.resolve(path.dirname(file), decodeURIComponent(url)), 'utf8');
    }
    const payload = JSON.parse(text) as ConstructorParameters<typeof SourceMap>[0] & { sourceRoot?: string };
    return { map: new SourceMap(payload), dir: path.dirname(file), sourceRoot: payload.sourceRoot ?? '' };
  } catch {
    return undefined;
  }
}

/** The location in the original source, when the file has a source map that covers it. */
function original(location: Location): Location {
  const mapped = sourceMapOf(location.file);
  if (!mapped) return location;
  const column = (location.column ?? 1) - 1;
  const entry = mapped.map.findEntry(location.line - 1, column) as Partial<{
    generatedColumn: number;
    originalSource: string;
    originalLine: number;
    originalColumn: number;
  }>;
  if (!entry.originalSource || entry.originalLine === undefined) return location;
  const source = entry.originalSource.startsWith('file:')
    ? fileURLToPath(entry.originalSource)
    : path.resolve(mapped.dir, mapped.sourceRoot, entry.originalSource);
  // Between two mapped positions the source runs on as the code does (a line-for-line map has one per line).
  const originalColumn = (entry.originalColumn ?? 0) + column - (entry.generatedColumn ?? column);
  return { file: source, line: entry.originalLine + 1, ...(location.column ? { column: originalColumn + 1 } : {}) };
}

/** `src/integrations/etcd/alerts.ts:12:9`: where in the module's source `error` was thrown, if it was there. */
export function errorLocation(error: unknown, codeDir: string): string | undefined {
  const frame = firstFrameIn(error, codeDir);
  if (!frame) return undefined;
  const { file, line, column } = original(frame);
  return `${displayPath(file)}:${line}${column ? `:${column}` : ''}`;
}

function thrownText(error: unknown): string {
  try {
    return error instanceof Error ? String(error) : typeof error === 'string' ? JSON.stringify(error) : String(error);
  } catch {
    return 'a value that cannot be shown';
  }
}

/**
 * What a module threw, in one line: `TypeError: x is not a function (at src/integrations/etcd/alerts.ts:12:9)`,
 * with a hint for the failures whose message does not say what to do.
 */
export function describeThrown(error: unknown, codeDir: string | undefined): string {
  const location = codeDir === undefined ? undefined : errorLocation(error, codeDir);
  let text = `${thrownText(error)}${location ? ` (at ${location})` : ''}`;
  if (error instanceof ReferenceError && /before initialization/.test(error.message)) {
    // A binding read in its temporal dead zone: almost always one module of an import cycle reading an export
    // of another that ES module evaluation has not reached yet.
    text +=
      ': a value was read before the module that defines it had run, which is what a circular import does ' +
      '(ES modules run the modules they import first, so in a cycle one of them runs before the other has defined its exports); ' +
      'move what both modules need into a third module that imports neither';
  }
  if ((error as { code?: unknown } | null)?.code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    text +=
      ': a module imported a TypeScript file from outside its source folder, which Node.js cannot run; intgen runs the files of the source folder (transformed), so move the file into it';
  }
  return text;
}
