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

/** A write that `render`, `diff` and the debug endpoints must never make. */
export class WriteRefusedError extends OperatorError {}

/**
 * The KubeClient the preview commands hand to the pipeline: reads pass through, a Server-Side
 * Apply dry-run passes through and its answer is kept (diff shows its values), every real write
 * throws. Without an inner client (offline render) every call throws: no step before read-live
 * may touch the cluster.
 */
export class ReadOnlyClient implements KubeClient {
  private readonly answers = new Map<string, KubeObject>();

  constructor(private readonly inner?: KubeClient) {}

  /** The server's dry-run answer for `Kind/ns/name`, if a dry-run was made. */
  dryRunOf(key: string): KubeObject | undefined {
    return this.answers.get(key);
  }

  async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    return this.cluster(`discover ${gvk.kind}`).resolve(gvk);
  }

  invalidateDiscovery(): void {
    this.inner?.invalidateDiscovery();
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    return this.cluster(`get ${objectKey(ref)}`).get(ref);
  }

  async list(gvk: GroupVersionKind, options?: ListOptions): Promise<KubeList> {
    return this.cluster(`list ${gvk.kind}`).list(gvk, options);
  }

  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const key = objectKey({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
    if (!options.dryRun) throw refused('apply', key);
    const answer = await this.cluster(`dry-run apply ${key}`).apply(obj, options);
    this.answers.set(key, answer);
    return answer;
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    throw refused('create', objectKey({ kind: obj.kind, name: obj.metadata.name }));
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    throw refused('replace', objectKey({ kind: obj.kind, name: obj.metadata.name }));
  }

  async mergePatch(ref: ObjectRef): Promise<KubeObject> {
    throw refused('patch', objectKey(ref));
  }

  async delete(ref: ObjectRef): Promise<void> {
    throw refused('delete', objectKey(ref));
  }

  async watch(
    gvk: GroupVersionKind,
    options: WatchOptions,
    onEvent: (e: WatchEvent) => void,
  ): Promise<WatchHandle> {
    return this.cluster(`watch ${gvk.kind}`).watch(gvk, options, onEvent);
  }

  async getRaw(path: string): Promise<string> {
    return this.cluster(`GET ${path}`).getRaw(path);
  }

  private cluster(what: string): KubeClient {
    if (!this.inner) throw new OperatorError(`${what}: no cluster (offline render)`);
    return this.inner;
  }
}

function refused(verb: string, key: string): WriteRefusedError {
  return new WriteRefusedError(`${verb} ${key} refused: previews never write to the cluster`);
}
