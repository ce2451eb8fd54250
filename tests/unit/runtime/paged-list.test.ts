import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../operator/errors.js';
import type { KubeClient, ListOptions } from '../../../operator/kube/client.js';
import type { KubeList } from '../../../operator/kube/types.js';
import { listAll } from '../../../operator/runtime/paged-list.js';
import { configMap } from './fake-kube.js';

const CONFIGMAP = { group: '', version: 'v1', kind: 'ConfigMap' };

/** Serves `total` objects in pages; `expireAfter` pages later the continue token is gone (410). */
function pagedServer(total: number, expireAfter = Infinity): { client: KubeClient; calls: ListOptions[] } {
  const calls: ListOptions[] = [];
  const all = Array.from({ length: total }, (_, i) => configMap(`cm-${i}`, String(i + 1)));
  const list = async (_gvk: unknown, options: ListOptions = {}): Promise<KubeList> => {
    calls.push(options);
    const start = Number(options.continueToken ?? 0);
    if (options.continueToken && calls.length > expireAfter) {
      throw new KubeApiError('list ConfigMap failed (HTTP 410): continue expired', 410, 'Expired');
    }
    const end = options.limit ? start + options.limit : all.length;
    return {
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      metadata: { resourceVersion: '42', ...(end < all.length ? { continue: String(end) } : {}) },
      items: all.slice(start, end),
    };
  };
  return { client: { list } as unknown as KubeClient, calls };
}

describe('listAll', () => {
  it('transforms each page as it arrives, so whole objects of earlier pages are not kept', async () => {
    const { client, calls } = pagedServer(5);
    const transformedAtCall: number[] = [];
    let transformed = 0;
    const counting = {
      list: (gvk: unknown, options?: ListOptions): Promise<KubeList> => {
        transformedAtCall.push(transformed);
        return client.list(gvk as never, options);
      },
    } as unknown as KubeClient;

    const snapshot = await listAll(counting, CONFIGMAP, {
      pageSize: 2,
      transform: (obj) => {
        transformed += 1;
        return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `slim-${obj.metadata.name}` } };
      },
    });

    expect(transformedAtCall).toEqual([0, 2, 4]);
    expect(calls).toHaveLength(3);
    expect(snapshot.items.map((o) => o.metadata.name)).toEqual([
      'slim-cm-0',
      'slim-cm-1',
      'slim-cm-2',
      'slim-cm-3',
      'slim-cm-4',
    ]);
  });

  it('follows continue tokens until the last page, keeping the snapshot version', async () => {
    const { client, calls } = pagedServer(5);

    const snapshot = await listAll(client, CONFIGMAP, { pageSize: 2, labelSelector: 'a=b' });

    expect(snapshot.items.map((o) => o.metadata.name)).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
    expect(snapshot.resourceVersion).toBe('42');
    expect(calls.map((c) => c.continueToken)).toEqual([undefined, '2', '4']);
    expect(calls.every((c) => c.labelSelector === 'a=b' && c.limit === 2)).toBe(true);
  });

  it('lists in one unpaginated request when the continue token expires mid-way', async () => {
    const { client, calls } = pagedServer(5, 1);

    const snapshot = await listAll(client, CONFIGMAP, { pageSize: 2 });

    expect(snapshot.items).toHaveLength(5);
    expect(calls.at(-1)?.limit).toBeUndefined();
  });

  it('passes any other error on', async () => {
    const client = {
      list: async () => {
        throw new KubeApiError('list ConfigMap failed (HTTP 403): forbidden', 403, 'Forbidden');
      },
    } as unknown as KubeClient;

    const listing = listAll(client, CONFIGMAP);

    await expect(listing).rejects.toThrow('HTTP 403');
  });
});
