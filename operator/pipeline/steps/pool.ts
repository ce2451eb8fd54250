import { errorMessage } from '../../errors.js';
import { POOL_RECHECK_MS, type PoolReadiness } from '../decisions/pool-readiness.js';
import type { Step } from '../step.js';

/**
 * Step 7b: a node tuning (an asset with a pool) that is about to be written first reads its
 * MachineConfigPool, and waits while the pool is paused, Degraded or Updating: the Stop is a
 * deferral with the pool's reason, rechecked after POOL_RECHECK_MS (or at the next HCO change).
 * Runs before the token bucket, so a wait never spends a token. A pool that cannot be read fails
 * this asset only (nothing is written without knowing the pool), like every other step's IO.
 */
export const poolStep: Step = {
  name: 'pool',
  async run(state, deps) {
    const pool = state.asset.pool;
    if (pool === undefined || !deps.pools) return { next: state };
    let readiness: PoolReadiness;
    try {
      readiness = await deps.pools.readiness(pool, state.context.hco);
    } catch (err) {
      const reason = `read MachineConfigPool ${pool} failed: ${errorMessage(err)}`;
      return { stop: 'failed', state, reason, error: err };
    }
    if (readiness.ready) return { next: state };
    return {
      stop: 'deferred',
      state,
      retryAfterMs: POOL_RECHECK_MS,
      reason: `waiting for MachineConfigPool ${pool}: ${readiness.message}`,
      poolWait: { pool, reason: readiness.reason },
    };
  },
};
