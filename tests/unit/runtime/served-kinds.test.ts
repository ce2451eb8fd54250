import { afterEach, describe, expect, it } from '@jest/globals';
import winston from 'winston';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { GroupVersionKind, KubeObject, ResourceInfo } from '../../../operator/kube/types.js';
import { InformerRegistry } from '../../../operator/runtime/informer-registry.js';
import { ServedKinds } from '../../../operator/runtime/served-kinds.js';
import { FakeListWatch, until } from './fake-kube.js';

const HCO: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const logger = winston.createLogger({ silent: true });

const hcoCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'hyperconvergeds.hco.kubevirt.io', resourceVersion: '5' },
  spec: {
    group: 'hco.kubevirt.io',
    names: { kind: 'HyperConverged' },
    versions: [{ name: 'v1', served: true }],
  },
  status: { conditions: [{ type: 'Established', status: 'True' }] },
};

/**
 * An API server whose discovery lists the HyperConverged kind only from the `listedFrom`-th
 * discovery read on (one that is still installing paths), and whose CRD list is `crds`.
 */
class LateDiscovery extends FakeListWatch {
  reads = 0;
  resolving = 0;
  overlapped = false;

  constructor(private readonly listedFrom: number) {
    super();
  }

  override invalidateDiscovery(): void {
    this.reads += 1;
  }

  async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    this.resolving += 1;
    this.overlapped ||= this.resolving > 1;
    await new Promise((r) => setImmediate(r));
    this.resolving -= 1;
    return this.reads >= this.listedFrom
      ? { ...gvk, plural: 'hyperconvergeds', namespaced: true }
      : undefined;
  }
}

describe('ServedKinds', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  function follow(server: LateDiscovery) {
    const registry = new InformerRegistry(server as unknown as KubeClient, logger);
    const changes: string[] = [];
    const kinds = new ServedKinds(server as unknown as KubeClient, registry, {
      kinds: [HCO],
      onKindChanged: (gvk, served) => void changes.push(`${gvk.kind} ${served}`),
      onServedChanged: () => void changes.push('served kinds changed'),
      logger,
    });
    stops.push(async () => {
      kinds.stop();
      await registry.stopAll();
    });
    return { kinds, changes };
  }

  it('keeps reading discovery while an Established CRD is not listed yet, until it is', async () => {
    const server = new LateDiscovery(4);
    server.items = [hcoCrd];
    const { kinds, changes } = follow(server);

    await kinds.start();
    await until(() => kinds.listed(HCO), 'the HyperConverged kind listed', 10_000);

    expect(server.reads).toBeGreaterThanOrEqual(4);
    expect(changes).toEqual([
      'HyperConverged false',
      'served kinds changed',
      'HyperConverged true',
      'served kinds changed',
    ]);
    expect(server.overlapped).toBe(false);
  });
});
