import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { spawnOperator, type OperatorProcess } from '../../support/operator-process.js';
import { metricValue } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';

const NS = 'openshift-cnv';
const LEASE_S = 4;
const ELECTION = [
  `--leader-elect`,
  `--leader-elect-lease-duration=${LEASE_S}s`,
  '--leader-elect-renew-deadline=3s',
  '--leader-elect-retry-period=500ms',
];
const SVC = { apiVersion: 'v1', kind: 'Service', name: 'virt-platform-autopilot-metrics', namespace: NS };

describe('operator processes on one control plane', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  const procs: OperatorProcess[] = [];
  const isLeader = async (p: OperatorProcess) =>
    metricValue(await p.scrape().catch(() => ''), 'virt_platform_leader', {}) === 1;
  const spawn = async (identity: string) => {
    const p = await spawnOperator({
      kubeconfig: plane.kubeconfigPath,
      namespace: NS,
      identity,
      flags: ELECTION,
    });
    procs.push(p);
    return p;
  };
  const selectorApp = async () =>
    ((await client.get(SVC)) as KubeObject | undefined)?.spec as { selector?: { app?: string } } | undefined;

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });

  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    client?.close();
    await plane?.stop();
  });

  it('is not ready while the HyperConverged CRD is missing, and every replica (the standby too) becomes ready when it is served', async () => {
    const [a, b] = await Promise.all([spawn('replica-a'), spawn('replica-b')]);
    expect(await a.ready()).toBe(503);
    expect(await b.ready()).toBe(503);

    await installCrds(client, [...readCrds(crdDir), ...readCrds(localCrdDir)]);
    await client.create(hco(NS, { 'platform.kubevirt.io/autopilot': 'metrics-service' }));

    await eventually(async () => (await a.ready()) === 200, { what: 'replica a /readyz 200' });
    await eventually(async () => (await b.ready()) === 200, { what: 'replica b /readyz 200' });
    expect(a.output.some((l) => l.includes('HyperConverged CRD') && l.includes('not installed'))).toBe(true);
  });

  it('lets exactly one of two replicas lead and write', async () => {
    await eventually(async () => (await client.get(SVC)) !== undefined, { what: 'the leader reconciled' });

    const leaders = await Promise.all(procs.map(isLeader));
    expect(leaders.filter(Boolean)).toHaveLength(1);
    const follower = procs[leaders.indexOf(false)] as OperatorProcess;
    expect(
      metricValue(await follower.scrape(), 'virt_platform_reconcile_total', { result: 'success' }) ?? 0,
    ).toBe(0);
  });

  it('hands leadership over after the leader is killed (SIGKILL), within about one lease duration', async () => {
    const leader = (await Promise.all(procs.map(isLeader))).indexOf(true);
    const other = procs[1 - leader] as OperatorProcess;
    const killedAt = Date.now();

    (procs[leader] as OperatorProcess).kill('SIGKILL');
    await eventually(() => isLeader(other), { timeoutMs: LEASE_S * 4000, intervalMs: 200, what: 'takeover' });

    const takeoverMs = Date.now() - killedAt;
    process.stderr.write(`[leader-election] takeover after SIGKILL: ${takeoverMs} ms (lease ${LEASE_S}s)\n`);
    expect(takeoverMs).toBeLessThan(LEASE_S * 3000);
  });

  it('releases the lease at once on SIGTERM and exits 0', async () => {
    const leader = (await Promise.all(procs.map((p) => isLeader(p)))).indexOf(true);
    const c = await spawn('replica-c');
    const stoppedAt = Date.now();

    (procs[leader] as OperatorProcess).kill('SIGTERM');
    const code = await (procs[leader] as OperatorProcess).exited;
    await eventually(() => isLeader(c), {
      timeoutMs: LEASE_S * 4000,
      intervalMs: 100,
      what: 'takeover after release',
    });

    const takeoverMs = Date.now() - stoppedAt;
    process.stderr.write(`[leader-election] takeover after SIGTERM (released lease): ${takeoverMs} ms\n`);
    expect(code).toBe(0);
    const lease = await client.get({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: 'virt-platform-autopilot',
      namespace: NS,
    });
    expect((lease?.spec as { holderIdentity?: string }).holderIdentity).toBe('replica-c');
  });

  it('reconnects after kube-apiserver is killed and restarted, and corrects a change made right after', async () => {
    await plane.stopApiServer('SIGKILL');
    // A replica that starts while the API server is down keeps retrying discovery instead of
    // exiting; it is also the standby when the restart outlasts the leader's renew deadline (a
    // loaded machine), the leader gives its lease up and exits.
    const late = await spawn('replica-d');
    await plane.startApiServer();
    const svc = (await client.get(SVC)) as KubeObject;
    (svc.spec as { selector: Record<string, string> }).selector.app = 'during-outage';
    await client.replace(svc, { fieldManager: 'kubectl-edit' });

    await eventually(async () => (await selectorApp())?.selector?.app === 'virt-platform-autopilot', {
      timeoutMs: 60_000,
      what: 'drift corrected after the outage',
    });
    // Leader or standby, it follows the CRDs itself until discovery serves the HyperConverged kind.
    await eventually(async () => (await late.ready()) === 200, {
      timeoutMs: 60_000,
      what: 'the replica started during the outage is ready',
    });
    expect(late.output.some((l) => l.includes('discovery failed at start-up, retrying'))).toBe(true);
  });
});
