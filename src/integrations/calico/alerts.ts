import type { Integration } from '../../model/index.js';
import type { CalicoParams } from './params.js';

export function alerts(_p: CalicoParams): Integration['alerts'] {
  return {};
}
