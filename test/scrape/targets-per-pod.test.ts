// Pod discovery makes a target per declared container port; both flavours of every job keep one per pod: the
// job's port, or the pod IP when the container declares none, addressed for IPv4 and IPv6 alike.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Integration } from '../../src/model/index.js';
import { relabelConfigs, type ScrapeFlavour } from '../../src/analysis/relabel/engine.js';
import { relabel } from '../../src/analysis/relabel/simulate.js';
import { arbitraryPod, calicoIntegration, declaredPorts, discoveredTargets, pod, scrapeTargets } from './support.js';

let calico: Integration;

beforeAll(async () => {
  calico = await calicoIntegration();
});

const flavours: ScrapeFlavour[] = ['sysdig-agent', 'prometheus'];

describe.each(flavours)('%s jobs', (flavour) => {
  it('make one target of a pod whose container declares the job port or none, and none of one declaring only others', () => {
    let kept = 0;
    fc.assert(
      fc.property(arbitraryPod, declaredPorts, (simulated, ports) => {
        for (const job of calico.jobs) {
          const steps = relabelConfigs(job, flavour);
          const targets = discoveredTargets(simulated, ports).map((target) => relabel(target, steps));
          const declaresJobPort = ports.length === 0 || ports.includes(job.port);
          // Whether the pod passes the job's other filters: its target were the container to declare no port.
          const portless = scrapeTargets(discoveredTargets(simulated, []).map((target) => relabel(target, steps)));
          expect(targets.filter(Boolean)).toHaveLength(declaresJobPort ? portless.length : 0);
          expect(scrapeTargets(targets)).toEqual(declaresJobPort ? portless : []);
          for (const target of scrapeTargets(targets)) {
            const host = simulated.podIp.includes(':') ? `[${simulated.podIp}]` : simulated.podIp;
            expect(target.__address__).toBe(`${host}:${job.port}`);
            kept += 1;
          }
        }
      }),
      // Seeded: only some drawn pods pass a job's filters, so how many targets an unseeded run keeps varies
      // around the bound below and failed it now and then.
      { numRuns: 800, seed: 14 },
    );
    expect(kept).toBeGreaterThan(50);
  });

  it.each([
    ['IPv4', '10.0.0.5', '10.0.0.5:9091'],
    ['IPv6', 'fd00::5', '[fd00::5]:9091'],
  ])('address an %s pod at the job port, whether the container declares it or no port', (_, podIp, address) => {
    const felix = calico.jobs.find((job) => job.port === 9091)!;
    const steps = relabelConfigs(felix, flavour);
    for (const ports of [[], [9091], [9099, 9091]]) {
      const targets = scrapeTargets(discoveredTargets(pod({ podIp }), ports).map((target) => relabel(target, steps)));
      expect(
        targets.map((target) => target.__address__),
        `ports ${ports.join(', ')}`,
      ).toEqual([address]);
    }
    expect(scrapeTargets(discoveredTargets(pod({ podIp }), [9099]).map((target) => relabel(target, steps)))).toEqual([]);
  });
});
