import type { Logger } from 'winston';
import { errorMessage, KubeApiError } from '../errors.js';
import type { KubeClient, WatchEvent, WatchHandle } from '../kube/client.js';
import { gvkKey, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import { Backoff, sleep, type BackoffSettings } from './backoff.js';
import { cacheKey, changeFromEvent, changesFromRelist, keyOf, type CacheChange } from './cache-changes.js';
import { systemClock, type Clock } from '../throttling/clock.js';
import { listAll } from './paged-list.js';
import { SyncGate } from './sync-gate.js';

/** Called synchronously from the watch; keep it short (enqueue a key) and do not mutate `obj`. */
export interface InformerHandler {
  onAdd?(obj: KubeObject): void;
  onUpdate?(obj: KubeObject, old: KubeObject): void;
  onDelete?(obj: KubeObject): void;
}

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  logger: Logger;
  clock?: Clock;
  /** Retry delays after errors (default 1 s doubling to 30 s, plus up to 20 % jitter). */
  backoff?: { initialMs: number; maxMs: number };
  /** Server-side watch timeout; default a random 300–600 s so informers do not reconnect together. */
  watchTimeoutSeconds?: number;
  /**
   * Slims every object before it is cached and handed to handlers (client-go SetTransform), to
   * save memory on big kinds. Must keep metadata.name, namespace and resourceVersion.
   */
  transform?: (obj: KubeObject) => KubeObject;
}

const DEFAULT_BACKOFF: BackoffSettings = { initialMs: 1000, maxMs: 30_000 };
/** A watch that ends sooner than this without error still counts as a failure (no hot re-watch loop). */
const MIN_HEALTHY_WATCH_MS = 1000;

/**
 * List + watch with a local cache for one kind (client-go reflector semantics). It watches from
 * the newest resourceVersion it has seen (events and bookmarks), re-watches after a clean end,
 * backs off after errors, and on 410 Gone relists and announces exactly the difference between
 * its cache and the fresh list, so no change is lost or announced twice.
 */
export class Informer {
  private readonly handlers: InformerHandler[] = [];
  private readonly cache = new Map<string, KubeObject>();
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private readonly stopSignal = new AbortController();
  private readonly gate: SyncGate;
  private loop: Promise<void> | undefined;
  private handle: WatchHandle | undefined;
  private resourceVersion = '';

  constructor(
    private readonly client: KubeClient,
    private readonly gvk: GroupVersionKind,
    private readonly options: InformerOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.log = options.logger.child({ informer: gvkKey(gvk), labelSelector: options.labelSelector ?? '' });
    this.gate = new SyncGate(`${gvk.kind} informer`);
  }

  /** Adds a handler; objects already in the cache are replayed to it as adds. */
  addHandler(handler: InformerHandler): void {
    this.handlers.push(handler);
    for (const obj of this.cache.values()) this.call(handler, { type: 'add', obj });
  }

  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.run();
  }

  /** Ends the watch and the retry loop; once it resolves no handler is called again. */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    this.handle?.stop();
    this.gate.close();
    await this.loop;
  }

  get synced(): boolean {
    return this.gate.isOpen;
  }

  /** Resolves once the first list is in the cache; rejects when stopped first or when `signal` aborts. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    return this.gate.wait(signal);
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.cache.get(cacheKey(name, namespace));
  }

  list(): KubeObject[] {
    return [...this.cache.values()];
  }

  get lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        if (await this.watchOnce()) this.backoff.reset();
        else await sleep(this.backoff.next(), this.stopSignal.signal);
      } catch (err) {
        if (this.stopped) break;
        // Gone: our version expired. Not found: the kind went away; when it is back, only a list is true.
        if (err instanceof KubeApiError && (err.isGone || err.isNotFound)) needList = true;
        this.logFailure(err, needList);
        await sleep(this.backoff.next(), this.stopSignal.signal);
      }
    }
  }

  private async relist(): Promise<void> {
    const snapshot = await listAll(this.client, this.gvk, {
      ...this.selector(),
      transform: (obj) => this.slim(obj),
    });
    if (this.stopped) return;
    const changes = changesFromRelist(this.cache, snapshot.items);
    for (const change of changes) this.apply(change);
    this.resourceVersion = snapshot.resourceVersion;
    this.backoff.reset();
    this.log.debug('informer listed', {
      objects: snapshot.items.length,
      changes: changes.length,
      resourceVersion: snapshot.resourceVersion,
    });
    this.gate.open();
  }

  /** One watch from the last seen resourceVersion; true when it ended cleanly after a healthy run. */
  private async watchOnce(): Promise<boolean> {
    const startedAt = this.clock.now();
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const handle = await this.client.watch(
      this.gvk,
      { ...this.selector(), resourceVersion: this.resourceVersion, timeoutSeconds },
      (event) => this.onEvent(event),
    );
    this.handle = handle;
    if (this.stopped) handle.stop();
    try {
      await handle.done;
    } finally {
      this.handle = undefined;
    }
    return this.clock.now() - startedAt >= MIN_HEALTHY_WATCH_MS;
  }

  private onEvent(event: WatchEvent): void {
    if (this.stopped) return;
    const resourceVersion = event.object?.metadata?.resourceVersion;
    if (event.type !== 'BOOKMARK') {
      const obj = this.slim(event.object);
      const change = changeFromEvent(this.cache.get(keyOf(obj)), { type: event.type, object: obj });
      if (change) this.apply(change);
    }
    if (resourceVersion) this.resourceVersion = resourceVersion;
  }

  private apply(change: CacheChange): void {
    if (change.type === 'delete') this.cache.delete(keyOf(change.obj));
    else this.cache.set(keyOf(change.obj), change.obj);
    for (const handler of this.handlers) this.call(handler, change);
  }

  /** A throwing handler is logged and skipped: it must not stop the watch or the other handlers. */
  private call(handler: InformerHandler, change: CacheChange): void {
    if (this.stopped) return;
    try {
      if (change.type === 'add') handler.onAdd?.(change.obj);
      else if (change.type === 'update') handler.onUpdate?.(change.obj, change.old);
      else handler.onDelete?.(change.obj);
    } catch (err) {
      this.log.error('informer handler failed', {
        event: change.type,
        key: keyOf(change.obj),
        error: errorMessage(err),
      });
    }
  }

  private logFailure(err: unknown, relist: boolean): void {
    const fields = { error: errorMessage(err), relist, attempt: this.backoff.attempts + 1 };
    if (err instanceof KubeApiError && err.isNotFound) {
      // The kind is not served (its CRD is gone or not there yet): ask discovery again next time.
      this.client.invalidateDiscovery();
      this.log.debug('informer kind not served, retrying', fields);
    } else if (relist) this.log.info('informer watch expired, relisting', fields);
    else this.log.warn('informer list/watch failed, retrying', fields);
  }

  private slim(obj: KubeObject): KubeObject {
    return this.options.transform ? this.options.transform(obj) : obj;
  }

  private selector(): { namespace?: string; labelSelector?: string } {
    const { namespace, labelSelector } = this.options;
    return { ...(namespace ? { namespace } : {}), ...(labelSelector ? { labelSelector } : {}) };
  }
}
