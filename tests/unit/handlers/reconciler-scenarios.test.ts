import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition, Catalog } from '../../../operator/assets/catalog.js';
import type { TemplateRenderer } from '../../../operator/assets/renderer.js';
import { KubeApiError, OperatorError, TerminalError } from '../../../operator/errors.js';
import type { ClusterView } from '../../../operator/handlers/cluster-view.js';
import { PlatformReconciler } from '../../../operator/handlers/platform-reconciler.js';
import { PASS, type Request } from '../../../operator/handlers/request.js';
import { StatusBoard } from '../../../operator/handlers/status-board.js';
import { clone, objectKey, type KubeObject } from '../../../operator/kube/types.js';
import { EventRecorder } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { defaultThrottleConfig, TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';
import { ASSET, hcoObject, service } from '../pipeline/steps/support.js';
import { FakeClock } from '../throttling/fake-clock.js';

const HCO_ASSET: AssetDefinition = {
  ...ASSET,
  name: 'hco-golden-config',
  component: 'HyperConverged',
  apiVersion: 'hco.kubevirt.io/v1',
  reconcileOrder: 0,
};
const RESYNC_MS = 600_000;
const svcKey = objectKey({ kind: 'Service', name: 'metrics', namespace: 'ns' });
const hcoKey = objectKey({ kind: 'HyperConverged', name: 'kubevirt-hyperconverged', namespace: 'ns' });
const asset = (name: string): Request => ({ kind: 'asset', asset: name });

/** The real reconciler over a fake API server (the view reads it directly) and a fake clock. */
function scenario(burst = 1) {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const logger = createLogger({ level: 'error' });
  const metrics = new Metrics();
  client.seed(hcoObject({ 'platform.kubevirt.io/autopilot': 'hco-golden-config,metrics-service' }));
  const catalog: Catalog = {
    assets: [HCO_ASSET, ASSET],
    features: [],
    get: (name) => [HCO_ASSET, ASSET].find((a) => a.name === name),
  };
  const renderer = {
    render: (a: AssetDefinition) => {
      if (a.name === ASSET.name) return service();
      const hco = hcoObject();
      hco.spec = { golden: 5 };
      return hco;
    },
  } as unknown as TemplateRenderer;
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
    renderer,
    tombstones: [],
    view,
    client,
    metrics,
    events: new EventRecorder({ client, instance: 'test', clock, logger }),
    logger,
    clock,
    tokens: new TokenBuckets(clock, defaultThrottleConfig({ default: { burst, refillPerMinute: 1 } })),
    board: new StatusBoard(),
    images: {},
    resyncPeriodMs: RESYNC_MS,
  });
  const foreign = (key: string, edit: (o: KubeObject) => void): void => {
    const obj = clone(client.objects.get(key) as KubeObject);
    edit(obj);
    client.seed(obj);
  };
  const thrashing = async (kind: string): Promise<number> => {
    const line = (await metrics.registry.metrics())
      .split('\n')
      .find((l) => l.startsWith('virt_platform_thrashing_total{') && l.includes(`kind="${kind}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { client, clock, reconciler, foreign, thrashing };
}

const rival = (o: KubeObject): void =>
  void ((o.spec as { selector: { app: string } }).selector.app = 'rival');

describe('the reconciler on a fake clock', () => {
  it('asks for the periodic resync after a pass, and creates what is missing', async () => {
    const s = scenario();

    const result = await s.reconciler.reconcile(PASS);

    expect(result.requeueAfterMs).toBe(RESYNC_MS);
    expect(s.client.objects.get(svcKey)?.metadata.labels?.['platform.kubevirt.io/managed-by']).toBe(
      'virt-platform-autopilot',
    );
  });

  it('defers a correction when the bucket is empty, waits without requests, and counts the wait once', async () => {
    const s = scenario(1);
    await s.reconciler.reconcile(PASS);
    s.foreign(svcKey, rival);
    await s.reconciler.reconcile(asset('metrics-service')); // spends the only token
    s.foreign(svcKey, rival);

    const deferred = await s.reconciler.reconcile(asset('metrics-service'));
    const requests = s.client.served.length;
    s.foreign(svcKey, (o) => ((o.spec as { selector: { app: string } }).selector.app = 'rival-2'));
    s.clock.advance(10_000);
    const waiting = await s.reconciler.reconcile(asset('metrics-service'));
    await s.reconciler.reconcile(PASS);

    expect(deferred).toEqual({ requeueAfterMs: 60_000, deferred: true });
    expect(waiting).toEqual({ requeueAfterMs: 50_000, deferred: true });
    expect(s.client.served.length).toBe(requests);
    expect(await s.thrashing('Service')).toBe(1);
  });

  it('lets a new force-reconcile value cut the wait short', async () => {
    const s = scenario(1);
    await s.reconciler.reconcile(PASS);
    s.foreign(svcKey, rival);
    await s.reconciler.reconcile(asset('metrics-service'));
    s.foreign(svcKey, rival);
    await s.reconciler.reconcile(asset('metrics-service'));
    s.foreign(svcKey, (o) => (o.metadata.annotations = { 'platform.kubevirt.io/force-reconcile': '1' }));

    const result = await s.reconciler.reconcile(asset('metrics-service'));

    expect(result).toEqual({});
    expect((s.client.objects.get(svcKey)?.spec as { selector: { app: string } }).selector.app).toBe(
      'autopilot',
    );
  });

  it('defers and forces the HCO like any other object', async () => {
    const s = scenario(1);
    await s.reconciler.reconcile(PASS);
    s.foreign(hcoKey, (o) => (o.spec = { golden: 1 }));
    await s.reconciler.reconcile(PASS);
    s.foreign(hcoKey, (o) => (o.spec = { golden: 2 }));

    const deferred = await s.reconciler.reconcile(asset('hco-golden-config'));
    await s.reconciler.reconcile(PASS);
    await s.reconciler.reconcile(PASS);
    const thrashed = await s.thrashing('HyperConverged');
    s.foreign(
      hcoKey,
      (o) =>
        (o.metadata.annotations = { ...o.metadata.annotations, 'platform.kubevirt.io/force-reconcile': 'x' }),
    );
    await s.reconciler.reconcile(PASS);

    expect(deferred).toMatchObject({ deferred: true });
    expect(thrashed).toBe(1);
    expect((s.client.objects.get(hcoKey)?.spec as { golden: number }).golden).toBe(5);
  });

  it('does not retry a content the server rejects: a terminal error', async () => {
    const s = scenario();
    await s.reconciler.reconcile(PASS);
    s.foreign(svcKey, rival);
    s.client.failNext(
      'dry-run',
      new KubeApiError('apply Service/ns/metrics failed (HTTP 422)', 422, 'Invalid'),
    );

    await expect(s.reconciler.reconcile(asset('metrics-service'))).rejects.toThrow(TerminalError);
  });

  it('holds an HCO whose patch the server rejects and still corrects the other assets in the pass', async () => {
    const s = scenario();
    await s.reconciler.reconcile(PASS);
    s.foreign(hcoKey, (o) => {
      o.metadata.annotations = {
        ...o.metadata.annotations,
        'platform.kubevirt.io/patch': '{"spec":{"golden":"abc"}}',
      };
      o.spec = { golden: 1 };
    });
    s.foreign(svcKey, rival);
    s.client.failNext(
      'dry-run',
      new KubeApiError('failed to create typed patch object: .spec.golden', 500, 'InternalError'),
    );

    const result = await s.reconciler.reconcile(PASS);

    expect(result.followUps ?? []).toEqual([]);
    expect((s.client.objects.get(svcKey)?.spec as { selector: { app: string } }).selector.app).toBe(
      'autopilot',
    );
    expect((s.client.objects.get(hcoKey)?.spec as { golden: number }).golden).toBe(1);
  });

  it("keeps the other assets' waits when a request for the HCO runs the pass and the HCO fails again", async () => {
    const s = scenario(1);
    await s.reconciler.reconcile(PASS);
    s.foreign(svcKey, rival);
    await s.reconciler.reconcile(asset('metrics-service')); // spends the only token
    s.foreign(svcKey, rival);
    s.foreign(hcoKey, (o) => (o.spec = { golden: 1 }));
    s.client.failNext('dry-run', new KubeApiError('unavailable', 503, 'ServiceUnavailable'));

    const result = await s.reconciler.reconcile(asset('hco-golden-config'));

    expect(result.error).toBeInstanceOf(OperatorError);
    expect(result.error).not.toBeInstanceOf(TerminalError);
    expect(result.followUps).toContainEqual({ request: asset('metrics-service'), afterMs: 60_000 });
  });

  it('retries an asset that failed transiently in a pass with its own backoff', async () => {
    const s = scenario();
    await s.reconciler.reconcile(PASS);
    s.foreign(svcKey, rival);
    s.client.failNext('dry-run', new KubeApiError('unavailable', 503, 'ServiceUnavailable'));

    const result = await s.reconciler.reconcile(PASS);

    expect(result.followUps).toContainEqual({ request: asset('metrics-service'), backoff: true });
  });
});
