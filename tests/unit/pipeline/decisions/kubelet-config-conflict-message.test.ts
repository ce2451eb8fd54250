import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { findKubeletConfigConflict } from '../../../../operator/pipeline/decisions/kubelet-config-conflict.js';

const OURS = 'virt-kubelet-worker';
const MANAGED = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };
const WORKER = { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' } };

function kc(
  name: string,
  created?: string,
  extra: Partial<KubeObject['metadata']> = {},
  spec?: unknown,
): KubeObject {
  return {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'KubeletConfig',
    metadata: { name, ...(created ? { creationTimestamp: created } : {}), ...extra },
    spec: spec === undefined ? { machineConfigPoolSelector: WORKER } : spec,
  } as KubeObject;
}

const conflict = (kubeletConfigs: KubeObject[], retired?: string[]) =>
  findKubeletConfigConflict({
    ours: OURS,
    pool: 'worker',
    livePool: undefined,
    kubeletConfigs,
    ...(retired ? { retired } : {}),
  });

const TAIL =
  'so KubeletConfig/virt-kubelet-worker is not written (never deleted) until only one KubeletConfig selects the pool';

describe('the conflict message', () => {
  it.each<[string, KubeObject[], string]>([
    [
      'two others: listed, "select", the newest of all three named',
      [
        kc(OURS, '2026-12-01T09:00:00Z', { labels: MANAGED }),
        kc('b', '2026-12-01T11:00:00Z'),
        kc('a', '2026-12-01T10:00:00Z'),
      ],
      "KubeletConfig/a, KubeletConfig/b select MachineConfigPool worker too, and is not the autopilot's: the Machine " +
        'Config Operator does not merge KubeletConfigs; the MCO applies the one created last whole (now b), ' +
        TAIL,
    ],
    [
      'ours is the newest',
      [kc(OURS, '2026-12-01T12:00:00Z', { labels: MANAGED }), kc('a', '2026-12-01T10:00:00Z')],
      "KubeletConfig/a selects MachineConfigPool worker too, and is not the autopilot's: the Machine Config " +
        `Operator does not merge KubeletConfigs; the MCO applies the one created last whole (now ${OURS}), ` +
        TAIL,
    ],
    [
      'ours not created yet: the newest of the others',
      [kc('a', '2026-12-01T10:00:00Z'), kc('b', '2026-12-01T09:00:00Z')],
      "KubeletConfig/a, KubeletConfig/b select MachineConfigPool worker too, and is not the autopilot's: the " +
        'Machine Config Operator does not merge KubeletConfigs; the MCO applies the one created last whole (now a), ' +
        TAIL,
    ],
    [
      'a single other one: it is the newest',
      [kc('a', '2026-12-01T10:00:00Z')],
      "KubeletConfig/a selects MachineConfigPool worker too, and is not the autopilot's: the Machine Config " +
        'Operator does not merge KubeletConfigs; the MCO applies the one created last whole (now a), ' +
        TAIL,
    ],
    [
      'a timestamp missing: no winner named',
      [kc(OURS, '2026-12-01T12:00:00Z', { labels: MANAGED }), kc('a')],
      "KubeletConfig/a selects MachineConfigPool worker too, and is not the autopilot's: the Machine Config " +
        'Operator does not merge KubeletConfigs, ' +
        TAIL,
    ],
  ])('%s', (_case, kubeletConfigs, message) => {
    expect(conflict(kubeletConfigs)?.message).toBe(message);
  });
});

describe('which KubeletConfigs count', () => {
  it.each<[string, KubeObject[], string[] | undefined, string[] | undefined]>([
    ['one without a spec selects nothing', [kc('a', undefined, {}, null)], undefined, undefined],
    [
      'one with a spec that is not an object selects nothing',
      [kc('a', undefined, {}, 'text')],
      undefined,
      undefined,
    ],
    ['a retired name without our label is another tool’s', [kc('old')], ['old'], ['old']],
    [
      'a retired name with our label is ours',
      [kc('old', undefined, { labels: MANAGED })],
      ['old'],
      undefined,
    ],
    [
      'without a retired list a labelled copy is another tool’s',
      [kc('old', undefined, { labels: MANAGED })],
      undefined,
      ['old'],
    ],
    [
      'ours by name never counts, labelled or not',
      [kc(OURS), kc(OURS, undefined, { labels: MANAGED })],
      undefined,
      undefined,
    ],
  ])('%s', (_case, kubeletConfigs, retired, others) => {
    const found = conflict(kubeletConfigs, retired);

    expect(found?.others).toEqual(others);
    if (found) expect(found.pool).toBe('worker');
  });
});
