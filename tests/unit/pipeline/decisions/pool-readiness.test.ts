import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { decidePoolReadiness } from '../../../../operator/pipeline/decisions/pool-readiness.js';
import { PoolGate } from '../../../../operator/pipeline/pool-gate.js';

function pool(
  spec: Record<string, unknown>,
  conditions: [string, string, string?][] = [],
  counts = {},
): KubeObject {
  return {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfigPool',
    metadata: { name: 'worker' },
    spec,
    status: {
      ...counts,
      conditions: conditions.map(([type, status, message]) => ({
        type,
        status,
        ...(message ? { message } : {}),
      })),
    },
  };
}

const UPDATED: [string, string][] = [
  ['Updated', 'True'],
  ['Updating', 'False'],
  ['Degraded', 'False'],
];

describe('decidePoolReadiness', () => {
  it.each<[string, KubeObject | undefined, unknown]>([
    ['writes when the pool does not exist (no nodes to disturb)', undefined, { ready: true }],
    ['writes to an updated, unpaused pool', pool({ paused: false }, UPDATED), { ready: true }],
    ['writes to a pool without status yet', pool({}), { ready: true }],
    [
      'waits while an admin paused the pool',
      pool({ paused: true }, UPDATED),
      {
        ready: false,
        reason: 'paused',
        message: 'MachineConfigPool worker is paused (spec.paused): node changes wait until it is resumed',
      },
    ],
    [
      'waits while the pool rolls out another change, counting machines',
      pool({}, [['Updating', 'True']], { machineCount: 3, updatedMachineCount: 1 }),
      {
        ready: false,
        reason: 'updating',
        message:
          'MachineConfigPool worker is Updating (1 of 3 machines updated): node changes wait for this rollout to finish, so they do not start another',
      },
    ],
    [
      'waits while the pool is Degraded, quoting the MCO',
      pool({}, [['Degraded', 'True', 'Node worker-1 is reporting: "unexpected on-disk state"']]),
      {
        ready: false,
        reason: 'degraded',
        message:
          'MachineConfigPool worker is Degraded (Node worker-1 is reporting: "unexpected on-disk state"): node changes wait until it recovers',
      },
    ],
    [
      'treats a node or render degradation like Degraded',
      pool({}, [['RenderDegraded', 'True']]),
      {
        ready: false,
        reason: 'degraded',
        message: 'MachineConfigPool worker is RenderDegraded: node changes wait until it recovers',
      },
    ],
    [
      'names paused before degraded and updating',
      pool({ paused: true }, [
        ['Degraded', 'True'],
        ['Updating', 'True'],
      ]),
      expect.objectContaining({ reason: 'paused' }),
    ],
    [
      'names degraded before updating',
      pool({}, [
        ['Updating', 'True'],
        ['NodeDegraded', 'True'],
      ]),
      expect.objectContaining({ reason: 'degraded' }),
    ],
  ])('%s', (_case, live, expected) => {
    const readiness = decidePoolReadiness('worker', live);

    expect(readiness).toEqual(expected);
  });
});

describe('PoolGate', () => {
  it('reads each pool once per pass, so every change of a pass sees the same answer', async () => {
    const states = [pool({}, UPDATED), pool({}, [['Updating', 'True']])];
    const reads: string[] = [];
    const gate = new PoolGate({
      get: async (ref) => {
        reads.push(ref.name);
        return states[Math.min(reads.length - 1, 1)];
      },
    });
    const firstPass = {};
    const secondPass = {};

    const first = await gate.readiness('worker', firstPass);
    const sameFirstPass = await gate.readiness('worker', firstPass);
    const nextPass = await gate.readiness('worker', secondPass);

    expect([first.ready, sameFirstPass.ready, nextPass.ready]).toEqual([true, true, false]);
    expect(reads).toEqual(['worker', 'worker']);
  });
});
