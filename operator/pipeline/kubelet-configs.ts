import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import {
  findKubeletConfigConflict,
  type KubeletConfigConflict,
} from './decisions/kubelet-config-conflict.js';
import { POOL_API_VERSION } from './pool-gate.js';

/** The names of the KubeletConfigs the tombstones name (they are the autopilot's own, retired). */
export function retiredKubeletConfigs(tombstones: readonly { object: KubeObject }[]): string[] {
  return tombstones
    .filter((t) => t.object.kind === 'KubeletConfig' && t.object.apiVersion === POOL_API_VERSION)
    .map((t) => t.object.metadata.name ?? '');
}

/**
 * The one way the reconciler and every preview (render, diff, status, /debug/render) build the
 * reader: a labelled KubeletConfig a tombstone names is the autopilot's own, retired, and never
 * holds ours, so a preview shows the same hold decision the operator makes.
 */
export function kubeletConfigReaderFor(
  client: Pick<KubeClient, 'get' | 'list'>,
  tombstones: readonly { object: KubeObject }[],
): KubeletConfigReader {
  return new KubeletConfigReader(client, retiredKubeletConfigs(tombstones));
}

const KUBELET_CONFIG = { group: 'machineconfiguration.openshift.io', version: 'v1', kind: 'KubeletConfig' };

/**
 * Reads every KubeletConfig (not only the autopilot's: the informers see labelled objects only)
 * and the pool, to find another tool's KubeletConfig on the pool of ours. One list per pass (the
 * pass's HCO snapshot is the key), shared by the pass's KubeletConfig assets.
 */
export class KubeletConfigReader {
  private readonly passes = new WeakMap<object, Promise<readonly KubeObject[]>>();

  /** `retired`: the KubeletConfigs tombstones name (labelled ones of those are not another tool's). */
  constructor(
    private readonly client: Pick<KubeClient, 'get' | 'list'>,
    private readonly retired: readonly string[] = [],
  ) {}

  async conflict(input: {
    ours: string;
    pool: string;
    pass: object;
  }): Promise<KubeletConfigConflict | undefined> {
    const [kubeletConfigs, livePool] = await Promise.all([
      this.list(input.pass),
      this.client.get({ apiVersion: POOL_API_VERSION, kind: 'MachineConfigPool', name: input.pool }),
    ]);
    return findKubeletConfigConflict({
      ours: input.ours,
      pool: input.pool,
      livePool,
      kubeletConfigs,
      retired: this.retired,
    });
  }

  private list(pass: object): Promise<readonly KubeObject[]> {
    let listed = this.passes.get(pass);
    if (!listed) {
      listed = this.client.list(KUBELET_CONFIG).then((l) => l.items);
      this.passes.set(pass, listed);
      // A failed list is not remembered: the next asset of the pass asks again.
      listed.catch(() => this.passes.delete(pass));
    }
    return listed;
  }
}
