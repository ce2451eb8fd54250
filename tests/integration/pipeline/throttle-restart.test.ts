import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const BURST = 3;
// One token per 100 minutes: nothing refills during the test, so every correction is a spent token.
const FLAGS = [`--throttle-burst=${BURST}`, '--throttle-refill-per-minute=0.01'];

describe('token buckets across an operator restart', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator | undefined;
  const ref = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const series = () => ({ kind: 'Service', name: SERVICE, namespace: ns });
  const app = async (): Promise<string | undefined> =>
    ((await client.get(ref())) as unknown as { spec: { selector?: Record<string, string> } }).spec.selector
      ?.app;
  const thrashing = async (running: RunningOperator): Promise<number> =>
    metricValue(await running.scrape(), 'virt_platform_thrashing_total', series()) ?? 0;

  /** A rival edits the selector again and again; how many edits are corrected before the first deferral. */
  const correctionsBeforeDeferral = async (running: RunningOperator, round: string): Promise<number> => {
    let corrections = 0;
    for (let i = 0; i < BURST + 3; i++) {
      const deferredBefore = await thrashing(running);
      const svc = (await client.get(ref())) as KubeObject;
      (svc.spec as { selector: Record<string, string> }).selector.app = `rival-${round}-${i}`;
      await client.replace(svc, { fieldManager: 'hpa-controller' });
      const outcome = await eventually(
        async () => {
          if ((await app()) === 'virt-platform-autopilot') return 'corrected';
          return (await thrashing(running)) > deferredBefore ? 'deferred' : undefined;
        },
        { what: `edit ${i} of round ${round} corrected or deferred` },
      );
      if (outcome === 'deferred') return corrections;
      corrections++;
    }
    return corrections;
  };

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'throttle-restart');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service' }));
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('does not give a restarted operator a fresh burst against the same rival', async () => {
    op = await startOperator({ namespace: ns, flags: FLAGS });
    await waitForCompliance(op, series(), 1);
    const before = await correctionsBeforeDeferral(op, 'a');
    await op.stop();

    op = await startOperator({ namespace: ns, flags: FLAGS });
    // The restarted operator's first pass may correct the deferred edit once; then the war resumes.
    await eventually(async () => (await app()) === 'virt-platform-autopilot', {
      what: 'first pass after restart',
    });
    const after = await correctionsBeforeDeferral(op, 'b');

    expect(before).toBe(BURST);
    expect(after).toBeLessThanOrEqual(1);
  });
});
