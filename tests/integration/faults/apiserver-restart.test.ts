import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/cluster.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import {
  BIG_BURST,
  customise,
  drift,
  expectInvariants,
  getService,
  killAndRestartApiServer,
  NS,
  selectorApp,
  startFaultEnv,
  triggerPass,
  type FaultEnv,
} from './fault-env.js';

describe('fault: kube-apiserver killed (SIGKILL) and restarted in the middle of reconciling', () => {
  let env: FaultEnv;
  let op: RunningOperator;
  const series = { kind: 'Service', name: 'virt-platform-autopilot-metrics', namespace: NS };

  beforeAll(async () => {
    env = await startFaultEnv();
    op = await startOperator({ namespace: NS, kubeconfig: env.plane.kubeconfigPath, flags: [BIG_BURST] });
    await waitForCompliance(op, series, 1);
    await customise(env.client);
  });
  afterAll(async () => {
    await op?.stop();
    env?.client.close();
    await env?.plane.stop();
  });

  it('converges after the restart, keeps the customisations and deletes no bystander', async () => {
    await drift(env.client, 'before-the-kill');
    await triggerPass(env.client, 'mid-reconcile');

    await killAndRestartApiServer(env.plane);

    await expectInvariants(env, op.scrape);
  });

  it('corrects a change made right after the restart, through its re-established watches', async () => {
    await killAndRestartApiServer(env.plane);

    await drift(env.client, 'after-the-restart');

    await eventually(async () => selectorApp(await getService(env.client)) === 'virt-platform-autopilot', {
      timeoutMs: 60_000,
      what: 'the drift corrected',
    });
    await expectInvariants(env, op.scrape);
    expect(op.logs.some((l) => l.includes('"level":"error"') && l.includes('uncaught'))).toBe(false);
  });
});
