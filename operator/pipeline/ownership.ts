import { clone, type KubeObject } from '../kube/types.js';
import { ANNOTATIONS, MANAGED_BY_LABEL, MANAGER } from './annotations.js';

/** The desired object with the ownership marks every managed object carries (SPEC §2). */
export function withOwnershipMarks(obj: KubeObject): KubeObject {
  const out = clone(obj);
  out.metadata.labels = { ...out.metadata.labels, [MANAGED_BY_LABEL]: MANAGER };
  out.metadata.annotations = { ...out.metadata.annotations, [ANNOTATIONS.managed]: 'true' };
  return out;
}

export function isManagedByUs(obj: KubeObject | undefined): boolean {
  return obj?.metadata.labels?.[MANAGED_BY_LABEL] === MANAGER;
}
