// Fault injection for node:fs, for errors a test cannot cause for real (a full disk, a read-only mount, a busy
// folder, any permission as root). A test file mocks node:fs with the real module wrapped by withFaults, then
// arms a fault: the next calls of one function on matching paths throw that errno, as Node would.
// Imports nothing, so the mock factory can load it without loading node:fs through itself.

export interface Fault {
  /** The node:fs function, e.g. 'writeFileSync'. */
  call: string;
  /** Matched against the call's first argument (the path). */
  path: RegExp;
  code: string;
}

const wrapped = [
  'accessSync',
  'copyFileSync',
  'linkSync',
  'lstatSync',
  'mkdirSync',
  'openSync',
  'readdirSync',
  'readFileSync',
  'renameSync',
  'rmSync',
  'writeFileSync',
] as const;

const twoPaths = new Set<string>(['copyFileSync', 'linkSync', 'renameSync']);

export function withFaults<T extends object>(fs: T, faults: readonly Fault[]): T {
  const module: Record<string, unknown> = { ...(fs as Record<string, unknown>) };
  for (const name of wrapped) {
    const real = (fs as Record<string, (...args: unknown[]) => unknown>)[name]!;
    module[name] = (...args: unknown[]) => {
      const target = String(args[0]);
      const fault = faults.find((f) => f.call === name && f.path.test(target));
      if (fault) {
        // As Node reports them: calls with two paths name both.
        const dest = twoPaths.has(name) ? { dest: String(args[1]) } : {};
        throw Object.assign(new Error(`${fault.code}: injected fault, ${name} '${target}'`), {
          code: fault.code,
          syscall: name,
          path: target,
          ...dest,
        });
      }
      return real(...args);
    };
  }
  return { ...module, default: module } as T;
}
