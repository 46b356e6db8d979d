// grafanaFormats chooses which of Grafana's two models a build writes; the sidecar ConfigMap follows the classic.
import { describe, expect, it } from 'vitest';
import type { BuildConfig } from '../../src/model/index.js';
import { renderers } from '../../src/outputs/index.js';
import { validateBuildConfig } from '../../src/validate/schema.js';
import { calicoIntegration, contextOf } from './helpers.js';

function grafanaFiles(config: BuildConfig): string[] {
  const ctx = { ...contextOf(calicoIntegration()), config };
  return renderers
    .flatMap((render) => render(ctx))
    .map((file) => file.path)
    .filter((path) => path.includes('grafana'));
}

describe('grafanaFormats', () => {
  const classic = ['calico/dashboards/grafana/calico.json', 'calico/dashboards/grafana-dashboards.configmap.yaml'];
  const v2 = ['calico/dashboards/grafana-v2/calico.json'];

  it('writes both models by default', () => {
    expect(grafanaFiles({}).toSorted()).toEqual([...classic, ...v2].toSorted());
    expect(grafanaFiles({ grafanaFormats: ['classic', 'v2'] }).toSorted()).toEqual([...classic, ...v2].toSorted());
  });

  it('writes only the classic model, with its ConfigMap, or only v2, without it', () => {
    expect(grafanaFiles({ grafanaFormats: ['classic'] }).toSorted()).toEqual(classic.toSorted());
    expect(grafanaFiles({ grafanaFormats: ['v2'] })).toEqual(v2);
  });

  it('is one or both of classic and v2, each once', () => {
    expect(validateBuildConfig.problems({ grafanaFormats: ['v2', 'classic'] })).toEqual([]);
    for (const formats of [[], ['v3'], ['v2', 'v2'], 'v2']) {
      expect(validateBuildConfig.problems({ grafanaFormats: formats }), JSON.stringify(formats)).not.toEqual([]);
    }
  });
});
