import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { Informer } from '../../../operator/runtime/informer.js';
import { createNamespace, eventually } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { CONFIGMAP, eventsFor, quietLogger, recorder, repeats, versions } from './informer-probes.js';

const SELECTOR = 'app=outage';

describe('an informer across a kube-apiserver outage (SIGKILL and restart)', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let namespace: string;

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'informer-outage-test' });
    namespace = await createNamespace(client, 'outage');
  });
  afterAll(async () => {
    client?.close();
    await plane?.stop();
  });

  const configMap = (name: string, labels: Record<string, string> = { app: 'outage' }): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels },
    data: { v: '1' },
  });
  const ref = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace });

  it('ends with a cache equal to a fresh list, and its handlers saw every change once', async () => {
    const names = ['stays', 'updated-before-kill', 'updated-after', 'deleted-after', 'unlabelled-after'];
    for (const name of names) await client.create(configMap(name));
    await client.create(configMap('never-selected', { app: 'other' }));
    const { seen, handler } = recorder();
    const informer = new Informer(client, CONFIGMAP, {
      namespace,
      labelSelector: SELECTOR,
      logger: quietLogger,
      backoff: { initialMs: 200, maxMs: 2000 },
    });
    informer.addHandler(handler);
    informer.start();
    await informer.waitForSync();
    const synced = versions(informer.list());

    await client.mergePatch(ref('updated-before-kill'), { data: { v: '2' } }); // may be missed by the watch
    await plane.stopApiServer('SIGKILL');
    await plane.startApiServer();
    await client.mergePatch(ref('updated-after'), { data: { v: '2' } });
    await client.create(configMap('created-after'));
    await client.delete(ref('deleted-after'));
    await client.mergePatch(ref('unlabelled-after'), { metadata: { labels: { app: null } } });
    const server = await eventually(
      async () => {
        const fresh = versions((await client.list(CONFIGMAP, { namespace, labelSelector: SELECTOR })).items);
        return fresh.join() === versions(informer.list()).join() && fresh;
      },
      { timeoutMs: 90_000, what: 'the cache to equal the server' },
    );
    await informer.stop();

    expect(synced).toHaveLength(5);
    expect(server.map((v) => v.split('@')[0])).toEqual([
      'created-after',
      'stays',
      'updated-after',
      'updated-before-kill',
    ]);
    expect(eventsFor(seen, 'stays')).toEqual(['add']);
    expect(eventsFor(seen, 'updated-before-kill')).toEqual(['add', 'update']);
    expect(eventsFor(seen, 'updated-after')).toEqual(['add', 'update']);
    expect(eventsFor(seen, 'created-after')).toEqual(['add']);
    expect(eventsFor(seen, 'deleted-after')).toEqual(['add', 'delete']);
    expect(eventsFor(seen, 'unlabelled-after')).toEqual(['add', 'delete']);
    expect(eventsFor(seen, 'never-selected')).toEqual([]);
    expect(repeats(seen)).toEqual([]);
  });
});
