import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WatchHandle } from '../../../operator/kube/client.js';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import { REQUEST_CONNECTIONS } from '../../../operator/kube/transport.js';
import { adminClient, createNamespace, eventually, kubeconfigPath } from '../../support/cluster.js';

const CONFIG_MAP = { group: '', version: 'v1', kind: 'ConfigMap' };

// The full catalog runs one watch per informer (33 when this test was written): over HTTP/1.1
// each holds a connection for as long as it lasts. They must neither wait for nor take the
// connections that ordinary requests need.
describe('watches beyond the request connection pool', () => {
  const admin = adminClient();
  const client = new NodeKubeClient(loadKubeConfig(kubeconfigPath()), { userAgent: 'watch-connections' });
  const watches: WatchHandle[] = [];
  const seen = new Set<number>();
  const count = REQUEST_CONNECTIONS + 8;
  let namespace: string;

  beforeAll(async () => {
    namespace = await createNamespace(admin, 'watches');
  });
  afterAll(() => {
    for (const w of watches) w.stop();
    client.close();
    admin.close();
  });

  it('every watch is served and requests still answer while they all stay open', async () => {
    const { metadata } = await client.list(CONFIG_MAP, { namespace });
    const resourceVersion = metadata.resourceVersion ?? '';
    for (let i = 0; i < count; i++) {
      watches.push(
        await client.watch(CONFIG_MAP, { namespace, resourceVersion }, (event) => {
          if (event.type === 'ADDED' && event.object.metadata.name === 'ping') seen.add(i);
        }),
      );
    }
    await admin.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ping', namespace } });

    await eventually(async () => seen.size === count, { what: `all ${count} watches see the ConfigMap` });
    const got = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'ping', namespace });
    expect(got?.metadata.name).toBe('ping');
    expect(seen.size).toBe(count);
  });
});
