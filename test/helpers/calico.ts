// The Calico module as tests use it: defined with its default parameters, or with some overridden.
import calico from '../../src/integrations/calico/index.js';
import type { CalicoParams } from '../../src/integrations/calico/params.js';
import type { Integration } from '../../src/model/index.js';

export const calicoDefaults = Object.fromEntries(Object.entries(calico.params).map(([name, spec]) => [name, spec.default])) as CalicoParams;

/** A fresh definition each call, so a test may mutate it. */
export function defineCalico(overrides: Partial<CalicoParams> = {}): Integration {
  return structuredClone(calico.define({ ...calicoDefaults, ...overrides }));
}
