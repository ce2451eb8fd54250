import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { routeManagedEvent, type AssetLookup } from '../../../operator/handlers/routing.js';

function service(annotations: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'm', namespace: 'ns', annotations } };
}

function lookup(known: boolean, deferred: boolean): AssetLookup & { forced: string[] } {
  const forced: string[] = [];
  return {
    forced,
    assetFor: (key) => (known && key === 'Service/ns/m' ? 'metrics-service' : undefined),
    isDeferred: () => deferred,
    force: (asset) => void forced.push(asset),
  };
}

describe('routing an event on a managed object', () => {
  it.each([
    [
      'an object no asset renders',
      false,
      false,
      service(),
      undefined,
      { ignore: expect.stringContaining('orphan') },
      [],
    ],
    ['a managed object', true, false, service(), service(), { enqueue: 'asset/metrics-service' }, []],
    [
      'a throttled object',
      true,
      true,
      service(),
      service(),
      { ignore: expect.stringContaining('token') },
      [],
    ],
    [
      'a throttled object with a new force-reconcile value',
      true,
      true,
      service({ 'platform.kubevirt.io/force-reconcile': '2' }),
      service({ 'platform.kubevirt.io/force-reconcile': '1' }),
      { enqueue: 'asset/metrics-service' },
      ['metrics-service'],
    ],
    [
      'a throttled object whose force-reconcile value did not change',
      true,
      true,
      service({ 'platform.kubevirt.io/force-reconcile': '1' }),
      service({ 'platform.kubevirt.io/force-reconcile': '1' }),
      { ignore: expect.stringContaining('token') },
      [],
    ],
  ])('routes %s', (_case, known, deferred, obj, old, route, forced) => {
    const assets = lookup(known, deferred);

    const result = routeManagedEvent(assets, obj, old);

    expect(result).toEqual(route);
    expect(assets.forced).toEqual(forced);
  });
});
