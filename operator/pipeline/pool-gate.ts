import type { KubeClient } from '../kube/client.js';
import { decidePoolReadiness, type PoolReadiness } from './decisions/pool-readiness.js';

export const POOL_API_VERSION = 'machineconfiguration.openshift.io/v1';

/**
 * Reads a node tuning's MachineConfigPool before a write. The answer is kept for the rest of the
 * pass (one pass shares one render-context base, whose HCO snapshot is the key): every pending
 * node change of that pool then goes out together, so one rollout carries them, even though the
 * first write makes the MCO mark the pool Updating a moment later.
 */
export class PoolGate {
  private readonly passes = new WeakMap<object, Map<string, PoolReadiness>>();

  constructor(private readonly client: Pick<KubeClient, 'get'>) {}

  async readiness(pool: string, pass: object): Promise<PoolReadiness> {
    let known = this.passes.get(pass);
    if (!known) {
      known = new Map();
      this.passes.set(pass, known);
    }
    const cached = known.get(pool);
    if (cached) return cached;
    const live = await this.client.get({
      apiVersion: POOL_API_VERSION,
      kind: 'MachineConfigPool',
      name: pool,
    });
    const answer = decidePoolReadiness(pool, live);
    known.set(pool, answer);
    return answer;
  }
}
