import { describe, expect, it } from '@jest/globals';
import { CatalogError, type AssetDefinition, type Catalog } from '../../../operator/assets/catalog.js';
import type { RenderContext } from '../../../operator/assets/context.js';
import type { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { ClusterView } from '../../../operator/handlers/cluster-view.js';
import { PlatformReconciler } from '../../../operator/handlers/platform-reconciler.js';
import { PASS, type Request } from '../../../operator/handlers/request.js';
import { StatusBoard } from '../../../operator/handlers/status-board.js';
import { keyOfObject, objectKey, type KubeObject } from '../../../operator/kube/types.js';
import { EventRecorder } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { POOL_RECHECK_MS } from '../../../operator/pipeline/decisions/pool-readiness.js';
import { POOL_API_VERSION } from '../../../operator/pipeline/pool-gate.js';
import { defaultThrottleConfig, TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';
import { ASSET, hcoObject, service } from '../pipeline/steps/support.js';
import { FakeClock } from '../throttling/fake-clock.js';

const HCO: AssetDefinition = {
  ...ASSET,
  name: 'hco-golden-config',
  component: 'HyperConverged',
  apiVersion: 'hco.kubevirt.io/v1',
  reconcileOrder: 0,
};
const SWAP: AssetDefinition = {
  ...ASSET,
  name: 'swap-enable',
  component: 'MachineConfig',
  apiVersion: 'machineconfiguration.openshift.io/v1',
  pool: 'worker',
};
const NUMA: AssetDefinition = { ...SWAP, name: 'numa' };
const updatingPool = (): KubeObject => ({
  apiVersion: POOL_API_VERSION,
  kind: 'MachineConfigPool',
  metadata: { name: 'worker' },
  status: { conditions: [{ type: 'Updating', status: 'True' }] },
});
const hcoKey = objectKey({ kind: 'HyperConverged', name: 'kubevirt-hyperconverged', namespace: 'ns' });
const svcKey = objectKey({ kind: 'Service', name: 'metrics', namespace: 'ns' });
const mcKey = objectKey({ kind: 'MachineConfig', name: '90-worker-swap' });
const asset = (name: string): Request => ({ kind: 'asset', asset: name });

/** The golden HCO sets spec.golden = 5; the Service carries the golden value of the HCO it rendered from. */
function render(a: AssetDefinition, ctx: RenderContext): KubeObject {
  if (a.name === HCO.name) return { ...hcoObject(), spec: { golden: 5 } };
  if (a.name === SWAP.name || a.name === NUMA.name) {
    return {
      apiVersion: SWAP.apiVersion,
      kind: 'MachineConfig',
      metadata: { name: a.name === SWAP.name ? '90-worker-swap' : '90-worker-numa' },
      spec: { config: { ignition: { version: '3.5.0' } } },
    };
  }
  const svc = service();
  svc.metadata.labels = { golden: String((ctx.hco.spec as { golden?: number }).golden ?? 'none') };
  return svc;
}

function reconcilerOver(assets: AssetDefinition[]) {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const logger = createLogger({ level: 'error' });
  client.seed(hcoObject());
  const catalog: Catalog = { assets, features: [], get: (name) => assets.find((a) => a.name === name) };
  const view: ClusterView = {
    hco: () => client.objects.get(hcoKey),
    hcoServed: () => true,
    nodes: () => [],
    infrastructure: () => undefined,
    scheduler: () => undefined,
    cached: (gvk, name, namespace) => client.objects.get(objectKey({ kind: gvk.kind, name, namespace })),
    labelled: () => [],
    isServed: () => true,
    namespaceExists: () => true,
  };
  const reconciler = new PlatformReconciler({
    catalog,
    renderer: { render } as unknown as TemplateRenderer,
    tombstones: [],
    view,
    client,
    metrics: new Metrics(),
    events: new EventRecorder({ client, instance: 'test', clock, logger }),
    logger,
    clock,
    tokens: new TokenBuckets(clock, defaultThrottleConfig()),
    board: new StatusBoard(),
    images: {},
    resyncPeriodMs: 600_000,
  });
  return { client, reconciler };
}

describe('the reconciler hands each asset to its handler', () => {
  it('runs the whole pass, the HCO first, on an event on the HCO', async () => {
    const { client, reconciler } = reconcilerOver([HCO, ASSET]);

    await reconciler.reconcile(asset('hco-golden-config'));
    const applied = client.served.filter((s) => s.verb === 'apply').map((s) => s.key);

    expect(applied).toEqual([hcoKey, svcKey]);
  });

  it('renders the assets after the HCO from the HCO the pass just applied', async () => {
    const { client, reconciler } = reconcilerOver([HCO, ASSET]);

    await reconciler.reconcile({ kind: 'pass' });

    expect(client.objects.get(svcKey)?.metadata.labels?.golden).toBe('5');
  });

  it('makes a MachineConfig wait for its MachineConfigPool (the node tunings handler)', async () => {
    const { client, reconciler } = reconcilerOver([HCO, SWAP]);
    client.seed(updatingPool());

    const result = await reconciler.reconcile(asset('swap-enable'));

    expect(result).toEqual({ followUps: [{ request: PASS, afterMs: POOL_RECHECK_MS }] });
    expect(client.objects.get(mcKey)).toBeUndefined();
  });

  it("brings a pool's waiting node changes back in one pass, so that one rollout carries them", async () => {
    const { client, reconciler } = reconcilerOver([HCO, SWAP, NUMA]);
    client.seed(updatingPool());

    const result = await reconciler.reconcile(PASS);

    expect(result.followUps).toEqual([{ request: PASS, afterMs: POOL_RECHECK_MS }]);
  });

  it('refuses to start with a catalog kind no handler owns', () => {
    const widget = {
      ...ASSET,
      name: 'a-widget',
      component: 'Widget',
      apiVersion: 'example.com/v1',
    };

    expect(() => reconcilerOver([HCO, widget])).toThrow(CatalogError);
  });

  it('tracks the object each handler rendered, so an event on it wakes its asset', async () => {
    const { reconciler } = reconcilerOver([HCO, ASSET, SWAP]);

    await reconciler.reconcile({ kind: 'pass' });

    expect(reconciler.assetFor(svcKey)).toBe('metrics-service');
    expect(reconciler.assetFor(mcKey)).toBe('swap-enable');
    expect(reconciler.assetFor(keyOfObject(hcoObject()))).toBe('hco-golden-config');
  });
});
