import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  eventsFor,
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const BURST = 3;
const REFILL_PER_MINUTE = 30; // one token every 2 s keeps the test short

describe('anti-thrashing in an edit war', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const ref = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const series = () => ({ kind: 'Service', name: SERVICE, namespace: ns });
  const app = (svc: KubeObject): string | undefined =>
    (svc.spec as { selector?: Record<string, string> }).selector?.app;
  const thrashing = async (): Promise<number> =>
    metricValue(await op.scrape(), 'virt_platform_thrashing_total', series()) ?? 0;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'editwar');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service' }));
    op = await startOperator({
      namespace: ns,
      flags: [`--throttle-burst=${BURST}`, `--throttle-refill-per-minute=${REFILL_PER_MINUTE}`],
    });
    await waitForCompliance(op, series(), 1);
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('keeps corrections within the token bucket, counts deferrals, names the rival, and converges when it stops', async () => {
    let corrections = 0;
    let lastApp = 'virt-platform-autopilot';
    const watch = await client.watch(
      { group: '', version: 'v1', kind: 'Service' },
      { namespace: ns, resourceVersion: '0', fieldSelector: `metadata.name=${SERVICE}` },
      (e) => {
        const now = app(e.object);
        if (now === 'virt-platform-autopilot' && lastApp !== 'virt-platform-autopilot') corrections++;
        if (now) lastApp = now;
      },
    );
    const started = Date.now();

    for (let i = 0; i < 40; i++) {
      const svc = (await client.get(ref())) as KubeObject;
      (svc.spec as { selector: Record<string, string> }).selector.app = `rival-${i}`;
      await client.replace(svc, { fieldManager: 'hpa-controller' }).catch(() => undefined); // a 409 just means we raced the operator
      await new Promise((r) => setTimeout(r, 250)); // the rival's own pace, not a wait for the operator
    }
    const elapsedMinutes = (Date.now() - started) / 60_000;
    const duringWar = await thrashing();

    expect(corrections).toBeLessThanOrEqual(BURST + Math.ceil(elapsedMinutes * REFILL_PER_MINUTE) + 1);
    expect(duringWar).toBeGreaterThan(0);
    const throttled = (await eventsFor(client, ns, SERVICE)).filter((e) => e.reason === 'Throttled');
    expect(
      throttled.some(
        (e) => String(e.note).includes('hpa-controller') && String(e.note).includes('spec.selector.app'),
      ),
    ).toBe(true);
    expect(op.logs.some((l) => l.includes('throttled') && l.includes('token bucket'))).toBe(true);

    await eventually(async () => app((await client.get(ref())) as KubeObject) === 'virt-platform-autopilot', {
      timeoutMs: 60_000,
      what: 'convergence after the rival stopped',
    });
    await waitForCompliance(op, series(), 1);
    const settled = await thrashing();
    await client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: ns,
      },
      { metadata: { annotations: { 'test/resync': 'after-war' } } },
    );
    await waitForCompliance(op, series(), 1);
    expect(await thrashing()).toBe(settled);
    watch.stop();
  });
});
