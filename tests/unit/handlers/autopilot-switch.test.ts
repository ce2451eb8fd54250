import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { AutopilotSwitch } from '../../../operator/handlers/autopilot-switch.js';
import type { ClusterView } from '../../../operator/handlers/cluster-view.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { hcoObject } from '../pipeline/steps/support.js';

function switchOver() {
  const lines: string[] = [];
  const stream = new Writable({
    write: (chunk, _e, done) => {
      lines.push((JSON.parse(String(chunk)) as { message: string }).message);
      done();
    },
  });
  const world: { hco?: KubeObject; served: boolean } = { served: true };
  const view = { hco: () => world.hco, hcoServed: () => world.served } as unknown as ClusterView;
  let idled = 0;
  const sw = new AutopilotSwitch(createLogger({ level: 'info', stream }));
  const read = () => sw.read(view, () => idled++);
  return { world, read, lines, idled: () => idled };
}

describe('the autopilot switch', () => {
  it('has nothing to do before the HCO exists, and says so once', () => {
    const s = switchOver();

    const first = s.read();
    const second = s.read();

    expect([first, second]).toEqual([undefined, undefined]);
    expect(s.lines.filter((l) => l.startsWith('waiting for the HyperConverged'))).toHaveLength(1);
  });

  it('has nothing to do while the HyperConverged kind is not served, even with an HCO cached', () => {
    const s = switchOver();
    s.world.hco = hcoObject();
    s.world.served = false;

    expect(s.read()).toBeUndefined();
  });

  it('selects every asset without the annotation, and the listed ones with a list', () => {
    const s = switchOver();
    s.world.hco = hcoObject();
    const all = s.read();
    s.world.hco = hcoObject({ 'platform.kubevirt.io/autopilot': 'swap-enable' });

    const listed = s.read();

    expect(all).toEqual({ kind: 'all' });
    expect(listed).toEqual({ kind: 'allowlist', names: new Set(['swap-enable']) });
  });

  it('goes idle on every request while autopilot=false, logging it once per idle spell', () => {
    const s = switchOver();
    s.world.hco = hcoObject({ 'platform.kubevirt.io/autopilot': 'false' });

    const results = [s.read(), s.read()];
    s.world.hco = hcoObject();
    s.read();
    s.world.hco = hcoObject({ 'platform.kubevirt.io/autopilot': 'false' });
    s.read();

    expect(results).toEqual([undefined, undefined]);
    expect(s.idled()).toBe(3);
    expect(s.lines.filter((l) => l.startsWith('autopilot disabled'))).toHaveLength(2);
  });
});
