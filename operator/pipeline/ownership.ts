import type { AssetDefinition } from '../assets/catalog.js';
import { clone, type KubeObject } from '../kube/types.js';
import { ANNOTATIONS, MANAGED_BY_LABEL, MANAGER } from './annotations.js';

/** The desired object with the ownership marks every managed object carries (SPEC §2). */
export function withOwnershipMarks(obj: KubeObject): KubeObject {
  const out = clone(obj);
  out.metadata.labels = { ...out.metadata.labels, [MANAGED_BY_LABEL]: MANAGER };
  out.metadata.annotations = { ...out.metadata.annotations, [ANNOTATIONS.managed]: 'true' };
  return out;
}

/**
 * What the autopilot applies for an asset: the desired object with the ownership marks, except for
 * a shared object (the cluster's or the admin's, such as MachineConfiguration/cluster), which must
 * never look like ours: a label there would make it an orphan or a tombstone's to delete.
 */
export function forApply(asset: Pick<AssetDefinition, 'shared'>, obj: KubeObject): KubeObject {
  return asset.shared ? clone(obj) : withOwnershipMarks(obj);
}

export function isManagedByUs(obj: KubeObject | undefined): boolean {
  return obj?.metadata.labels?.[MANAGED_BY_LABEL] === MANAGER;
}
