import { afterEach, describe, expect, it } from '@jest/globals';
import winston from 'winston';
import type { InformerHandler } from '../../../operator/runtime/informer.js';
import { InformerRegistry } from '../../../operator/runtime/informer-registry.js';
import { configMap, FakeListWatch, until } from './fake-kube.js';

const CONFIGMAP = { group: '', version: 'v1', kind: 'ConfigMap' };
const SECRET = { group: '', version: 'v1', kind: 'Secret' };
const logger = winston.createLogger({ silent: true });

describe('InformerRegistry', () => {
  const registries: InformerRegistry[] = [];
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((r) => r.stopAll()));
  });

  function registry(server: FakeListWatch): InformerRegistry {
    const created = new InformerRegistry(server.asClient(), logger);
    registries.push(created);
    return created;
  }

  it('returns the same started informer for the same kind and selector, attaching a handler once', async () => {
    const server = new FakeListWatch();
    server.items = [configMap('a', '1')];
    const reg = registry(server);
    const adds: string[] = [];
    const handler: InformerHandler = { onAdd: (o) => adds.push(o.metadata.name ?? '') };

    const first = reg.ensure(CONFIGMAP, { labelSelector: 'x=y' }, handler);
    const second = reg.ensure(CONFIGMAP, { labelSelector: 'x=y' }, handler);
    await first.waitForSync();

    expect(second).toBe(first);
    expect(reg.all()).toHaveLength(1);
    expect(adds).toEqual(['a']);
    expect(server.lists).toHaveLength(1);
  });

  it('keeps one informer per selector of a kind', () => {
    const reg = registry(new FakeListWatch());

    const labelled = reg.ensure(CONFIGMAP, { labelSelector: 'x=y' }, {});
    const all = reg.ensure(CONFIGMAP, {}, {});

    expect(all).not.toBe(labelled);
    expect(reg.all()).toHaveLength(2);
  });

  it('reports synced only when every informer has synced', async () => {
    const server = new FakeListWatch();
    const reg = registry(server);
    const before = reg.allSynced();

    const informer = reg.ensure(CONFIGMAP, {}, {});
    const right = reg.allSynced();
    await informer.waitForSync();

    expect(before).toBe(true);
    expect(right).toBe(false);
    expect(reg.allSynced()).toBe(true);
  });

  it('stops and forgets every informer of a removed kind, leaving the others', async () => {
    const server = new FakeListWatch();
    const reg = registry(server);
    reg.ensure(CONFIGMAP, {}, {});
    reg.ensure(CONFIGMAP, { labelSelector: 'x=y' }, {});
    reg.ensure(SECRET, {}, {});
    await until(() => server.watches.length === 3, 'three watches');

    await reg.remove(CONFIGMAP);

    expect(reg.get(CONFIGMAP)).toBeUndefined();
    expect(reg.get(SECRET)).toBeDefined();
    expect(server.watches.filter((w) => w.stopped)).toHaveLength(2);
  });

  it('starts a fresh informer when a removed kind is ensured again', async () => {
    const reg = registry(new FakeListWatch());
    const old = reg.ensure(CONFIGMAP, {}, {});
    await reg.remove(CONFIGMAP);

    const renewed = reg.ensure(CONFIGMAP, {}, {});

    expect(renewed).not.toBe(old);
  });
});
