import { afterEach, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  apiRequests,
  eventsFor,
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

// The throttle's rules for every object alike (SPEC §5–§6): intent decided before masking, the HCO
// deferred and forced like any other object, a deferral counted once per wait, and a patch the
// server rejects holding the object instead of stopping the pass.

const SERVICE = 'virt-platform-autopilot-metrics';
const HCO_NAME = 'kubevirt-hyperconverged';
const BURST = 2;
// One token per 100 minutes: once the burst is spent, no token arrives while a test runs.
const SLOW_REFILL = '0.01';

const rivalPace = (): Promise<void> => new Promise((r) => setTimeout(r, 250)); // the rival's own pace

describe('throttle rules on a real API server', () => {
  let client: NodeKubeClient;
  let op: RunningOperator | undefined;
  let ns: string;
  const svcRef = (): ObjectRef => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const hcoRef = (): ObjectRef => ({
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    name: HCO_NAME,
    namespace: ns,
  });
  const svcSeries = () => ({ kind: 'Service', name: SERVICE, namespace: ns });
  const hcoSeries = () => ({ kind: 'HyperConverged', name: HCO_NAME, namespace: ns });
  const thrashing = async (series: Record<string, string>): Promise<number> =>
    metricValue(await op!.scrape(), 'virt_platform_thrashing_total', series) ?? 0;
  const successes = async (): Promise<number> =>
    metricValue(await op!.scrape(), 'virt_platform_reconcile_total', { result: 'success' }) ?? 0;
  const parallel = (obj: KubeObject | undefined): unknown =>
    (obj?.spec as { virtualization?: { liveMigrationConfig?: { parallelMigrationsPerCluster?: unknown } } })
      ?.virtualization?.liveMigrationConfig?.parallelMigrationsPerCluster;
  const setParallel = (value: number): Promise<KubeObject> =>
    client.mergePatch(
      hcoRef(),
      { spec: { virtualization: { liveMigrationConfig: { parallelMigrationsPerCluster: value } } } },
      { fieldManager: 'rival-admin' },
    );
  const selectorApp = (svc: KubeObject): string | undefined =>
    (svc.spec as { selector?: Record<string, string> }).selector?.app;
  /** An unrelated full pass (an HCO annotation), waited for until the operator has handled it. */
  const unrelatedPass = async (n: number): Promise<void> => {
    const before = await successes();
    await client.mergePatch(hcoRef(), { metadata: { annotations: { 'test/unrelated': String(n) } } });
    await eventually(async () => (await successes()) > before, { what: 'an unrelated pass' });
  };
  /** Counts the operator's corrections of the Service's selector while `fight` runs. */
  const countCorrections = async (fight: () => Promise<void>): Promise<number> => {
    let corrections = 0;
    let last = 'virt-platform-autopilot';
    const watch = await client.watch(
      { group: '', version: 'v1', kind: 'Service' },
      { namespace: ns, resourceVersion: '0', fieldSelector: `metadata.name=${SERVICE}` },
      (e) => {
        const now = selectorApp(e.object);
        if (now === 'virt-platform-autopilot' && last !== 'virt-platform-autopilot') corrections++;
        if (now) last = now;
      },
    );
    await fight();
    watch.stop();
    return corrections;
  };
  /** A rival controller sets the selector and, when `port` is given, the ignored first port too. */
  const rivalSelector = async (i: number, port?: number): Promise<void> => {
    const svc = (await client.get(svcRef())) as KubeObject;
    const spec = svc.spec as { selector: Record<string, string>; ports: { targetPort?: number }[] };
    spec.selector.app = `rival-${i}`;
    if (port !== undefined && spec.ports[0]) spec.ports[0].targetPort = port;
    await client.replace(svc, { fieldManager: 'rival-controller' }).catch(() => undefined); // 409: raced the operator
  };

  const start = async (prefix: string, autopilot: string, annotations: Record<string, string> = {}) => {
    client = adminClient();
    ns = await createNamespace(client, prefix);
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': autopilot, ...annotations }));
    op = await startOperator({
      namespace: ns,
      flags: [`--throttle-burst=${BURST}`, `--throttle-refill-per-minute=${SLOW_REFILL}`],
    });
  };
  afterEach(async () => {
    await op?.stop();
    op = undefined;
    client?.close();
  });

  it('throttles corrections of foreign edits on an object with ignore-fields (the mask never makes them free)', async () => {
    await start('intent', 'metrics-service');
    await waitForCompliance(op!, svcSeries(), 1);
    await client.mergePatch(
      svcRef(),
      { metadata: { annotations: { 'platform.kubevirt.io/ignore-fields': 'spec.ports.0' } } },
      { fieldManager: 'kubectl-annotate' },
    );
    await eventually(
      async () =>
        metricValue(await op!.scrape(), 'virt_platform_customization_info', {
          ...svcSeries(),
          type: 'ignore',
        }) === 1,
      { what: 'the ignore-fields annotation seen' },
    );

    const corrections = await countCorrections(async () => {
      for (let i = 0; i < 12; i++) {
        // The ignored port changes with every edit: the live value the mask copies in changes too.
        await rivalSelector(i, 9000 + i);
        await rivalPace();
      }
    });

    expect(corrections).toBeLessThanOrEqual(BURST);
    expect(await thrashing(svcSeries())).toBeGreaterThan(0);
  });

  it('defers the HCO in an edit war like any object: one dry-run and one count per wait, and force-reconcile cuts the wait short', async () => {
    await start('hcowar', 'hco-golden-config');
    await waitForCompliance(op!, hcoSeries(), 1);
    // Foreign edits are corrected while tokens last (a fresh process may start with fewer, from the
    // HCO's managedFields time); the edit that finds the bucket empty is deferred.
    for (let i = 0; (await thrashing(hcoSeries())) === 0; i++) {
      if (i > BURST) throw new Error('no deferral after more foreign edits than the burst');
      await setParallel(40 + i);
      await eventually(
        async () => parallel(await client.get(hcoRef())) === 5 || (await thrashing(hcoSeries())) > 0,
        { what: 'a correction or a deferral' },
      );
    }
    expect(await thrashing(hcoSeries())).toBe(1);
    const dryRuns = await apiRequests(client, { resource: 'hyperconvergeds', verb: 'PATCH', dryRun: true });

    for (let i = 0; i < 6; i++) {
      await setParallel(60 + i);
      await rivalPace();
    }
    await unrelatedPass(1);

    expect(await thrashing(hcoSeries())).toBe(1);
    expect(await apiRequests(client, { resource: 'hyperconvergeds', verb: 'PATCH', dryRun: true })).toBe(
      dryRuns,
    );
    expect(parallel(await client.get(hcoRef()))).toBe(65);

    await client.mergePatch(hcoRef(), {
      metadata: { annotations: { 'platform.kubevirt.io/force-reconcile': 'now' } },
    });

    await eventually(async () => parallel(await client.get(hcoRef())) === 5, {
      what: 'the forced correction of the HCO',
    });
  });

  it('counts a deferred object once per wait, however many unrelated passes run meanwhile', async () => {
    await start('once', 'metrics-service');
    await waitForCompliance(op!, svcSeries(), 1);
    for (let i = 0; (await thrashing(svcSeries())) === 0; i++) {
      if (i > BURST) throw new Error('no deferral after more foreign edits than the burst');
      await rivalSelector(i);
      await eventually(
        async () =>
          selectorApp((await client.get(svcRef())) as KubeObject) !== `rival-${i}` ||
          (await thrashing(svcSeries())) > 0,
        { what: 'a correction or a deferral' },
      );
    }
    const deferredApp = selectorApp((await client.get(svcRef())) as KubeObject);
    expect(await thrashing(svcSeries())).toBe(1);

    for (let n = 0; n < 3; n++) await unrelatedPass(n);

    expect(await thrashing(svcSeries())).toBe(1);
    expect(selectorApp((await client.get(svcRef())) as KubeObject)).toBe(deferredApp);
  });

  it('holds an HCO whose patch the server rejects by type, and still creates a newly enabled asset', async () => {
    await start('rejected', 'hco-golden-config,metrics-service');
    await waitForCompliance(op!, hcoSeries(), 1);
    await client.mergePatch(hcoRef(), {
      metadata: {
        annotations: {
          'platform.kubevirt.io/patch': JSON.stringify({
            spec: { virtualization: { liveMigrationConfig: { parallelMigrationsPerCluster: 'abc' } } },
          }),
        },
      },
    });
    await eventually(
      async () =>
        (await eventsFor(client, ns, HCO_NAME)).some(
          (e) => e.reason === 'Held' && String(e.note).includes('platform.kubevirt.io/patch'),
        ),
      { what: 'a Held event naming the patch annotation' },
    );

    await client.mergePatch(hcoRef(), {
      metadata: {
        annotations: {
          'platform.kubevirt.io/autopilot': 'hco-golden-config,metrics-service,metrics-servicemonitor',
        },
      },
    });

    await waitForCompliance(
      op!,
      { kind: 'ServiceMonitor', name: 'virt-platform-autopilot-metrics', namespace: ns },
      1,
    );
    await waitForCompliance(op!, hcoSeries(), 0);
    expect((await eventsFor(client, ns, HCO_NAME)).filter((e) => e.reason === 'ApplyFailed')).toEqual([]);
    expect(op!.logs.some((l) => l.includes('retrying with backoff') && l.includes('hco-golden-config'))).toBe(
      false,
    );
  });
});
