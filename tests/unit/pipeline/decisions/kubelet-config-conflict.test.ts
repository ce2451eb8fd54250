import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import path from 'node:path';
import { loadTombstones } from '../../../../operator/assets/tombstones.js';
import { findKubeletConfigConflict } from '../../../../operator/pipeline/decisions/kubelet-config-conflict.js';
import { retiredKubeletConfigs } from '../../../../operator/pipeline/kubelet-configs.js';
import { repoRoot } from '../../../support/paths.js';

const OURS = 'virt-kubelet-worker';
const MANAGED = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };
const WORKER_SELECTOR = { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' } };

function kc(
  name: string,
  selector: unknown,
  extra: { labels?: Record<string, string>; created?: string; deleting?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'KubeletConfig',
    metadata: {
      name,
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.created ? { creationTimestamp: extra.created } : {}),
      ...(extra.deleting ? { deletionTimestamp: '2026-12-01T10:00:00Z' } : {}),
    },
    spec: { machineConfigPoolSelector: selector, kubeletConfig: { maxPods: 300 } },
  };
}

function pool(name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfigPool',
    metadata: { name, labels },
  };
}

const CNF_POOL = pool('worker', {
  'pools.operator.machineconfiguration.openshift.io/worker': '',
  'machineconfiguration.openshift.io/role': 'worker',
});

describe('findKubeletConfigConflict', () => {
  it.each<[string, KubeObject | undefined, KubeObject[], string[] | undefined]>([
    [
      'no other KubeletConfig: no conflict',
      undefined,
      [kc(OURS, WORKER_SELECTOR, { labels: MANAGED })],
      undefined,
    ],
    [
      'an admin KubeletConfig on the worker pool conflicts',
      undefined,
      [kc('set-max-pods', WORKER_SELECTOR)],
      ['set-max-pods'],
    ],
    [
      "ours without the label (adoption) is not another tool's",
      undefined,
      [kc(OURS, WORKER_SELECTOR)],
      undefined,
    ],
    [
      "the previous release's objects carry our label: not a conflict (tombstones remove them)",
      undefined,
      [kc('virt-perf-settings', WORKER_SELECTOR, { labels: MANAGED })],
      undefined,
    ],
    [
      'a labelled copy of ours under another name (no tombstone names it, never deleted) conflicts',
      undefined,
      [kc('my-kubelet-worker', WORKER_SELECTOR, { labels: MANAGED })],
      ['my-kubelet-worker'],
    ],
    [
      'a KubeletConfig for another pool does not conflict',
      undefined,
      [
        kc('master-tuning', {
          matchLabels: { 'pools.operator.machineconfiguration.openshift.io/master': '' },
        }),
      ],
      undefined,
    ],
    ['a KubeletConfig with an empty selector selects no pool', undefined, [kc('empty', {})], undefined],
    [
      'a KubeletConfig being deleted no longer counts',
      undefined,
      [kc('going', WORKER_SELECTOR, { deleting: true })],
      undefined,
    ],
    [
      "a PerformanceProfile's KubeletConfig selecting the pool by another of its labels conflicts",
      CNF_POOL,
      [kc('performance-cnf', { matchLabels: { 'machineconfiguration.openshift.io/role': 'worker' } })],
      ['performance-cnf'],
    ],
    [
      'without the live pool only our own pool label is known',
      undefined,
      [kc('performance-cnf', { matchLabels: { 'machineconfiguration.openshift.io/role': 'worker' } })],
      undefined,
    ],
    [
      'several are named, sorted',
      undefined,
      [kc('z-admin', WORKER_SELECTOR), kc('a-admin', WORKER_SELECTOR)],
      ['a-admin', 'z-admin'],
    ],
  ])('%s', (_case, livePool, kubeletConfigs, others) => {
    const conflict = findKubeletConfigConflict({
      ours: OURS,
      pool: 'worker',
      livePool,
      kubeletConfigs,
      retired: ['virt-cpu-manager', 'virt-perf-settings'],
    });

    expect(conflict?.others).toEqual(others);
  });

  it('names the other KubeletConfig, the pool, and which one the MCO applies now', () => {
    const kubeletConfigs = [
      kc(OURS, WORKER_SELECTOR, { labels: MANAGED, created: '2026-12-01T09:00:00Z' }),
      kc('set-max-pods', WORKER_SELECTOR, { created: '2026-12-01T10:00:00Z' }),
    ];

    const conflict = findKubeletConfigConflict({
      ours: OURS,
      pool: 'worker',
      livePool: undefined,
      kubeletConfigs,
    });

    expect(conflict?.message).toBe(
      "KubeletConfig/set-max-pods selects MachineConfigPool worker too, and is not the autopilot's: the Machine " +
        'Config Operator does not merge KubeletConfigs; the MCO applies the one created last whole (now ' +
        'set-max-pods), so KubeletConfig/virt-kubelet-worker is not written (never deleted) until only one ' +
        'KubeletConfig selects the pool',
    );
  });

  it('does not guess the winner when two were created in the same second', () => {
    const kubeletConfigs = [
      kc(OURS, WORKER_SELECTOR, { labels: MANAGED, created: '2026-12-01T10:00:00Z' }),
      kc('set-max-pods', WORKER_SELECTOR, { created: '2026-12-01T10:00:00Z' }),
    ];

    const conflict = findKubeletConfigConflict({
      ours: OURS,
      pool: 'worker',
      livePool: undefined,
      kubeletConfigs,
    });

    expect(conflict?.message).not.toContain('created last');
  });
});

describe('retiredKubeletConfigs', () => {
  it("names the KubeletConfigs this release's tombstones remove, and nothing else", () => {
    const retired = retiredKubeletConfigs(loadTombstones(path.join(repoRoot, 'templates')));

    expect([...retired].sort()).toEqual(['virt-cpu-manager', 'virt-perf-settings']);
  });
});
