import type { KubeObject } from '../kube/types.js';

const MANAGED_BY = 'platform.kubevirt.io/managed-by';
const MANAGER = 'virt-platform-autopilot';

/** What to do with the live object a tombstone names. */
export type TombstoneDecision =
  | { kind: 'absent' }
  | { kind: 'not-ours' }
  /** Delete only this exact version: a relabel or replacement meanwhile makes the delete fail with 409. */
  | { kind: 'delete'; preconditions: { uid?: string; resourceVersion?: string } };

/**
 * Deleted if and only if the object, as just read, carries the managed-by label; the delete is
 * pinned to that read (uid and resourceVersion), so a label removed in between wins the race.
 */
export function decideTombstone(live: KubeObject | undefined): TombstoneDecision {
  if (!live) return { kind: 'absent' };
  if (live.metadata.labels?.[MANAGED_BY] !== MANAGER) return { kind: 'not-ours' };
  const { uid, resourceVersion } = live.metadata;
  return {
    kind: 'delete',
    preconditions: { ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) },
  };
}
