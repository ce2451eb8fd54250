import { KubeApiError } from '../../operator/errors.js';
import type { ApplyOptions, KubeClient, ListOptions, WatchHandle } from '../../operator/kube/client.js';
import {
  clone,
  keyOfObject,
  objectKey,
  type GroupVersionKind,
  type KubeList,
  type KubeObject,
  type ObjectRef,
  type ResourceInfo,
} from '../../operator/kube/types.js';

export type Verb = 'get' | 'list' | 'apply' | 'dry-run' | 'create' | 'replace' | 'merge-patch' | 'delete';

/** A request the fake served, in order. */
export interface Served {
  verb: Verb;
  key: string;
}

/**
 * An in-memory API server for unit tests of the pipeline and the reconcilers: objects by
 * `Kind/ns/name`, Server-Side Apply approximated by a deep merge onto the live object, every
 * request recorded, and errors injected per verb (`failNext('dry-run', err)`), one per request.
 */
export class FakeKubeClient implements KubeClient {
  readonly objects = new Map<string, KubeObject>();
  readonly served: Served[] = [];
  private readonly failures = new Map<Verb, unknown[]>();
  private revision = 1;

  /** The next request of `verb` throws `err` (queued: one error per request). */
  failNext(verb: Verb, err: unknown, times = 1): this {
    const queue = this.failures.get(verb) ?? [];
    for (let i = 0; i < times; i++) queue.push(err);
    this.failures.set(verb, queue);
    return this;
  }

  /** Puts an object as the server holds it (a new resourceVersion). */
  seed(obj: KubeObject): KubeObject {
    const stored = clone(obj);
    stored.metadata.resourceVersion = String(++this.revision);
    this.objects.set(keyOfObject(stored), stored);
    return clone(stored);
  }

  count(verb: Verb): number {
    return this.served.filter((s) => s.verb === verb).length;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const key = objectKey(ref);
    this.serve('get', key);
    const obj = this.objects.get(key);
    return obj ? clone(obj) : undefined;
  }

  async list(gvk: GroupVersionKind, options: ListOptions = {}): Promise<KubeList> {
    this.serve('list', gvk.kind);
    const items = [...this.objects.values()].filter(
      (o) => o.kind === gvk.kind && (!options.namespace || o.metadata.namespace === options.namespace),
    );
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.revision) }, items };
  }

  async apply(obj: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    const key = keyOfObject(obj);
    this.serve(options.dryRun ? 'dry-run' : 'apply', key);
    const live = this.objects.get(key);
    const merged = deepMerge(live ?? {}, obj) as KubeObject;
    if (options.dryRun) return merged;
    return this.seed(merged);
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const key = keyOfObject(obj);
    this.serve('create', key);
    if (this.objects.has(key)) throw new KubeApiError(`create ${key}: already exists`, 409, 'AlreadyExists');
    return this.seed(obj);
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    const key = keyOfObject(obj);
    this.serve('replace', key);
    const live = this.objects.get(key);
    if (!live) throw new KubeApiError(`replace ${key}: not found`, 404, 'NotFound');
    if (obj.metadata.resourceVersion !== live.metadata.resourceVersion) {
      throw new KubeApiError(`replace ${key}: conflict`, 409, 'Conflict');
    }
    return this.seed(obj);
  }

  async mergePatch(ref: ObjectRef, patch: unknown): Promise<KubeObject> {
    const key = objectKey(ref);
    this.serve('merge-patch', key);
    const live = this.objects.get(key);
    if (!live) throw new KubeApiError(`patch ${key}: not found`, 404, 'NotFound');
    return this.seed(deepMerge(live, patch) as KubeObject);
  }

  async delete(ref: ObjectRef): Promise<void> {
    const key = objectKey(ref);
    this.serve('delete', key);
    this.objects.delete(key);
  }

  /** Every kind is served, namespaced. */
  async resolve(gvk: GroupVersionKind): Promise<ResourceInfo | undefined> {
    return { ...gvk, plural: `${gvk.kind.toLowerCase()}s`, namespaced: true };
  }

  invalidateDiscovery(): void {}

  /** Unit tests drive events themselves: a watch here never delivers anything. */
  async watch(): Promise<WatchHandle> {
    return { stop: () => undefined, done: new Promise<void>(() => undefined) };
  }

  async getRaw(): Promise<string> {
    return '';
  }

  private serve(verb: Verb, key: string): void {
    this.served.push({ verb, key });
    const err = this.failures.get(verb)?.shift();
    if (err !== undefined) throw err;
  }
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return clone(over);
  const out: Record<string, unknown> = clone(base);
  for (const [k, v] of Object.entries(over)) {
    out[k] = v === null ? undefined : deepMerge(out[k], v);
    if (out[k] === undefined) delete out[k];
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
