import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '../../support/cluster.js';
import { spawnOperator, type OperatorProcess } from '../../support/operator-process.js';
import { metricValue } from '../../support/operator.js';
import {
  BIG_BURST,
  customise,
  drift,
  expectInvariants,
  getService,
  NS,
  selectorApp,
  startFaultEnv,
  type FaultEnv,
} from './fault-env.js';

const ELECTION = [
  '--leader-elect',
  '--leader-elect-lease-duration=4s',
  '--leader-elect-renew-deadline=3s',
  '--leader-elect-retry-period=500ms',
];

describe('fault: the leader is killed (SIGKILL) right after a foreign drift', () => {
  let env: FaultEnv;
  const procs: OperatorProcess[] = [];
  const isLeader = async (p: OperatorProcess) =>
    metricValue(await p.scrape().catch(() => ''), 'virt_platform_leader', {}) === 1;

  beforeAll(async () => {
    env = await startFaultEnv();
    for (const identity of ['replica-a', 'replica-b'])
      procs.push(
        await spawnOperator({
          kubeconfig: env.plane.kubeconfigPath,
          namespace: NS,
          identity,
          flags: [...ELECTION, BIG_BURST],
        }),
      );
    await eventually(async () => selectorApp(await getService(env.client)) === 'virt-platform-autopilot', {
      timeoutMs: 60_000,
      what: 'the leader reconciled',
    });
    await customise(env.client);
  });
  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    env?.client.close();
    await env?.plane.stop();
  });

  it('lets the other replica take over and correct the drift, losing nothing', async () => {
    const leaders = await Promise.all(procs.map(isLeader));
    const leader = procs[leaders.indexOf(true)] as OperatorProcess;
    const other = procs[leaders.indexOf(false)] as OperatorProcess;

    await drift(env.client, 'edited-as-the-leader-dies');
    leader.kill('SIGKILL');

    await eventually(() => isLeader(other), { timeoutMs: 30_000, intervalMs: 200, what: 'takeover' });
    await expectInvariants(env, other.scrape);
    expect(leaders.filter(Boolean)).toHaveLength(1);
    expect(await leader.exited).toBeNull();
  });
});
