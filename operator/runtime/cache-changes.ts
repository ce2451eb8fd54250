import type { WatchEvent } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';

/** One change the informer applies to its cache and announces to its handlers. */
export type CacheChange =
  | { type: 'add'; obj: KubeObject }
  | { type: 'update'; obj: KubeObject; old: KubeObject }
  | { type: 'delete'; obj: KubeObject };

/** `namespace/name` (cluster-scoped: `name`): the informer cache key. */
export function cacheKey(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: KubeObject): string {
  return cacheKey(obj.metadata.name ?? '', obj.metadata.namespace);
}

/**
 * The change one watch event makes to a cached object. An event carrying the resourceVersion the
 * cache already holds is a repeat (a re-watch replays it) and yields nothing; so does the delete
 * of an object the cache never held.
 */
export function changeFromEvent(cached: KubeObject | undefined, event: WatchEvent): CacheChange | undefined {
  switch (event.type) {
    case 'ADDED':
    case 'MODIFIED':
      if (!cached) return { type: 'add', obj: event.object };
      if (cached.metadata.resourceVersion === event.object.metadata.resourceVersion) return undefined;
      return { type: 'update', obj: event.object, old: cached };
    case 'DELETED':
      return cached ? { type: 'delete', obj: event.object } : undefined;
    default:
      return undefined;
  }
}

/**
 * The changes that turn the cache into a fresh full list (after a relist): adds for new objects,
 * updates where the resourceVersion differs, deletes (of the last known state) for vanished ones.
 */
export function changesFromRelist(
  cached: ReadonlyMap<string, KubeObject>,
  fresh: KubeObject[],
): CacheChange[] {
  const changes: CacheChange[] = [];
  const seen = new Set<string>();
  for (const obj of fresh) {
    const key = keyOf(obj);
    seen.add(key);
    const old = cached.get(key);
    if (!old) changes.push({ type: 'add', obj });
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
      changes.push({ type: 'update', obj, old });
    }
  }
  for (const [key, old] of cached) {
    if (!seen.has(key)) changes.push({ type: 'delete', obj: old });
  }
  return changes;
}
