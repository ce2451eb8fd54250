import type { Readiness } from '../health/server.js';

/** Ready once every informer listed and the HyperConverged kind is served (SPEC §10). */
export function readiness(cache: { synced(): boolean; hcoServed(): boolean }): Readiness {
  if (!cache.synced()) return { ready: false, reason: 'informer caches not synced yet' };
  if (!cache.hcoServed()) {
    return { ready: false, reason: 'HyperConverged CRD (hyperconvergeds.hco.kubevirt.io) is not installed' };
  }
  return true;
}
