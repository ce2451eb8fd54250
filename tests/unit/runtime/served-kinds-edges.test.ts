import { afterEach, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import winston from 'winston';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { GroupVersionKind, KubeObject, ResourceInfo } from '../../../operator/kube/types.js';
import { InformerRegistry } from '../../../operator/runtime/informer-registry.js';
import { ServedKinds, type ServedKindsOptions } from '../../../operator/runtime/served-kinds.js';
import { FakeListWatch, until } from './fake-kube.js';

const HCO: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const NHC: GroupVersionKind = {
  group: 'remediation.medik8s.io',
  version: 'v1alpha1',
  kind: 'NodeHealthCheck',
};
const SERVICE: GroupVersionKind = { group: '', version: 'v1', kind: 'Service' };

function crdOf(gvk: GroupVersionKind, rv: string, schemaVersion = '1'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${gvk.kind.toLowerCase()}s.${gvk.group}`, resourceVersion: rv },
    spec: {
      group: gvk.group,
      names: { kind: gvk.kind },
      versions: [{ name: gvk.version, served: true, schema: { v: schemaVersion } }],
    },
    status: { conditions: [{ type: 'Established', status: 'True' }] },
  };
}

/** Discovery answers from `served` (kind names); `failures` discovery reads throw first. */
class Discovery extends FakeListWatch {
  readonly served = new Set<string>();
  failures = 0;
  reads = 0;

  override invalidateDiscovery(): void {
    this.reads += 1;
  }

  async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('discovery unavailable');
    }
    return this.served.has(gvk.kind) ? { ...gvk, plural: 'x', namespaced: true } : undefined;
  }
}

describe('ServedKinds', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  function follow(server: Discovery, extra: Partial<ServedKindsOptions> = {}) {
    const stream = new PassThrough();
    const logs: Record<string, unknown>[] = [];
    stream.on('data', (chunk: Buffer) => logs.push(JSON.parse(String(chunk)) as Record<string, unknown>));
    const logger = winston.createLogger({
      level: 'debug',
      transports: [new winston.transports.Stream({ stream })],
    });
    const registry = new InformerRegistry(
      server as unknown as KubeClient,
      winston.createLogger({ silent: true }),
    );
    const changes: string[] = [];
    const kinds = new ServedKinds(server as unknown as KubeClient, registry, {
      kinds: [HCO, NHC, SERVICE],
      onKindChanged: (gvk, served) => void changes.push(`${gvk.kind} ${served}`),
      onServedChanged: () => void changes.push('changed'),
      logger,
      ...extra,
    });
    stops.push(async () => {
      kinds.stop();
      await registry.stopAll();
    });
    return { kinds, changes, logs };
  }

  it('reports each kind’s first answer, then only changes, with one summary per refresh that changed any', async () => {
    const server = new Discovery();
    server.served.add('HyperConverged');
    const { kinds, changes } = follow(server);
    await kinds.start();

    const unchanged = await kinds.refreshNow();
    server.served.add('NodeHealthCheck');
    server.served.delete('HyperConverged');
    const changed = await kinds.refreshNow();

    expect([unchanged, changed]).toEqual([false, true]);
    expect(changes).toEqual([
      'HyperConverged true',
      'NodeHealthCheck false',
      'Service false',
      'changed',
      'HyperConverged false',
      'NodeHealthCheck true',
      'changed',
    ]);
    expect(server.reads).toBe(3);
  });

  it('takes built-in kinds as served even when discovery does not list them, but says they are not listed', async () => {
    const server = new Discovery();
    const { kinds } = follow(server);
    await kinds.start();

    expect([kinds.isServed(SERVICE), kinds.listed(SERVICE)]).toEqual([true, false]);
    expect([kinds.isServed(HCO), kinds.listed(HCO)]).toEqual([false, false]);
    server.served.add('Service');
    server.served.add('HyperConverged');
    await kinds.refreshNow();
    expect([kinds.listed(SERVICE), kinds.isServed(HCO), kinds.listed(HCO)]).toEqual([true, true, true]);
  });

  it('retries the first discovery until the API server answers, saying so each time', async () => {
    const server = new Discovery();
    server.failures = 2;
    server.served.add('HyperConverged');
    const { kinds, logs } = follow(server);

    await kinds.start();

    expect(kinds.isServed(HCO)).toBe(true);
    const retries = logs.filter((l) => l.message === 'discovery failed at start-up, retrying');
    expect(retries.map((l) => [l.level, l.attempt, l.error])).toEqual([
      ['warn', 1, 'discovery unavailable'],
      ['warn', 2, 'discovery unavailable'],
    ]);
    expect(retries.every((l) => typeof l.delayMs === 'number' && l.delayMs >= 500)).toBe(true);
  });

  it('keeps what `keep` projects of each CRD, and tells when a CRD’s projection changes', async () => {
    const server = new Discovery();
    server.items = [crdOf(HCO, '1'), crdOf(NHC, '2')];
    let keptChanges = 0;
    const { kinds } = follow(server, {
      keep: (crd) =>
        (crd.spec as { group: string }).group === HCO.group
          ? (crd.spec as { versions: { schema: unknown }[] }).versions[0]?.schema
          : undefined,
      onKeptChanged: () => void (keptChanges += 1),
    });
    await kinds.start();
    await until(() => kinds.kept().length === 1, 'the HCO CRD cached');

    expect(kinds.kept()).toEqual([{ v: '1' }]);
    server.watches[0]?.emit({ type: 'MODIFIED', object: crdOf(NHC, '3', '2') });
    server.watches[0]?.emit({ type: 'MODIFIED', object: crdOf(HCO, '4', '1') });
    expect(keptChanges).toBe(0);
    server.watches[0]?.emit({ type: 'MODIFIED', object: crdOf(HCO, '5', '2') });
    expect(keptChanges).toBe(1);
    expect(kinds.kept()).toEqual([{ v: '2' }]);
  });

  it('keeps nothing without `keep`', async () => {
    const server = new Discovery();
    server.items = [crdOf(HCO, '1')];
    const { kinds } = follow(server);
    await kinds.start();
    await until(() => server.watches.length > 0, 'the CRD watch');

    expect(kinds.kept()).toEqual([]);
  });

  it('refreshes discovery when a CRD appears, until discovery lists its kind', async () => {
    const server = new Discovery();
    const { kinds, changes } = follow(server);
    await kinds.start();
    await until(() => server.watches.length > 0, 'the CRD watch');

    server.watches[0]?.emit({ type: 'ADDED', object: crdOf(NHC, '7') });
    await until(() => server.reads >= 3, 'a second refresh while discovery lags');
    server.served.add('NodeHealthCheck');
    await until(() => kinds.isServed(NHC), 'NodeHealthCheck served', 10_000);

    expect(changes.slice(-2)).toEqual(['NodeHealthCheck true', 'changed']);
  });

  it('tells nothing once stopped', async () => {
    const server = new Discovery();
    const { kinds, changes } = follow(server);
    await kinds.start();
    const before = changes.length;

    kinds.stop();
    server.served.add('HyperConverged');
    const changed = await kinds.refreshNow();

    expect(changed).toBe(false);
    expect(changes.length).toBe(before);
    expect(kinds.isServed(HCO)).toBe(false);
  });
});
