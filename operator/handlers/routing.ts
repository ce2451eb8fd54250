import { detectHardware } from '../assets/hardware.js';
import { detectTopology } from '../assets/topology.js';
import { keyOfObject, type KubeObject } from '../kube/types.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';

/** Queue keys: one full pass, one CRD re-check, or a single asset. */
export const PASS_KEY = 'pass';
export const CRDS_KEY = 'crds';
export const assetKey = (name: string): string => `asset/${name}`;
export const assetOfKey = (key: string): string | undefined =>
  key.startsWith('asset/') ? key.slice(6) : undefined;

export interface AssetLookup {
  assetFor(objectKey: string): string | undefined;
  isDeferred(asset: string): boolean;
  force(asset: string): void;
}

export type Route = { enqueue: string } | { ignore: string };

/**
 * An event on a managed object wakes only its asset. While the asset waits for a token, events
 * cost nothing (SPEC §6), unless the user set a new force-reconcile value.
 */
export function routeManagedEvent(lookup: AssetLookup, obj: KubeObject, old?: KubeObject): Route {
  const asset = lookup.assetFor(keyOfObject(obj));
  if (!asset) return { ignore: 'not rendered by any asset (orphan or not yet known)' };
  const force = obj.metadata.annotations?.[ANNOTATIONS.forceReconcile];
  if (force !== undefined && force !== old?.metadata.annotations?.[ANNOTATIONS.forceReconcile]) {
    lookup.force(asset);
    return { enqueue: assetKey(asset) };
  }
  if (lookup.isDeferred(asset)) return { ignore: 'waiting for a token (throttled)' };
  return { enqueue: assetKey(asset) };
}

/** A fingerprint of the facts rendering depends on; a Node event matters only when it changes. */
export function nodeFactsFingerprint(nodes: readonly KubeObject[]): string {
  const topology = detectTopology({ nodes });
  return JSON.stringify({
    hardware: detectHardware(nodes),
    masters: topology.masterCount,
    workers: topology.workerCount,
    total: topology.totalNodeCount,
    compact: topology.isCompact,
  });
}
