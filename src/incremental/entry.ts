// One integration's record in the build cache file, and what it takes to believe one read back. The file is
// only a cache: an entry of the wrong shape, or one whose seal does not match its content, is dropped (the
// integration is built as without a cache), never trusted and never a crash. The seal is a digest of the
// entry's content: it catches a damaged file and a hand edit of a digest or a file list, not someone who
// recomputes it (README.md, Incremental builds, says what that leaves).
import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../outputs/catalog-index/entry.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { LintResult } from '../lint/lint.js';
import type { BuildConfig } from '../model/index.js';

export interface Entry {
  /** Digest of the inputs. */
  inputs: string;
  lint: LintResult;
  /** Output path (under out/) → digest of its bytes. */
  files: Record<string, string>;
  catalogEntry: CatalogEntry;
}

export interface SealedEntry extends Entry {
  seal: string;
}

export const digest = (data: string | Buffer) => createHash('sha256').update(data).digest('base64url');

/**
 * The digest of what an integration is built from: intgen itself (`tool`, fingerprint.ts), where its module is,
 * the build config as it applies to it, its parameter specs as written (a spec the schema rejects can resolve like
 * a valid one) and its definition, before any transform. The same on any thread, so a build thread digests what
 * it built for the record, and a later run digests the definition it gets to decide whether to reuse it.
 */
export function inputsDigest(
  tool: string,
  { folder, sourceModule }: { folder: string; sourceModule: string },
  paramSpecs: unknown,
  { integration, config }: { integration: object; config: BuildConfig },
): string {
  // Another integration's parameters and overrides are not this one's inputs.
  const scopedConfig = { ...config, params: config.params?.[folder], overrides: config.overrides?.[folder] };
  return digest(JSON.stringify([tool, folder, sourceModule, scopedConfig, paramSpecs, integration], distinctJson));
}

/**
 * A JSON.stringify replacer for digests: values plain JSON would spell like valid data (NaN and Infinity as
 * null, a Date as its string, a class instance as a plain object, functions as nothing) get a spelling of their
 * own, so an invalid definition can never share a digest with a valid one that was recorded.
 */
function distinctJson(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw !== value || typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint') {
    return `\u0000${typeof raw}:${String(raw)}`;
  }
  if (typeof raw === 'number' && !Number.isFinite(raw)) return `\u0000number:${raw}`;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const prototype = Object.getPrototypeOf(raw) as object | null;
    if (prototype !== Object.prototype && prototype !== null) return `\u0000object:${prototype.constructor.name}`;
  }
  return value;
}

/** The entry of integration `folder` as it is written, with its seal. */
export function sealEntry(folder: string, entry: Entry): SealedEntry {
  return { ...entry, seal: sealOf(folder, entry) };
}

/**
 * The entry of `folder` read back, if it has the shape intgen writes and its seal matches. Its content is what
 * a build that passed wrote: files under the integration's folder, listed alike in the catalog entry, and no
 * lint error (an integration with one is never recorded).
 */
export function unsealEntry(folder: string, stored: unknown): Entry | undefined {
  if (!isRecord(stored) || typeof stored.seal !== 'string' || typeof stored.inputs !== 'string') return undefined;
  const { inputs, lint, files, catalogEntry } = stored;
  if (!isLintResult(lint) || lint.findings.some((f) => f.severity !== 'warning')) return undefined;
  if (!isRecord(files) || !Object.entries(files).every(([file, d]) => typeof d === 'string' && isOutputOf(folder, file))) return undefined;
  if (!isRecord(catalogEntry) || catalogEntry.id !== folder || !sameList(catalogEntry.files, Object.keys(files).sort())) return undefined;
  const entry = { inputs, lint, files, catalogEntry } as Entry;
  return sealOf(folder, entry) === stored.seal ? entry : undefined;
}

// The fields by name, in a fixed order: the seal covers what is used, whatever else an edit adds.
const sealOf = (folder: string, { inputs, lint, files, catalogEntry }: Entry) =>
  digest(JSON.stringify(['intgen build', folder, inputs, lint, files, catalogEntry]));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === 'string';

/** A POSIX path under `folder/`, in the form renderers write: no empty, '.' or '..' segments. */
function isOutputOf(folder: string, file: string): boolean {
  const [top, ...rest] = file.split('/');
  return (
    top === folder &&
    rest.length > 0 &&
    rest.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !segment.includes('\\'))
  );
}

function sameList(value: unknown, expected: string[]): boolean {
  return Array.isArray(value) && value.length === expected.length && value.every((item, i) => item === expected[i]);
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (!isRecord(value)) return false;
  const { rule, severity, integration, item, path, range, message, hint } = value;
  const fields = [rule, integration, item, path, message].every(isString) && (severity === 'error' || severity === 'warning');
  return (
    fields &&
    (hint === undefined || isString(hint)) &&
    (range === undefined || (isRecord(range) && typeof range.from === 'number' && typeof range.to === 'number'))
  );
}

function isLintResult(value: unknown): value is LintResult {
  return (
    isRecord(value) &&
    Array.isArray(value.findings) &&
    value.findings.every(isDiagnostic) &&
    Array.isArray(value.excluded) &&
    value.excluded.every((e) => isRecord(e) && isDiagnostic(e.finding) && isString(e.reason))
  );
}
