import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../operator/errors.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { KubeletConfigReader, retiredKubeletConfigs } from '../../../operator/pipeline/kubelet-configs.js';
import { PoolGate } from '../../../operator/pipeline/pool-gate.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';

const MCO = 'machineconfiguration.openshift.io/v1';
const WORKER = { 'pools.operator.machineconfiguration.openshift.io/worker': '' };
const MANAGED = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };

function kubeletConfig(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: MCO,
    kind: 'KubeletConfig',
    metadata: { name, labels },
    spec: { machineConfigPoolSelector: { matchLabels: WORKER } },
  } as KubeObject;
}

describe('KubeletConfigReader', () => {
  it('lists KubeletConfigs once per pass, and reads the pool for every asset', async () => {
    const client = new FakeKubeClient();
    client.seed(kubeletConfig('admin'));
    const reader = new KubeletConfigReader(client);
    const pass = {};

    const first = await reader.conflict({ ours: 'virt-kubelet-worker', pool: 'worker', pass });
    client.objects.clear(); // removed during the pass: the pass keeps what it listed
    const second = await reader.conflict({ ours: 'virt-kubelet-worker', pool: 'worker', pass });
    const nextPass = await reader.conflict({ ours: 'virt-kubelet-worker', pool: 'worker', pass: {} });

    expect([first?.others, second?.others, nextPass]).toEqual([['admin'], ['admin'], undefined]);
    expect([client.count('list'), client.count('get')]).toEqual([2, 3]);
  });

  it('does not remember a failed list: the next asset of the pass asks again', async () => {
    const client = new FakeKubeClient();
    client.seed(kubeletConfig('admin'));
    client.failNext('list', new KubeApiError('list failed (HTTP 503)', 503, 'ServiceUnavailable'));
    const reader = new KubeletConfigReader(client);
    const pass = {};

    await expect(reader.conflict({ ours: 'ours', pool: 'worker', pass })).rejects.toThrow('HTTP 503');
    const again = await reader.conflict({ ours: 'ours', pool: 'worker', pass });

    expect(again?.others).toEqual(['admin']);
    expect(client.count('list')).toBe(2);
  });

  it('does not count a retired KubeletConfig of ours (named by a tombstone) as another tool’s', async () => {
    const client = new FakeKubeClient();
    client.seed(kubeletConfig('old-ours', MANAGED));
    client.seed(kubeletConfig('renamed-copy', MANAGED));

    const conflict = await new KubeletConfigReader(client, ['old-ours']).conflict({
      ours: 'virt-kubelet-worker',
      pool: 'worker',
      pass: {},
    });

    expect(conflict?.others).toEqual(['renamed-copy']);
  });

  it('reads the pool labels from the live pool', async () => {
    const client = new FakeKubeClient();
    client.seed(kubeletConfig('admin'));
    client.seed({ apiVersion: MCO, kind: 'MachineConfigPool', metadata: { name: 'worker', labels: {} } });

    const conflict = await new KubeletConfigReader(client).conflict({ ours: 'o', pool: 'worker', pass: {} });

    expect(conflict).toBeUndefined();
  });

  it('retiredKubeletConfigs keeps only KubeletConfigs of the MCO API', () => {
    const retired = retiredKubeletConfigs([
      { object: kubeletConfig('a') },
      { object: { apiVersion: 'other.io/v1', kind: 'KubeletConfig', metadata: { name: 'b' } } },
      { object: { apiVersion: MCO, kind: 'MachineConfig', metadata: { name: 'c' } } },
      { object: { apiVersion: MCO, kind: 'KubeletConfig', metadata: {} } },
    ]);

    expect(retired).toEqual(['a', '']);
  });
});

describe('PoolGate', () => {
  const pool = (updating: boolean): KubeObject =>
    ({
      apiVersion: MCO,
      kind: 'MachineConfigPool',
      metadata: { name: 'worker' },
      status: { conditions: [{ type: 'Updating', status: updating ? 'True' : 'False' }] },
    }) as KubeObject;

  it('reads each pool once per pass', async () => {
    const client = new FakeKubeClient();
    client.seed(pool(false));
    const gate = new PoolGate(client);
    const pass = {};

    const first = await gate.readiness('worker', pass);
    client.seed(pool(true));
    const same = await gate.readiness('worker', pass);
    const master = await gate.readiness('master', pass);
    const next = await gate.readiness('worker', {});

    expect([first.ready, same.ready, master.ready, next.ready]).toEqual([true, true, true, false]);
    expect(client.served.map((s) => s.key)).toEqual([
      'MachineConfigPool/worker',
      'MachineConfigPool/master',
      'MachineConfigPool/worker',
    ]);
  });
});
