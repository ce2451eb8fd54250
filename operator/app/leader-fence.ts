import { OperatorError } from '../errors.js';
import type {
  ApplyOptions,
  KubeClient,
  ListOptions,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../kube/client.js';
import {
  objectKey,
  type GroupVersionKind,
  type KubeList,
  type KubeObject,
  type ObjectRef,
  type ResourceInfo,
} from '../kube/types.js';

/** A write a replica attempted after it lost the leader lease. */
export class NotLeaderError extends OperatorError {}

/**
 * The reconciler's client: every write goes through only while this replica leads. A replica
 * learns it lost the lease before another can take it (renew deadline < lease duration), but the
 * reconcile in flight at that moment would go on writing while the process drains and stops: two
 * replicas writing, each with its own token buckets. Reads and dry-runs change nothing and pass.
 */
export class LeaderFencedClient implements KubeClient {
  constructor(
    private readonly inner: KubeClient,
    private readonly leading: () => boolean,
  ) {}

  resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    return this.inner.resolve(gvk);
  }

  invalidateDiscovery(): void {
    this.inner.invalidateDiscovery();
  }

  get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.inner.get(ref);
  }

  list(gvk: GroupVersionKind, options?: ListOptions): Promise<KubeList> {
    return this.inner.list(gvk, options);
  }

  watch(
    gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle> {
    return this.inner.watch(gvk, options, onEvent);
  }

  getRaw(path: string): Promise<string> {
    return this.inner.getRaw(path);
  }

  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    if (!options.dryRun) this.fence('apply', keyOf(obj));
    return this.inner.apply(obj, options);
  }

  async create(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject> {
    this.fence('create', keyOf(obj));
    return this.inner.create(obj, options);
  }

  async replace(obj: KubeObject, options?: { fieldManager?: string }): Promise<KubeObject> {
    this.fence('replace', keyOf(obj));
    return this.inner.replace(obj, options);
  }

  async mergePatch(ref: ObjectRef, patch: unknown, options?: { fieldManager?: string }): Promise<KubeObject> {
    this.fence('patch', objectKey(ref));
    return this.inner.mergePatch(ref, patch, options);
  }

  async delete(ref: ObjectRef, options?: { uid?: string; resourceVersion?: string }): Promise<void> {
    this.fence('delete', objectKey(ref));
    return this.inner.delete(ref, options);
  }

  private fence(verb: string, key: string): void {
    if (!this.leading()) {
      throw new NotLeaderError(`${verb} ${key} refused: this replica no longer holds the leader lease`);
    }
  }
}

function keyOf(obj: KubeObject): string {
  return objectKey({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
}
