import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { ObjectDiff } from '../../../operator/render/diff.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { adminClient, createNamespace, eventually, hco, kubeconfigPath } from '../../support/cluster.js';
import { startOperator, waitForCompliance } from '../../support/operator.js';
import { runBin } from './run-cli.js';

// An earlier release's KubeletConfig (virt-perf-settings, labelled as ours) still selects the
// worker pool: a tombstone names it, so the operator deletes it and writes virt-kubelet-worker.
// The previews must decide the same, not show ours held for "another tool's" KubeletConfig.

const API = 'machineconfiguration.openshift.io/v1';
const OURS = { apiVersion: API, kind: 'KubeletConfig', name: 'virt-kubelet-worker' };
const RETIRED = { apiVersion: API, kind: 'KubeletConfig', name: 'virt-perf-settings' };

function retiredKubeletConfig(): KubeObject {
  return {
    apiVersion: API,
    kind: 'KubeletConfig',
    metadata: {
      name: RETIRED.name,
      labels: { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' },
    },
    spec: {
      machineConfigPoolSelector: {
        matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' },
      },
      kubeletConfig: { maxPods: 250 },
    },
  };
}

describe('previews treat a tombstoned KubeletConfig of ours as the operator does', () => {
  let client: NodeKubeClient;
  let ns: string;
  const preview = (command: 'render' | 'diff') =>
    runBin([
      command,
      `--kubeconfig=${kubeconfigPath()}`,
      `--namespace=${ns}`,
      '--asset=kubelet-tunings',
      '--output=json',
    ]);

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'preview-tomb');
    await client.delete(OURS); // other tests may have created it: this one starts without it
    await client.create(retiredKubeletConfig());
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'kubelet-tunings' }));
  });
  afterAll(async () => {
    await client.delete(RETIRED);
    client.close();
  });

  it('render --kubeconfig includes virt-kubelet-worker (not held)', async () => {
    const result = await preview('render');

    const reports = JSON.parse(result.stdout) as AssetReport[];
    const ours = reports.find((r) => r.asset === 'kubelet-tunings');
    expect(ours?.reason ?? '').not.toMatch(/held/);
    expect(ours).toMatchObject({ included: true });
  });

  it('diff says it would create virt-kubelet-worker (exit 1, not held)', async () => {
    const result = await preview('diff');

    expect(result.code).toBe(1);
    const diffs = JSON.parse(result.stdout) as ObjectDiff[];
    expect(diffs.find((d) => d.asset === 'kubelet-tunings')?.status).toBe('would-create');
  });

  it('matches what the operator then does: retires the old one and writes ours', async () => {
    const op = await startOperator({ namespace: ns });
    try {
      await waitForCompliance(op, { kind: 'KubeletConfig', name: OURS.name, namespace: '' }, 1);
      await eventually(async () => ((await client.get(RETIRED)) ? undefined : true), {
        what: 'virt-perf-settings deleted by its tombstone',
      });
    } finally {
      await op.stop();
    }
  });
});
