import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import { adminClient, createNamespace, eventually, hco, kubeconfigPath } from '../../support/cluster.js';
import { findBinaries } from '../../support/control-plane/binaries.js';
import {
  eventsFor,
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const MC = {
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'MachineConfig',
  name: '90-worker-swap-online',
};
const POOL = {
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'MachineConfigPool',
  name: 'worker',
};
const SERIES = { kind: 'MachineConfig', name: MC.name, namespace: '' };

/** The status subresource is out of the typed client's reach; the MCO writes it, here kubectl does. */
function setPoolConditions(conditions: { type: string; status: string }[]): void {
  const kubectl = findBinaries().kubectl;
  if (!kubectl) throw new Error('no kubectl next to the control-plane binaries');
  execFileSync(kubectl, [
    `--kubeconfig=${kubeconfigPath()}`,
    'patch',
    'machineconfigpool',
    POOL.name,
    '--subresource=status',
    '--type=merge',
    `-p=${JSON.stringify({ status: { machineCount: 3, updatedMachineCount: 1, conditions } })}`,
  ]);
}

describe('pool-aware rollouts: a MachineConfig waits for its MachineConfigPool', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const poolWait = async (reason: string): Promise<number | undefined> =>
    metricValue(await op.scrape(), 'virt_platform_pool_wait', { ...SERIES, pool: 'worker', reason });
  // Any HCO change starts a full pass, which reads the pool again (the operator also rechecks every 30 s).
  let nudges = 0;
  const nudge = () =>
    client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: ns,
      },
      { metadata: { annotations: { 'test.example/nudge': String(++nudges) } } },
    );

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'pool-wait');
    await client.delete(MC); // other tests may have created it: this one needs the creation
    await client.delete(POOL);
    await client.create({
      apiVersion: POOL.apiVersion,
      kind: POOL.kind,
      metadata: { name: POOL.name },
      spec: {
        paused: true,
        machineConfigSelector: { matchLabels: { 'machineconfiguration.openshift.io/role': 'worker' } },
        nodeSelector: { matchLabels: { 'node-role.kubernetes.io/worker': '' } },
      },
    });
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'swap-enable' }));
    op = await startOperator({ namespace: ns });
  });
  afterAll(async () => {
    await op?.stop();
    await client.delete(POOL);
    client.close();
  });

  it('does not write while the pool is paused: compliance 0, the pool-wait metric, a WaitingForPool Event', async () => {
    await eventually(async () => (await poolWait('paused')) === 1, { what: 'pool_wait{reason=paused}' });

    expect(await client.get(MC)).toBeUndefined();
    await waitForCompliance(op, SERIES, 0);
    const events = await eventually(
      async () => {
        const found = (await eventsFor(client, 'default', MC.name)).filter(
          (e) => e.reason === 'WaitingForPool',
        );
        return found.length > 0 ? found : undefined;
      },
      { what: 'a WaitingForPool Event' },
    );
    expect(String(events[0]?.note)).toContain('MachineConfigPool worker is paused (spec.paused)');
    expect(op.logs.some((l) => l.includes('waiting for MachineConfigPool before writing'))).toBe(true);
  });

  it('keeps waiting once resumed while the pool is still Updating', async () => {
    setPoolConditions([
      { type: 'Updating', status: 'True' },
      { type: 'Updated', status: 'False' },
      { type: 'Degraded', status: 'False' },
    ]);
    await client.mergePatch(POOL, { spec: { paused: false } });
    await nudge();

    await eventually(async () => (await poolWait('updating')) === 1, { what: 'pool_wait{reason=updating}' });

    expect(await poolWait('paused')).toBeUndefined();
    expect(await client.get(MC)).toBeUndefined();
  });

  it('writes the MachineConfig once the pool is Updated, and the wait series goes', async () => {
    setPoolConditions([
      { type: 'Updating', status: 'False' },
      { type: 'Updated', status: 'True' },
      { type: 'Degraded', status: 'False' },
    ]);
    await nudge();

    await eventually(async () => client.get(MC), { what: 'MachineConfig written' });

    await waitForCompliance(op, SERIES, 1);
    expect(await poolWait('updating')).toBeUndefined();
  });
});
