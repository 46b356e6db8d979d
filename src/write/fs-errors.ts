// File system failures while reading or writing out/, as one-line messages: which path, what went wrong in
// words, and what to do, instead of a Node stack trace.
import { IntgenError } from '../core/errors.js';

const explanations: Record<string, string> = {
  EACCES: 'permission denied: give the user running intgen access to it, or choose another --out',
  EPERM: 'operation not permitted: give the user running intgen access to it, or choose another --out',
  ENOSPC: 'no space left on the device: free some space and run again',
  EDQUOT: 'disk quota exceeded: free some space and run again',
  EBUSY: 'busy: it is in use or a mount point; close what uses it, or choose another --out',
  ENOTDIR: 'a part of the path is a file where a folder is needed',
  EISDIR: 'a folder is where a file is needed',
  EROFS: 'the file system is read-only: choose an --out on a writable one',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run again',
  ENFILE: 'too many open files in the system: close some and run again',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error: check the disk',
};

type Errno = NodeJS.ErrnoException & { dest?: string };

const isErrno = (error: unknown): error is Errno => error instanceof Error && typeof (error as Errno).code === 'string';

/**
 * `error` as an IntgenError when it is a file system error: "cannot <doing>: <path>: <what, what to do>", then
 * `outcome` (what became of out/). Anything else is returned as it is: a bug keeps its trace.
 */
export function fsFailure(error: unknown, doing: string, outcome?: string): unknown {
  if (error instanceof IntgenError || !isErrno(error)) return error;
  const code = error.code!;
  const where = error.path ? `: ${error.path}${error.dest ? ` → ${error.dest}` : ''}` : '';
  const what = explanations[code] ?? error.message;
  return new IntgenError(`cannot ${doing}${where}: ${what} (${code})${outcome ? `; ${outcome}` : ''}`, { cause: error });
}

/** Runs `action`, turning a file system error into an IntgenError (fsFailure). */
export function describeFsErrors<T>(doing: string, action: () => T, outcome?: string): T {
  try {
    return action();
  } catch (error) {
    throw fsFailure(error, doing, outcome);
  }
}

/** The errno code of `error`, if it is a file system error. */
export const errnoCode = (error: unknown): string | undefined => (isErrno(error) ? error.code : undefined);
