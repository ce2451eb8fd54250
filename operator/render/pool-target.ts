import type { AssetDefinition } from '../assets/catalog.js';
import type { TopologyFacts } from '../assets/topology.js';

/** The MachineConfigPool a node-tuning variant targets, and how many of its nodes run VMs. */
export interface PoolTarget {
  name: string;
  vmNodes: number;
}

/**
 * Pure: where a node tuning lands. A control-plane node belongs to the master pool even when it is
 * labelled worker, and runs VMs only while control-plane nodes are schedulable; the worker pool
 * holds the other workers. `undefined` for an asset that is not a node tuning.
 */
export function poolTargetOf(
  asset: Pick<AssetDefinition, 'pool'>,
  topology: TopologyFacts,
): PoolTarget | undefined {
  if (asset.pool === undefined) return undefined;
  if (asset.pool === 'master') {
    return { name: 'master', vmNodes: topology.hasSchedulableMasters ? topology.masterCount : 0 };
  }
  return { name: asset.pool, vmNodes: topology.workerCount };
}

/** The status note of an included node tuning: an object for an empty pool reaches no VM. */
export function poolNote(target: PoolTarget): string {
  if (target.vmNodes === 0) return `pool ${target.name}: no nodes that run VMs`;
  return `pool ${target.name}: ${target.vmNodes} ${target.vmNodes === 1 ? 'node that runs' : 'nodes that run'} VMs`;
}
