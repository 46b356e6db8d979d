import { param, type ParamValues } from '../../model/index.js';

/** Thresholds and windows of the Calico alerts; override per build in intgen.config.json. */
export const params = {
  errorWindow: param.duration('5m', 'Window over which an error counter must increase for an error alert to fire.'),
};

export type CalicoParams = ParamValues<typeof params>;
