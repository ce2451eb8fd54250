import type { KubeClient } from '../kube/client.js';
import { refOf, splitApiVersion } from '../kube/types.js';
import type { LiveReader, ThrottleMemory, VerifiedCache, VerifiedHashes } from '../pipeline/step.js';
import type { ClusterView } from './cluster-view.js';

/** Cache first; a live GET finds unlabelled objects the label-selected informers cannot see (adoption). */
export function liveReader(view: ClusterView, client: KubeClient): LiveReader {
  return {
    async read(desired) {
      const ref = refOf(desired);
      const gvk = { ...splitApiVersion(desired.apiVersion), kind: desired.kind };
      return view.cached(gvk, ref.name, ref.namespace) ?? (await client.get(ref));
    },
    async namespaceExists(name) {
      const cached = view.namespaceExists(name);
      if (cached !== undefined) return cached;
      return (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined;
    },
  };
}

/** `Kind/ns/name` → desired hash + live resourceVersion at the last verified-compliant check. */
export class MapVerifiedCache implements VerifiedCache {
  private readonly entries = new Map<string, string>();
  private readonly intents = new Map<string, string>();

  isCurrent(key: string, hash: string, resourceVersion: string | undefined): boolean {
    return resourceVersion !== undefined && this.entries.get(key) === `${hash}@${resourceVersion}`;
  }

  remember(key: string, hashes: VerifiedHashes, resourceVersion: string | undefined): void {
    this.intents.set(key, hashes.intent);
    if (resourceVersion !== undefined) this.entries.set(key, `${hashes.desired}@${resourceVersion}`);
  }

  lastIntent(key: string): string | undefined {
    return this.intents.get(key);
  }

  forget(key: string): void {
    this.entries.delete(key);
    this.intents.delete(key);
  }
}

/** Empty throttle memory (a process start, or a preview that never writes). */
export function newThrottleMemory(): ThrottleMemory {
  return { waitUntil: new Map(), forceSeen: new Map() };
}
