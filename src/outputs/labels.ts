// Label maps as every output writes them.
import type { Labels } from '../model/index.js';

/** The labels that are set (the model's label maps allow undefined values). */
export function definedLabels(labels: Labels | undefined, except: string[] = []): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels ?? {})) {
    if (value !== undefined && !except.includes(name)) defined[name] = value;
  }
  return defined;
}
