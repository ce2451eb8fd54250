import { describe, expect, it } from '@jest/globals';
import { EventRouter } from '../../../operator/app/event-router.js';
import type { Request } from '../../../operator/handlers/request.js';
import type { KubeObject } from '../../../operator/kube/types.js';

const worker = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'node-role.kubernetes.io/worker': '' } },
});
const service = (resourceVersion: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'virt-platform-autopilot-metrics', namespace: 'openshift-cnv', resourceVersion },
});
const microtasks = (): Promise<void> => new Promise((r) => setImmediate(r));

function router(nodes: KubeObject[]) {
  const queued: Request[] = [];
  const events = new EventRouter({
    enqueue: (request) => void queued.push(request),
    assetFor: (key) => (key.startsWith('Service/') ? 'metrics-service' : undefined),
    facts: () => ({ nodes }),
  });
  return { events, queued, nodes };
}

describe('EventRouter', () => {
  it("wakes the pass for an HCO change, a change of served kinds and another tool's KubeletConfig", () => {
    const { events, queued } = router([]);

    events.onHco();
    events.onServedChanged();
    events.onForeignKubeletConfig();

    expect(queued).toEqual([{ kind: 'pass' }, { kind: 'pass' }, { kind: 'pass' }]);
  });

  it('wakes only the asset of a managed object, and nothing for a resync of the same version', () => {
    const { events, queued } = router([]);

    events.onManaged(service('2'), service('1'));
    events.onManaged(service('2'), service('2'));

    expect(queued).toEqual([{ kind: 'asset', asset: 'metrics-service' }]);
  });

  it('compares the facts once after a burst of Node events, and wakes the pass only when they changed', async () => {
    const { events, queued, nodes } = router([worker('a')]);

    events.onFacts();
    events.onFacts();
    await microtasks();
    const afterFirstList = queued.length;
    events.onFacts();
    await microtasks();
    const afterNoChange = queued.length;
    nodes.push(worker('b'));
    events.onFacts();
    await microtasks();

    expect([afterFirstList, afterNoChange, queued.length]).toEqual([1, 1, 2]);
  });
});
