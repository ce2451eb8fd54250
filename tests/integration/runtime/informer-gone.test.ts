import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../operator/errors.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { Informer } from '../../../operator/runtime/informer.js';
import { createNamespace, eventually } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import {
  CONFIGMAP,
  eventsFor,
  pausableWatches,
  quietLogger,
  recorder,
  repeats,
  versions,
} from './informer-probes.js';

const SELECTOR = 'app=gone';

// The apiserver's watch cache keeps serving old resourceVersions from memory after an etcd
// compaction; without it, a watch from a compacted revision is answered by etcd with a real 410.
describe('an informer whose watch expired (410 Gone after an etcd compaction)', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let namespace: string;

  beforeAll(async () => {
    plane = new ControlPlane({ apiServerArgs: ['--watch-cache=false'] });
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'informer-gone-test' });
    namespace = await createNamespace(client, 'gone');
  });
  afterAll(async () => {
    client?.close();
    await plane?.stop();
  });

  const configMap = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'gone' } },
    data: { v: '1' },
  });
  const ref = (name: string): ObjectRef => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace });

  it('relists and announces exactly what changed during the gap, with no duplicate add', async () => {
    for (const name of ['kept', 'deleted-in-gap', 'updated-in-gap']) await client.create(configMap(name));
    const link = pausableWatches(client);
    const { seen, handler } = recorder();
    const informer = new Informer(link.client, CONFIGMAP, {
      namespace,
      labelSelector: SELECTOR,
      logger: quietLogger,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    informer.addHandler(handler);
    informer.start();
    await informer.waitForSync();
    const versionBeforeGap = informer.lastSyncResourceVersion;

    link.pause();
    await eventually(async () => link.waitingWatches() > 0, { what: 'the informer to wait for its watch' });
    await client.create(configMap('created-in-gap'));
    await client.delete(ref('deleted-in-gap'));
    await client.mergePatch(ref('updated-in-gap'), { data: { v: '2' } });
    await plane.compactEtcd();
    link.resume();
    const server = await eventually(
      async () => {
        const fresh = versions((await client.list(CONFIGMAP, { namespace, labelSelector: SELECTOR })).items);
        return fresh.join() === versions(informer.list()).join() && fresh;
      },
      { timeoutMs: 60_000, what: 'the cache to equal the server' },
    );
    await informer.stop();

    expect(link.watchErrors.some((err) => err instanceof KubeApiError && err.isGone)).toBe(true);
    expect(server.map((v) => v.split('@')[0])).toEqual(['created-in-gap', 'kept', 'updated-in-gap']);
    expect(informer.lastSyncResourceVersion).not.toBe(versionBeforeGap);
    expect(eventsFor(seen, 'created-in-gap')).toEqual(['add']);
    expect(eventsFor(seen, 'deleted-in-gap')).toEqual(['add', 'delete']);
    expect(eventsFor(seen, 'updated-in-gap')).toEqual(['add', 'update']);
    expect(eventsFor(seen, 'kept')).toEqual(['add']);
    expect(repeats(seen)).toEqual([]);
  });
});
