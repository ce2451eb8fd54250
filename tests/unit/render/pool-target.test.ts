import { describe, expect, it } from '@jest/globals';
import { detectTopology } from '../../../operator/assets/topology.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { poolNote, poolTargetOf } from '../../../operator/render/pool-target.js';

const node = (name: string, ...roles: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: Object.fromEntries(roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])) },
});
const masters = [node('m0', 'master'), node('m1', 'master'), node('m2', 'master')];
const workers = [node('w0', 'worker'), node('w1', 'worker')];
const compact = [
  node('c0', 'master', 'worker'),
  node('c1', 'master', 'worker'),
  node('c2', 'master', 'worker'),
];
const single = [node('sno', 'control-plane', 'master', 'worker')];

describe('poolTargetOf', () => {
  it.each<[string, KubeObject[], 'worker' | 'master', number]>([
    ['dedicated workers: the worker pool', [...masters, ...workers], 'worker', 2],
    ['dedicated workers: the master pool runs no VMs', [...masters, ...workers], 'master', 0],
    ['compact: the worker pool is empty', compact, 'worker', 0],
    ['compact: the master pool runs the VMs', compact, 'master', 3],
    ['single node: the worker pool is empty', single, 'worker', 0],
    ['single node: the master pool', single, 'master', 1],
    ['schedulable control plane plus workers: both pools', [...compact, ...workers], 'master', 3],
  ])('%s', (_case, nodes, pool, vmNodes) => {
    const target = poolTargetOf({ pool }, detectTopology({ nodes }));

    expect(target).toEqual({ name: pool, vmNodes });
  });

  it('has no pool for an asset that is not a node tuning', () => {
    expect(poolTargetOf({}, detectTopology({ nodes: workers }))).toBeUndefined();
  });
});

describe('poolNote', () => {
  it.each([
    [{ name: 'worker', vmNodes: 0 }, 'pool worker: no nodes that run VMs'],
    [{ name: 'master', vmNodes: 1 }, 'pool master: 1 node that runs VMs'],
    [{ name: 'master', vmNodes: 3 }, 'pool master: 3 nodes that run VMs'],
  ])('says where %j lands', (target, note) => {
    expect(poolNote(target)).toBe(note);
  });
});
