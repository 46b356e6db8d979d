// Failures intgen expects and explains: printed as one message (no stack trace unless --debug or INTGEN_DEBUG=1),
// each with its exit code. Anything else reaching the top level is a bug in intgen and keeps its trace.

/** An expected failure of the run itself (a file system error, a module that cannot be imported): exit 1. */
export class IntgenError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line input or a refused request (exit code 2), as opposed to a bad definition (exit code 1). */
export class UsageError extends IntgenError {
  override readonly exitCode = 2;
}

/** Thrown for an invalid build config: a definition-level error (exit 1), not a usage error. */
export class ConfigError extends IntgenError {}

/** Whether raw stack traces were asked for. */
export const debugRequested = () => process.argv.includes('--debug') || process.env.INTGEN_DEBUG === '1';
