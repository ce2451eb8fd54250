import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition, Catalog } from '../../../operator/assets/catalog.js';
import type { RenderContext } from '../../../operator/assets/context.js';
import type { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { Tombstone } from '../../../operator/assets/tombstones.js';
import type { ClusterView } from '../../../operator/handlers/cluster-view.js';
import { PlatformReconciler } from '../../../operator/handlers/platform-reconciler.js';
import { PASS, type Request } from '../../../operator/handlers/request.js';
import { StatusBoard } from '../../../operator/handlers/status-board.js';
import { objectKey, type GroupVersionKind, type KubeObject } from '../../../operator/kube/types.js';
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
const MANAGED = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };
const hcoKey = objectKey({ kind: 'HyperConverged', name: 'kubevirt-hyperconverged', namespace: 'ns' });
const svcKey = objectKey({ kind: 'Service', name: 'metrics', namespace: 'ns' });
const asset = (name: string): Request => ({ kind: 'asset', asset: name });

/**
 * The real reconciler over a fake API server and a fake clock, with what a pass reads besides
 * the assets: the tombstones, the labelled objects the informers see, and the served kinds.
 */
function pass(
  opts: {
    autopilot?: string;
    tombstones?: Tombstone[];
    labelled?: KubeObject[];
    unserved?: string[];
    assets?: AssetDefinition[];
    /** How long rendering takes on the fake clock. */
    renderMs?: number;
    images?: Record<string, string>;
    /** Token bucket burst per object (one correction, then a wait). */
    burst?: number;
    /** The informer's HCO lags: the view shows the HCO as it was before the pass wrote it. */
    staleHco?: boolean;
  } = {},
) {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const logger = createLogger({ level: 'error' });
  const metrics = new Metrics();
  const board = new StatusBoard();
  client.seed(hcoObject(opts.autopilot ? { 'platform.kubevirt.io/autopilot': opts.autopilot } : {}));
  const assets = opts.assets ?? [HCO_ASSET, ASSET];
  const rendered: { asset: string; golden: number | undefined; images: Readonly<Record<string, string>> }[] =
    [];
  let staleHco: KubeObject | undefined;
  const catalog: Catalog = { assets, features: [], get: (name) => assets.find((a) => a.name === name) };
  const renderer = {
    render: (a: AssetDefinition, ctx: RenderContext) => {
      clock.advance(opts.renderMs ?? 0);
      rendered.push({
        asset: a.name,
        golden: (ctx.hco.spec as { golden?: number }).golden,
        images: ctx.images,
      });
      return a.name === HCO_ASSET.name ? { ...hcoObject(), spec: { golden: 5 } } : service();
    },
  } as unknown as TemplateRenderer;
  const unserved = new Set(opts.unserved ?? []);
  const view: ClusterView = {
    hco: () => (opts.staleHco ? (staleHco ??= client.objects.get(hcoKey)) : client.objects.get(hcoKey)),
    hcoServed: () => true,
    nodes: () => [],
    infrastructure: () => undefined,
    scheduler: () => undefined,
    cached: (gvk, name, namespace) => client.objects.get(objectKey({ kind: gvk.kind, name, namespace })),
    labelled: () => opts.labelled ?? [],
    isServed: (gvk: GroupVersionKind) => !unserved.has(gvk.kind),
    namespaceExists: () => true,
  };
  const reconciler = new PlatformReconciler({
    catalog,
    renderer,
    tombstones: opts.tombstones ?? [],
    view,
    client,
    metrics,
    events: new EventRecorder({ client, instance: 'test', clock, logger }),
    logger,
    clock,
    tokens: new TokenBuckets(
      clock,
      defaultThrottleConfig(opts.burst ? { default: { burst: opts.burst, refillPerMinute: 1 } } : {}),
    ),
    board,
    images: opts.images ?? {},
    resyncPeriodMs: 600_000,
  });
  const samples = async (family: string): Promise<string[]> =>
    (await metrics.render()).split('\n').filter((l) => l.startsWith(`${family}{`));
  return { client, clock, board, reconciler, samples, rendered };
}

const stale = (name: string, labels: Record<string, string> = MANAGED): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', labels },
});

describe('what a full pass does besides the assets', () => {
  it('processes the tombstones first and shows their outcome on the status board', async () => {
    const s = pass({ tombstones: [{ release: 'v0.1', file: 'old.yaml', object: stale('old') }] });
    s.client.seed(stale('old'));
    s.clock.advance(1);

    await s.reconciler.reconcile(PASS);

    expect(s.client.objects.has('ConfigMap/ns/old')).toBe(false);
    expect(s.board.tombstones()).toEqual([
      { kind: 'ConfigMap', name: 'old', namespace: 'ns', release: 'v0.1', status: 'deleted' },
    ]);
    expect(s.client.served.findIndex((r) => r.verb === 'delete')).toBeLessThan(
      s.client.served.findIndex((r) => r.verb === 'apply'),
    );
  });

  it('reports labelled objects nothing renders or tombstones as orphans, and never deletes them', async () => {
    const s = pass({
      labelled: [stale('orphan'), stale('tombstoned'), service()],
      tombstones: [{ release: 'v0.1', file: 't.yaml', object: stale('tombstoned') }],
    });
    s.client.seed(stale('orphan'));

    await s.reconciler.reconcile(PASS);

    expect(s.board.orphans()).toEqual([{ kind: 'ConfigMap', name: 'orphan', namespace: 'ns' }]);
    expect(await s.samples('virt_platform_orphaned_resources')).toEqual([
      'virt_platform_orphaned_resources{kind="ConfigMap"} 1',
    ]);
    expect(s.client.objects.has('ConfigMap/ns/orphan')).toBe(true);
  });

  it('does not count an asset’s object as an orphan once the asset rendered it', async () => {
    const s = pass({ labelled: [{ ...service(), metadata: { ...service().metadata, labels: MANAGED } }] });

    await s.reconciler.reconcile(PASS);

    expect(s.board.orphans()).toEqual([]);
  });

  it('leaves an asset the allowlist does not name alone and says why on the board', async () => {
    const s = pass({ autopilot: 'hco-golden-config' });

    const result = await s.reconciler.reconcile(PASS);

    expect(s.client.objects.has(svcKey)).toBe(false);
    expect(s.board.assetStatuses().find((a) => a.asset === 'metrics-service')).toMatchObject({
      outcome: 'excluded',
      reason: 'not in the platform.kubevirt.io/autopilot allowlist',
    });
    expect(result.followUps ?? []).toEqual([]);
  });

  it('reports an asset whose kind is not served as a missing dependency', async () => {
    const s = pass({ unserved: ['Service'] });

    await s.reconciler.reconcile(PASS);

    expect(s.client.objects.has(svcKey)).toBe(false);
    expect(s.board.assetStatuses().find((a) => a.asset === 'metrics-service')).toMatchObject({
      outcome: 'missing-dependency',
      reason: 'Service.v1.core is not served (CRD missing)',
    });
  });

  it('stops managing an asset that falls out of the allowlist: its series go, its object stays', async () => {
    const s = pass({ autopilot: 'hco-golden-config,metrics-service' });
    await s.reconciler.reconcile(PASS);
    const before = await s.samples('virt_platform_compliance_status');
    const hco = s.client.objects.get(hcoKey) as KubeObject;
    s.client.seed({
      ...hco,
      metadata: { ...hco.metadata, annotations: { 'platform.kubevirt.io/autopilot': 'hco-golden-config' } },
    });

    await s.reconciler.reconcile(PASS);

    expect(before.some((l) => l.includes('kind="Service"'))).toBe(true);
    expect(
      (await s.samples('virt_platform_compliance_status')).some((l) => l.includes('kind="Service"')),
    ).toBe(false);
    expect(s.client.objects.has(svcKey)).toBe(true);
  });

  it('times each asset’s pipeline in seconds on the clock it was given', async () => {
    const s = pass({ renderMs: 2500 });

    await s.reconciler.reconcile(asset('metrics-service'));

    expect(await s.samples('virt_platform_reconcile_duration_seconds_sum')).toEqual([
      'virt_platform_reconcile_duration_seconds_sum{kind="Service",name="metrics",namespace="ns"} 2.5',
    ]);
  });
});

describe('a request for one asset', () => {
  it('does nothing for an asset the catalog no longer has', async () => {
    const s = pass();

    const result = await s.reconciler.reconcile(asset('gone'));

    expect(result).toEqual({});
    expect(s.client.served).toEqual([]);
  });

  it('runs only its asset, without the tombstones or the HCO', async () => {
    const s = pass({ tombstones: [{ release: 'v0.1', file: 'old.yaml', object: stale('old') }] });
    s.client.seed(stale('old'));

    const result = await s.reconciler.reconcile(asset('metrics-service'));

    expect(result).toEqual({});
    expect(s.client.served.filter((r) => r.verb === 'apply').map((r) => r.key)).toEqual([svcKey]);
    expect(s.client.objects.has('ConfigMap/ns/old')).toBe(true);
    expect(s.board.tombstones()).toEqual([]);
  });

  it('does nothing while there is no HyperConverged to render from', async () => {
    const s = pass();
    s.client.objects.delete(hcoKey);

    const result = await s.reconciler.reconcile(asset('metrics-service'));
    const whole = await s.reconciler.reconcile(PASS);

    expect(result).toEqual({});
    expect(whole).toEqual({ requeueAfterMs: 600_000, followUps: [] });
    expect(s.client.served.filter((r) => r.verb !== 'get')).toEqual([]);
  });

  it('records the asset it ran on the status board with its object', async () => {
    const s = pass();

    await s.reconciler.reconcile(asset('metrics-service'));

    expect(s.board.assetStatuses()).toEqual([
      {
        asset: 'metrics-service',
        outcome: 'created',
        object: { kind: 'Service', name: 'metrics', namespace: 'ns' },
        at: new Date(s.clock.now()).toISOString(),
      },
    ]);
  });

  it('runs the whole pass for the HCO’s asset: its own wait is the result, the others’ are follow-ups', async () => {
    const s = pass({ burst: 1 });
    const drift = (): void => {
      s.client.seed({ ...(s.client.objects.get(hcoKey) as KubeObject), spec: { golden: 1 } });
      s.client.seed({
        ...(s.client.objects.get(svcKey) as KubeObject),
        spec: { selector: { app: 'rival' } },
      });
    };
    await s.reconciler.reconcile(PASS);
    drift();
    await s.reconciler.reconcile(PASS); // spends each object's only token
    drift();

    const result = await s.reconciler.reconcile(asset('hco-golden-config'));

    expect(result).toEqual({
      requeueAfterMs: 60_000,
      deferred: true,
      followUps: [{ request: asset('metrics-service'), afterMs: 60_000 }],
    });
  });

  it('answers the HCO’s asset with nothing to do while there is no HyperConverged', async () => {
    const s = pass();
    s.client.objects.delete(hcoKey);

    const result = await s.reconciler.reconcile(asset('hco-golden-config'));

    expect(result).toEqual({ followUps: [] });
  });

  it('keys requests the way the queue deduplicates them', () => {
    const s = pass();

    expect([s.reconciler.key(PASS), s.reconciler.key(asset('a'))]).toEqual(['pass', 'asset/a']);
  });
});

describe('what each asset renders from', () => {
  it('renders the assets after the HCO from the HCO the pass wrote, even before the informer sees it', async () => {
    const s = pass({ staleHco: true });

    await s.reconciler.reconcile(PASS);

    expect(s.rendered.map((r) => [r.asset, r.golden])).toEqual([
      ['hco-golden-config', undefined],
      ['metrics-service', 5],
    ]);
  });

  it('hands the images parsed at start to every render', async () => {
    const images = { RELATED_IMAGE_EXPORTER: 'quay.io/x/exporter@sha256:1' };
    const s = pass({ images });

    await s.reconciler.reconcile(PASS);

    expect(s.rendered.map((r) => r.images)).toEqual([images, images]);
  });

  it('forgets every asset’s series when the autopilot is switched off', async () => {
    const s = pass();
    await s.reconciler.reconcile(PASS);
    const before = await s.samples('virt_platform_compliance_status');
    const hco = s.client.objects.get(hcoKey) as KubeObject;
    s.client.seed({
      ...hco,
      metadata: { ...hco.metadata, annotations: { 'platform.kubevirt.io/autopilot': 'false' } },
    });

    const result = await s.reconciler.reconcile(PASS);

    expect(before).toHaveLength(2);
    expect(await s.samples('virt_platform_compliance_status')).toEqual([]);
    expect(result).toEqual({ requeueAfterMs: 600_000, followUps: [] });
  });

  it('drops the missing-dependency series of kinds nobody needs once the autopilot is off', async () => {
    const nhc: AssetDefinition = {
      ...ASSET,
      name: 'nhc',
      component: 'NodeHealthCheck',
      apiVersion: 'remediation.medik8s.io/v1alpha1',
    };
    const s = pass({ assets: [HCO_ASSET, nhc], unserved: ['NodeHealthCheck'] });
    await s.reconciler.reconcile(PASS);
    const before = await s.samples('virt_platform_missing_dependency');
    const hco = s.client.objects.get(hcoKey) as KubeObject;
    s.client.seed({
      ...hco,
      metadata: { ...hco.metadata, annotations: { 'platform.kubevirt.io/autopilot': 'false' } },
    });

    await s.reconciler.reconcile(PASS);

    expect(before).toHaveLength(2);
    expect(await s.samples('virt_platform_missing_dependency')).toEqual([]);
  });
});
