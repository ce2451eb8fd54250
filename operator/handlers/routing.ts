import { detectHardware } from '../assets/hardware.js';
import { detectTopology } from '../assets/topology.js';
import { keyOfObject, type KubeObject } from '../kube/types.js';
import { assetRequest, PASS, type Request } from './request.js';

/** A watch event, as far as routing cares. */
export type WatchEvent =
  | { source: 'hco' }
  /** Nodes or cluster topology objects changed; the fingerprints say whether rendering can change. */
  | { source: 'facts'; fingerprint: string; previous: string }
  | { source: 'managed'; object: KubeObject; old?: KubeObject };

/**
 * The requests a watch event causes: the HCO and facts every asset renders from wake the pass, an event on a managed object wakes only its asset. Routing
 * decides nothing else: force-reconcile and the wait for a token are the pipeline's business.
 */
export function requestsFor(
  event: WatchEvent,
  assetFor: (objectKey: string) => string | undefined,
): readonly Request[] {
  switch (event.source) {
    case 'hco':
      return [PASS];
    case 'facts':
      return event.fingerprint === event.previous ? [] : [PASS];
    case 'managed': {
      if (event.old && sameContent(event.object, event.old)) return [];
      const asset = assetFor(keyOfObject(event.object));
      if (asset) return [assetRequest(asset)];
      // A labelled KubeletConfig no asset renders (an admin's copy of ours) can block ours: the
      // pass decides the hold again.
      return event.object.kind === 'KubeletConfig' ? [PASS] : [];
    }
  }
}

/** A resync relist or a status-only write (same resourceVersion) changes nothing we render from. */
function sameContent(object: KubeObject, old: KubeObject): boolean {
  const rv = object.metadata.resourceVersion;
  return rv !== undefined && rv === old.metadata.resourceVersion;
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
