import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { Request } from '../../../operator/handlers/request.js';
import { requestsFor, type WatchEvent } from '../../../operator/handlers/routing.js';

function service(resourceVersion: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'm', namespace: 'ns', resourceVersion, annotations },
  };
}

const known = (key: string): string | undefined => (key === 'Service/ns/m' ? 'metrics-service' : undefined);
const unknown = (): string | undefined => undefined;
const force = { 'platform.kubevirt.io/force-reconcile': '2' };

describe('the requests a watch event causes', () => {
  it.each<[string, WatchEvent, (key: string) => string | undefined, Request[]]>([
    ['an HCO event wakes the pass', { source: 'hco' }, unknown, [{ kind: 'pass' }]],
    [
      'a Node event that changes the facts wakes the pass',
      { source: 'facts', fingerprint: 'b', previous: 'a' },
      unknown,
      [{ kind: 'pass' }],
    ],
    [
      'a Node event that changes no fact costs nothing',
      { source: 'facts', fingerprint: 'a', previous: 'a' },
      unknown,
      [],
    ],
    ['an object no asset renders is ignored', { source: 'managed', object: service('2') }, unknown, []],
    [
      'a labelled KubeletConfig no asset renders (a copy of ours) wakes the pass',
      {
        source: 'managed',
        object: {
          apiVersion: 'machineconfiguration.openshift.io/v1',
          kind: 'KubeletConfig',
          metadata: { name: 'copy' },
        },
      },
      unknown,
      [{ kind: 'pass' }],
    ],
    [
      'an event on a managed object wakes its asset',
      { source: 'managed', object: service('2'), old: service('1') },
      known,
      [{ kind: 'asset', asset: 'metrics-service' }],
    ],
    [
      'a new force-reconcile value wakes its asset like any change (the pipeline decides the force)',
      { source: 'managed', object: service('3', force), old: service('2') },
      known,
      [{ kind: 'asset', asset: 'metrics-service' }],
    ],
    [
      'a relist of the same resourceVersion costs nothing',
      { source: 'managed', object: service('2'), old: service('2') },
      known,
      [],
    ],
  ])('%s', (_case, event, assetFor, expected) => {
    const requests = requestsFor(event, assetFor);

    expect(requests).toEqual(expected);
  });
});
