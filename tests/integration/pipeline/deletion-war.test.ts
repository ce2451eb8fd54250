import { afterEach, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { ObjectRef } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

// SPEC §6: only the first creation is free. Another actor that keeps deleting a managed object (a
// GitOps prune, a cleanup script) is in an edit war like one that keeps changing it: each
// re-creation spends a token, and once the bucket is empty the re-creation is deferred and counted.
// (A MachineConfig re-created without limit reboots its pool without limit.)

const SERVICE = 'virt-platform-autopilot-metrics';
const BURST = 2;
const SLOW_REFILL = '0.01'; // one token per 100 minutes: none arrives while the test runs

describe('deletion war on a real API server', () => {
  let client: NodeKubeClient;
  let op: RunningOperator | undefined;
  afterEach(async () => {
    await op?.stop();
    op = undefined;
    client?.close();
  });

  it('re-creating an object someone keeps deleting spends tokens, then is deferred', async () => {
    client = adminClient();
    const ns = await createNamespace(client, 'delwar');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service' }));
    op = await startOperator({
      namespace: ns,
      flags: [`--throttle-burst=${BURST}`, `--throttle-refill-per-minute=${SLOW_REFILL}`],
    });
    const series = { kind: 'Service', name: SERVICE, namespace: ns };
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns };
    const thrashing = async (): Promise<number> =>
      metricValue(await op!.scrape(), 'virt_platform_thrashing_total', series) ?? 0;
    await waitForCompliance(op, series, 1);

    let recreations = 0;
    for (let i = 0; (await thrashing()) === 0; i++) {
      if (i > BURST) throw new Error(`no deferral after ${recreations} re-creations (burst ${BURST})`);
      const live = await client.get(ref);
      await client.delete(ref, { uid: live?.metadata.uid ?? '' });
      const back = await eventually(
        async () => {
          const now = await client.get(ref);
          if (now && now.metadata.uid !== live?.metadata.uid) return 'recreated';
          return (await thrashing()) > 0 ? 'deferred' : false;
        },
        { what: 're-creation or deferral' },
      );
      if (back === 'recreated') recreations++;
    }

    expect(recreations).toBe(BURST);
    expect(await thrashing()).toBe(1);
    expect(await client.get(ref)).toBeUndefined();
    expect(op.logs.some((l) => l.includes('throttled') && l.includes('token bucket'))).toBe(true);
  });
});
