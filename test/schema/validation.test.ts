import { describe, expect, test } from 'vitest';
import calico from '../../src/integrations/calico/index.js';
import type { Integration } from '../../src/model/index.js';
import { evaluateModule } from '../../src/pipeline/evaluate.js';
import { formatDiagnostic } from '../../src/core/diagnostics.js';
import { jsonPath, validateBuildConfig, validateIntegration, validateParamSpecs } from '../../src/validate/schema.js';
import { defineCalico } from '../helpers/calico.js';
import type { LoadedModule } from '../../src/core/types.js';

const valid = (): Integration => defineCalico();

/** A module whose definition is Calico's with one mutation. */
function mutated(mutate: (i: Integration) => void): LoadedModule {
  return {
    folder: 'calico',
    sourceModule: 'src/integrations/calico/index.ts',
    module: {
      params: calico.params,
      define: () => {
        const i = valid();
        mutate(i);
        return i;
      },
    },
  };
}
/** Why the definition is invalid, one line each (none when it is valid). */
function messages(loaded: LoadedModule, config = {}): string[] {
  const result = evaluateModule(loaded, config);
  return result.status === 'invalid' ? result.diagnostics.map(formatDiagnostic) : [];
}
const firstGroup = (i: Integration) => Object.values(i.alerts)[0]!;
const firstGroupId = () => Object.keys(valid().alerts)[0]!;

describe('the Calico module', () => {
  test('passes the schema', () => {
    expect(validateIntegration.problems(valid())).toEqual([]);
  });
});

describe('broken definitions are rejected with where and what', () => {
  test('a bad duration', () => {
    expect(
      messages(
        mutated((i) => {
          firstGroup(i)[0].for = '5 minutes';
        }),
      ),
    ).toContain(`calico: alerts.${firstGroupId()}[0].for: must be a Prometheus duration like "5m" (got "5 minutes")`);
  });
  test('an unknown severity', () => {
    expect(
      messages(
        mutated((i) => {
          (firstGroup(i)[0] as { severity: string }).severity = 'fatal';
        }),
      ),
    ).toContain(`calico: alerts.${firstGroupId()}[0].severity: must be one of "critical", "warning", "info" (got "fatal")`);
  });
  test('an id that could escape out/', () => {
    expect(
      messages(
        mutated((i) => {
          i.id = '../etc';
        }),
      ),
    ).toContain('calico: id: must be a lowercase id like "calico-node" (got "../etc")');
  });
  test('a job id that is no Kubernetes object name (its PodMonitor is named by it)', () => {
    expect(
      messages(
        mutated((i) => {
          i.jobs[0].id = 'calico-';
        }),
      ),
    ).toContain('calico: jobs[0].id: must be a lowercase id like "calico-node" (got "calico-")');
  });
  test('a dashboard id that is not a file name', () => {
    expect(
      messages(
        mutated((i) => {
          i.dashboards.push({
            id: 'A/B',
            title: 't',
            description: 'd',
            variables: [],
            rows: [{ title: 'r', panels: [{ id: 'p', type: 'text', title: 't', description: '', content: 'x' }] }],
          });
        }),
      ),
    ).toContain(`calico: dashboards[${valid().dashboards.length}].id: must be a lowercase id like "calico-node" (got "A/B")`);
  });
  test('an id that does not match its folder', () => {
    expect(
      messages(
        mutated((i) => {
          i.id = 'calico-two';
        }),
      ),
    ).toContain('calico: id: must equal the module\'s folder name "calico" (got "calico-two")');
  });
  test('a missing summary and an unknown property', () => {
    const problems = messages(
      mutated((i) => {
        const alert = firstGroup(i)[0] as unknown as Record<string, unknown>;
        delete alert.summary;
        alert.sumary = 'typo';
      }),
    );
    expect(problems).toContain(`calico: alerts.${firstGroupId()}[0]: missing required property "summary"`);
    expect(problems.some((p) => p.includes('unknown property "sumary"'))).toBe(true);
  });
  test('a summary without quantiles, and quantiles on a counter', () => {
    const problems = messages(
      mutated((i) => {
        delete i.metrics[0].quantiles; // felix_calc_graph_update_time_seconds is a summary
        i.metrics[1] = { ...i.metrics[1]!, quantiles: [0.5] }; // felix_cluster_num_hosts is a gauge
      }),
    );
    expect(problems).toContain('calico: metrics[0]: missing required property "quantiles"');
    expect(problems).toContain('calico: metrics[1].type: must be "summary" when "quantiles" is set (got "gauge")');
  });
  test('a classic histogram without buckets, a native one with them, and a histogram kind on a gauge', () => {
    const problems = messages(
      mutated((i) => {
        const histogram = { name: 'felix_x_seconds', type: 'histogram', help: 'h', unit: 'seconds', job: i.metrics[0].job } as const;
        i.metrics.push(histogram, { ...histogram, name: 'felix_y_seconds', histogram: 'native', buckets: [1] });
        i.metrics[1] = { ...i.metrics[1]!, histogram: 'native' }; // felix_cluster_num_hosts is a gauge
      }),
    );
    const n = valid().metrics.length;
    expect(problems).toContain(`calico: metrics[${n}]: missing required property "buckets"`);
    expect(problems).toContain(`calico: metrics[${n + 1}]: must not have "buckets" here`);
    expect(problems).toContain('calico: metrics[1].type: must be "histogram" when "histogram" is set (got "gauge")');
  });
  test('a duplicate metric and job', () => {
    const problems = messages(
      mutated((i) => {
        i.metrics.push(i.metrics[0]);
        i.jobs.push(i.jobs[0]);
      }),
    );
    expect(problems).toContain(
      `calico: metrics[${valid().metrics.length}].name: duplicate metric "felix_calc_graph_update_time_seconds" (first at metrics[0].name)`,
    );
    expect(problems.some((p) => p.startsWith(`calico: jobs[${valid().jobs.length}].id: duplicate job id`))).toBe(true);
  });
  test('a define() that throws is reported, not crashed on', () => {
    const loaded: LoadedModule = {
      folder: 'calico',
      sourceModule: 'x',
      module: {
        params: {},
        define: () => {
          throw new Error('boom');
        },
      },
    };
    expect(messages(loaded)).toEqual(['calico: define() threw Error: boom']);
  });
});

describe('a bad panel gets the problems of its own type, each once', () => {
  /** The problems of Calico with its first panel replaced, as `path: message` under that panel. */
  const panelProblems = (panel: Record<string, unknown>) => {
    const i = valid();
    (i.dashboards[0]!.rows[0].panels as unknown[])[0] = panel;
    const at = 'dashboards[0].rows[0].panels[0]';
    return validateIntegration.problems(i).map((p) => `${p.path.replace(at, '') || '.'}: ${p.message}`);
  };
  const base = { id: 'p', title: 'P', description: '' };
  test('queries on a text panel', () => {
    expect(panelProblems({ ...base, type: 'text', content: '# P', queries: [{ expr: 'up' }] })).toEqual([
      '.: unknown property "queries" (allowed: id, type, title, description, width, height, content)',
    ]);
  });
  test('content instead of queries on a time series panel', () => {
    expect(panelProblems({ ...base, type: 'timeseries', content: '# P' })).toEqual([
      '.: missing required property "queries"',
      '.: unknown property "content" (allowed: id, type, title, description, unit, width, height, queries, thresholds)',
    ]);
  });
  test('no queries on a stat panel', () => {
    expect(panelProblems({ ...base, type: 'stat', queries: [] })).toEqual(['.queries: must have at least 1 item']);
  });
  test('an unknown, a missing and a mistyped panel type', () => {
    expect(panelProblems({ ...base, type: 'pie', queries: [{ expr: 'up' }] })).toEqual([
      '.type: must be one of "timeseries", "stat", "table", "text" (got "pie")',
    ]);
    expect(panelProblems({ ...base, queries: [{ expr: 'up' }] })).toEqual(['.: missing required property "type"']);
    expect(panelProblems({ ...base, type: 7, queries: [{ expr: 'up' }] })).toEqual(['.type: must be a string (got 7)']);
  });
  test('an unknown parameter type, through the same discriminator', () => {
    expect(validateParamSpecs.problems({ window: { type: 'string', default: 'x', description: 'd' } })).toEqual([
      { path: 'window.type', message: 'must be one of "duration", "number" (got "string")' },
    ]);
  });
});

describe('parameter overrides', () => {
  const loaded: LoadedModule = { folder: 'calico', sourceModule: 'x', module: calico };
  test('a valid override changes the definition', () => {
    const name = Object.entries(calico.params).find(([, s]) => s.type === 'duration')![0];
    const result = evaluateModule(loaded, { params: { calico: { [name]: '17m' } } });
    if (result.status !== 'linted') throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
    expect(result.context.params.find((p) => p.name === name)).toMatchObject({ value: '17m' });
    expect(JSON.stringify(result.context.integration)).toContain('17m');
  });
  test('an unknown parameter and a bad duration are named', () => {
    const name = Object.entries(calico.params).find(([, s]) => s.type === 'duration')![0];
    const problems = messages(loaded, { params: { calico: { nope: 1, [name]: '5 minutes' } } });
    expect(problems.some((p) => p.startsWith('calico: params.nope: unknown parameter (this module has: '))).toBe(true);
    expect(problems).toContain(`calico: params.${name}: must be a Prometheus duration like "5m" (got "5 minutes")`);
  });
});

test('build config is validated', () => {
  expect(validateBuildConfig.problems({ params: { Calico: {} } })[0]?.message).toMatch(/key "Calico" must be a lowercase id/);
  expect(validateBuildConfig.problems({ parms: {} })[0]?.message).toMatch(/unknown property "parms"/);
});

test('JSON pointers become readable paths', () => {
  expect(jsonPath('/alerts/felix-errors/0/for')).toBe('alerts.felix-errors[0].for');
  expect(jsonPath('')).toBe('');
  expect(jsonPath('/a~1b/2/c')).toBe('a/b[2].c');
});
