import { POOL_RECHECK_MS } from '../decisions/pool-readiness.js';
import type { Step } from '../step.js';

/**
 * Step 7b: a node tuning (an asset with a pool) that is about to be written first reads its
 * MachineConfigPool, and waits while the pool is paused, Degraded or Updating: the Stop is a
 * deferral with the pool's reason, rechecked after POOL_RECHECK_MS (or at the next HCO change).
 * Runs before the token bucket, so a wait never spends a token.
 */
export const poolStep: Step = {
  name: 'pool',
  async run(state, deps) {
    const pool = state.asset.pool;
    if (pool === undefined || !deps.pools) return { next: state };
    const readiness = await deps.pools.readiness(pool, state.context.hco);
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
