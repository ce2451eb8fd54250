import { describe, expect, it } from '@jest/globals';
import { LeaderFencedClient, NotLeaderError } from '../../../operator/app/leader-fence.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';

const CONFIG: KubeObject = {
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'KubeletConfig',
  metadata: { name: 'virt-kubelet-worker' },
  spec: { kubeletConfig: { maxPods: 250 } },
};
const REF = { apiVersion: CONFIG.apiVersion, kind: CONFIG.kind, name: 'virt-kubelet-worker' };
const APPLY = { fieldManager: 'virt-platform-autopilot', force: true };

/** A fenced client over a fake API server, and the switch the test flips. */
function fenced(leading: boolean) {
  const inner = new FakeKubeClient();
  inner.seed(CONFIG);
  const state = { leading };
  return { inner, state, client: new LeaderFencedClient(inner, () => state.leading) };
}

describe('LeaderFencedClient', () => {
  it('passes every write through while this replica leads', async () => {
    const { inner, client } = fenced(true);

    await client.apply(CONFIG, { ...APPLY, dryRun: false });
    await client.mergePatch(REF, { metadata: { labels: { a: 'b' } } });
    await client.delete(REF);

    expect(inner.served.map((s) => s.verb)).toEqual(['apply', 'merge-patch', 'delete']);
  });

  it('refuses every write, before it reaches the server, once the lease is lost', async () => {
    const { inner, client } = fenced(false);

    const attempts = [
      client.apply(CONFIG, { ...APPLY, dryRun: false }),
      client.create(CONFIG),
      client.replace(CONFIG),
      client.mergePatch(REF, {}),
      client.delete(REF),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toBeInstanceOf(NotLeaderError);
    expect(inner.served).toEqual([]);
  });

  it('still reads and dry-runs without the lease (they change nothing)', async () => {
    const { inner, client } = fenced(false);

    await client.get(REF);
    await client.list({ group: 'machineconfiguration.openshift.io', version: 'v1', kind: 'KubeletConfig' });
    await client.apply(CONFIG, { ...APPLY, dryRun: true });

    expect(inner.served.map((s) => s.verb)).toEqual(['get', 'list', 'dry-run']);
  });

  it('names the refused write and why', async () => {
    const { client } = fenced(false);

    await expect(client.apply(CONFIG, { ...APPLY, dryRun: false })).rejects.toThrow(
      'apply KubeletConfig/virt-kubelet-worker refused: this replica no longer holds the leader lease',
    );
  });
});
