import { isRecord, valueAt } from '../../assets/json.js';
import type { KubeObject } from '../../kube/types.js';

/** Why a node change waits for its MachineConfigPool (the `reason` label of the pool-wait metric). */
export type PoolWaitReason = 'paused' | 'degraded' | 'updating';

export type PoolReadiness = { ready: true } | { ready: false; reason: PoolWaitReason; message: string };

/** How long a waiting write sleeps before it reads its pool again (any HCO change rechecks sooner). */
export const POOL_RECHECK_MS = 30_000;

const DEGRADED = ['Degraded', 'NodeDegraded', 'RenderDegraded'];

/**
 * Whether a MachineConfig or KubeletConfig for `poolName` may be written now. Never while an admin
 * paused the pool, while it is Degraded (a human must look first: another change would pile onto
 * a broken rollout) or while it is Updating (a new change would start a second round of drains
 * and reboots). A pool that does not exist has no nodes to disturb: the write goes. Pure.
 */
export function decidePoolReadiness(poolName: string, pool: KubeObject | undefined): PoolReadiness {
  if (!pool) return { ready: true };
  const what = `MachineConfigPool ${poolName}`;
  if (valueAt(pool, 'spec.paused') === true) {
    return {
      ready: false,
      reason: 'paused',
      message: `${what} is paused (spec.paused): node changes wait until it is resumed`,
    };
  }
  const degraded = DEGRADED.map((type) => trueCondition(pool, type)).find((c) => c !== undefined);
  if (degraded) {
    return {
      ready: false,
      reason: 'degraded',
      message: `${what} is ${degraded.type}${degraded.message ? ` (${degraded.message})` : ''}: node changes wait until it recovers`,
    };
  }
  if (trueCondition(pool, 'Updating')) {
    return {
      ready: false,
      reason: 'updating',
      message: `${what} is Updating (${machines(pool)}): node changes wait for this rollout to finish, so they do not start another`,
    };
  }
  return { ready: true };
}

function trueCondition(pool: KubeObject, type: string): { type: string; message: string } | undefined {
  const conditions = valueAt(pool, 'status.conditions');
  if (!Array.isArray(conditions)) return undefined;
  const found = conditions.find((c) => isRecord(c) && c.type === type && c.status === 'True');
  if (!isRecord(found)) return undefined;
  return { type, message: typeof found.message === 'string' ? found.message.trim() : '' };
}

function machines(pool: KubeObject): string {
  const updated = valueAt(pool, 'status.updatedMachineCount');
  const total = valueAt(pool, 'status.machineCount');
  return typeof updated === 'number' && typeof total === 'number'
    ? `${updated} of ${total} machines updated`
    : 'rollout in progress';
}
