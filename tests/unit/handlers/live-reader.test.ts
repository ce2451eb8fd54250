import { describe, expect, it } from '@jest/globals';
import type { ClusterView } from '../../../operator/handlers/cluster-view.js';
import { liveReader, MapVerifiedCache } from '../../../operator/handlers/live-reader.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';
import { service } from '../pipeline/steps/support.js';

/** A view whose cache holds `cached` and knows namespaces as `namespaces` says (undefined: not ready). */
function reader(cached: KubeObject[], namespaces: (name: string) => boolean | undefined) {
  const client = new FakeKubeClient();
  const view = {
    cached: (gvk: { kind: string }, name: string, namespace?: string) =>
      cached.find(
        (o) => o.kind === gvk.kind && o.metadata.name === name && o.metadata.namespace === namespace,
      ),
    namespaceExists: namespaces,
  } as unknown as ClusterView;
  return { client, live: liveReader(view, client) };
}

describe('reading the live object', () => {
  it('answers from the cache without a request when the informers hold the object', async () => {
    const inCache = { ...service(), metadata: { ...service().metadata, resourceVersion: 'cached' } };
    const { client, live } = reader([inCache], () => true);

    const obj = await live.read(service());

    expect(obj?.metadata.resourceVersion).toBe('cached');
    expect(client.served).toEqual([]);
  });

  it('asks the server for an object the label-selected informers cannot see (adoption)', async () => {
    const { client, live } = reader([], () => true);
    client.seed(service());

    const obj = await live.read(service());

    expect(obj?.metadata.name).toBe('metrics');
    expect(client.served).toEqual([{ verb: 'get', key: 'Service/ns/metrics' }]);
  });

  it.each([
    ['the cache says it exists', true],
    ['the cache says it does not', false],
  ])('knows a namespace from the cache when %s', async (_case, cached) => {
    const { client, live } = reader([], () => cached);

    expect(await live.namespaceExists('openshift-cnv')).toBe(cached);
    expect(client.served).toEqual([]);
  });

  it.each([
    ['exists', true],
    ['does not exist', false],
  ])(
    'asks the server whether a namespace %s while the namespace cache is not ready',
    async (_case, exists) => {
      const { client, live } = reader([], () => undefined);
      if (exists) client.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-cnv' } });

      expect(await live.namespaceExists('openshift-cnv')).toBe(exists);
      expect(client.served).toEqual([{ verb: 'get', key: 'Namespace/openshift-cnv' }]);
    },
  );
});

describe('the verified-compliant cache', () => {
  const hashes = { desired: 'd1', intent: 'i1' };

  it('is current only for the same desired hash at the same live resourceVersion', () => {
    const cache = new MapVerifiedCache();
    cache.remember('k', hashes, '5');

    expect([
      cache.isCurrent('k', 'd1', '5'),
      cache.isCurrent('k', 'd2', '5'),
      cache.isCurrent('k', 'd1', '6'),
      cache.isCurrent('other', 'd1', '5'),
    ]).toEqual([true, false, false, false]);
  });

  it('never counts an object without a resourceVersion as verified, but keeps its intent', () => {
    const cache = new MapVerifiedCache();
    cache.remember('k', hashes, undefined);

    expect(cache.isCurrent('k', 'd1', undefined)).toBe(false);
    expect(cache.lastIntent('k')).toBe('i1');
  });

  it('does not take a check without a resourceVersion for one with the last one', () => {
    const cache = new MapVerifiedCache();
    cache.remember('k', hashes, '5');

    cache.remember('k', { desired: 'd2', intent: 'i2' }, undefined);

    expect(cache.isCurrent('k', 'd1', '5')).toBe(true);
    expect(cache.isCurrent('k', 'd1', undefined)).toBe(false);
    expect(cache.lastIntent('k')).toBe('i2');
  });

  it('forgets both the verification and the intent of a key, and only of that key', () => {
    const cache = new MapVerifiedCache();
    cache.remember('k', hashes, '5');
    cache.remember('other', hashes, '5');

    cache.forget('k');

    expect([cache.isCurrent('k', 'd1', '5'), cache.lastIntent('k')]).toEqual([false, undefined]);
    expect([cache.isCurrent('other', 'd1', '5'), cache.lastIntent('other')]).toEqual([true, 'i1']);
  });
});
