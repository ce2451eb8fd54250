import { afterAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import { refOf, type KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';

// An admin copies our KubeletConfig (`oc get kubeletconfig virt-kubelet-worker -o yaml`), renames
// it and edits it: the copy keeps our managed-by label. No tombstone names it, so the autopilot
// never deletes it, and the MCO keeps only one of the two: ours is held like for any other tool's.

const API = 'machineconfiguration.openshift.io/v1';
const OURS = { apiVersion: API, kind: 'KubeletConfig', name: 'virt-kubelet-worker' };
const COPY = { apiVersion: API, kind: 'KubeletConfig', name: 'admin-copy-of-virt-kubelet' };

function labelledCopy(): KubeObject {
  return {
    apiVersion: API,
    kind: 'KubeletConfig',
    metadata: { name: COPY.name, labels: { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' } },
    spec: {
      machineConfigPoolSelector: {
        matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' },
      },
      kubeletConfig: { maxPods: 300 },
    },
  };
}

describe('a labelled copy of our KubeletConfig under another name', () => {
  let client: NodeKubeClient;
  let op: RunningOperator | undefined;
  afterAll(async () => {
    await op?.stop();
    await client.delete(COPY);
    // The Events about the cluster-scoped KubeletConfig outlive this test: other tests read the first one.
    for (const e of await eventsFor(client, 'default', OURS.name)) {
      if (String(e.note).includes(COPY.name)) await client.delete(refOf(e));
    }
    client.close();
  });

  it('holds ours (not written, a KubeletConfigConflict Event) and never deletes the copy', async () => {
    client = adminClient();
    const ns = await createNamespace(client, 'kc-copy');
    await client.delete(OURS); // other tests may have created it: this one starts without it
    await client.create(labelledCopy());
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'kubelet-tunings' }));
    op = await startOperator({ namespace: ns });

    await waitForCompliance(op, { kind: 'KubeletConfig', name: OURS.name, namespace: '' }, 0);
    const events = await eventually(
      async () => {
        const found = (await eventsFor(client, 'default', OURS.name)).filter(
          // Events about the cluster-scoped KubeletConfig outlive other tests: this test's name the copy.
          (e) => e.reason === 'KubeletConfigConflict' && String(e.note).includes(COPY.name),
        );
        return found.length > 0 ? found : undefined;
      },
      { what: 'a KubeletConfigConflict Event' },
    );
    expect(String(events[0]?.note)).toContain(`KubeletConfig/${COPY.name} selects MachineConfigPool worker`);
    expect(await client.get(OURS)).toBeUndefined();
    expect(await client.get(COPY)).toBeDefined();
  });
});
