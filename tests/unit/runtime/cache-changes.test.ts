import { describe, expect, it } from '@jest/globals';
import type { WatchEvent } from '../../../operator/kube/client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import {
  cacheKey,
  changeFromEvent,
  changesFromRelist,
  type CacheChange,
} from '../../../operator/runtime/cache-changes.js';

const cm = (name: string, rv: string, namespace = 'ns'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, resourceVersion: rv },
});

const summary = (change: CacheChange | undefined): string | undefined =>
  change && `${change.type} ${change.obj.metadata.name}@${change.obj.metadata.resourceVersion}`;

describe('changeFromEvent', () => {
  it.each<[string, KubeObject | undefined, WatchEvent, string | undefined]>([
    ['ADDED of an unknown object is an add', undefined, { type: 'ADDED', object: cm('a', '5') }, 'add a@5'],
    [
      'MODIFIED of an unknown object is an add',
      undefined,
      { type: 'MODIFIED', object: cm('a', '5') },
      'add a@5',
    ],
    [
      'MODIFIED with a new resourceVersion is an update',
      cm('a', '5'),
      { type: 'MODIFIED', object: cm('a', '6') },
      'update a@6',
    ],
    [
      'ADDED replayed after a re-watch with a new version is an update',
      cm('a', '5'),
      { type: 'ADDED', object: cm('a', '6') },
      'update a@6',
    ],
    [
      'a repeat of the cached resourceVersion is nothing',
      cm('a', '5'),
      { type: 'MODIFIED', object: cm('a', '5') },
      undefined,
    ],
    [
      'DELETED of a cached object is a delete',
      cm('a', '5'),
      { type: 'DELETED', object: cm('a', '7') },
      'delete a@7',
    ],
    [
      'DELETED of an object never cached is nothing',
      undefined,
      { type: 'DELETED', object: cm('a', '7') },
      undefined,
    ],
    ['a BOOKMARK is nothing', cm('a', '5'), { type: 'BOOKMARK', object: cm('', '9') }, undefined],
  ])('%s', (_name, cached, event, expected) => {
    const change = changeFromEvent(cached, event);

    expect(summary(change)).toBe(expected);
  });

  it('hands the old object to an update', () => {
    const old = cm('a', '5');

    const change = changeFromEvent(old, { type: 'MODIFIED', object: cm('a', '6') });

    expect(change).toEqual({ type: 'update', obj: cm('a', '6'), old });
  });
});

describe('changesFromRelist', () => {
  const cached = new Map([
    [cacheKey('same', 'ns'), cm('same', '1')],
    [cacheKey('changed', 'ns'), cm('changed', '2')],
    [cacheKey('gone', 'ns'), cm('gone', '3')],
  ]);

  it('adds new objects, updates changed versions, deletes vanished ones and leaves the rest alone', () => {
    const fresh = [cm('same', '1'), cm('changed', '8'), cm('new', '9')];

    const changes = changesFromRelist(cached, fresh).map(summary);

    expect(changes.sort()).toEqual(['add new@9', 'delete gone@3', 'update changed@8']);
  });

  it('finds nothing to do when the fresh list equals the cache', () => {
    const changes = changesFromRelist(cached, [...cached.values()]);

    expect(changes).toEqual([]);
  });

  it('tells objects with the same name in different namespaces apart', () => {
    const fresh = [cm('same', '1'), cm('same', '1', 'other'), cm('changed', '2'), cm('gone', '3')];

    const changes = changesFromRelist(cached, fresh).map(summary);

    expect(changes).toEqual(['add same@1']);
  });

  it('empties the cache with deletes when the fresh list is empty', () => {
    const changes = changesFromRelist(cached, []);

    expect(changes.map((c) => c.type)).toEqual(['delete', 'delete', 'delete']);
  });
});
