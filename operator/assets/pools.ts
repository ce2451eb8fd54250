import type { AssetDefinition, Condition, NodePool } from './catalog.js';
import { NODE_POOLS } from './catalog.js';
import { isRecord } from './json.js';

/** The kinds that configure nodes through a MachineConfigPool. */
export const NODE_TUNING_KINDS: readonly string[] = ['MachineConfig', 'KubeletConfig'];

/** One `pools` item: a pool the tuning targets, or one it must not, with the reason. */
export interface PoolTarget {
  pool: NodePool;
  unsafe?: string;
}

type Report = (message: string) => void;

/**
 * Reads an entry's `pools`: a list of pool names (`worker`, `master`) or `{ pool, unsafe: why }`
 * for a pool the tuning is judged unsafe on (kept so `render` shows that choice).
 */
export function readPools(value: unknown, component: string | undefined, fail: Report): PoolTarget[] {
  if (value === undefined) return [];
  if (component !== undefined && !NODE_TUNING_KINDS.includes(component)) {
    fail(`pools only applies to ${NODE_TUNING_KINDS.join(' and ')}`);
    return [];
  }
  if (!Array.isArray(value) || value.length === 0) {
    fail('pools must be a non-empty list of pool names or { pool, unsafe } mappings');
    return [];
  }
  const seen = new Set<string>();
  const out: PoolTarget[] = [];
  value.forEach((raw: unknown, i) => {
    const item = isRecord(raw) ? raw : { pool: raw };
    for (const key of Object.keys(item)) {
      if (key !== 'pool' && key !== 'unsafe') fail(`pools[${i}]: unknown key ${key}`);
    }
    const pool = item.pool as NodePool;
    if (!NODE_POOLS.includes(pool)) return fail(`pools[${i}] must name one of ${NODE_POOLS.join(', ')}`);
    if (seen.has(pool)) fail(`pools[${i}]: ${pool} is listed twice`);
    seen.add(pool);
    if (item.unsafe !== undefined && (typeof item.unsafe !== 'string' || item.unsafe.trim() === '')) {
      return fail(`pools[${i}].unsafe must say why (a non-empty string)`);
    }
    out.push(typeof item.unsafe === 'string' ? { pool, unsafe: item.unsafe } : { pool });
  });
  if (out.length > 0 && !out.some((t) => t.pool === 'worker' && t.unsafe === undefined)) {
    fail('pools must target the worker pool (the nodes that run VMs in every topology but SNO and compact)');
  }
  return out;
}

/**
 * One asset per pool. The worker variant keeps the entry's name (names are fixed: allowlists,
 * golden files and runbooks use them); another pool's variant is `<name>-<pool>`. Every variant
 * gets `params.pool` (the pool name) and `params.poolSuffix` ('' for worker, `-<pool>` otherwise,
 * for object names); the master variant applies only while control-plane nodes run workloads.
 */
export function expandPools(asset: AssetDefinition, targets: readonly PoolTarget[]): AssetDefinition[] {
  if (targets.length === 0) return [asset];
  return targets.map((target) => {
    const suffix = target.pool === 'worker' ? '' : `-${target.pool}`;
    return {
      ...asset,
      name: `${asset.name}${suffix}`,
      family: asset.name,
      pool: target.pool,
      params: { ...asset.params, pool: target.pool, poolSuffix: suffix },
      conditions: [...poolConditions(target), ...asset.conditions],
      features: asset.features.map((f) => ({ ...f, conditions: [...f.conditions] })),
    };
  });
}

function poolConditions(target: PoolTarget): Condition[] {
  const conditions: Condition[] = [];
  if (target.pool === 'master') conditions.push({ type: 'topology', field: 'hasSchedulableMasters' });
  if (target.unsafe !== undefined) {
    conditions.push({ type: 'unsafe-pool', pool: target.pool, reason: target.unsafe });
  }
  return conditions;
}
