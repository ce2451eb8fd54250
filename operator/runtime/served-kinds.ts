import { errorMessage } from '../errors.js';
import type { KindResolver } from '../kube/client.js';
import { gvkKey, isBuiltIn, type GroupVersionKind } from '../kube/types.js';
import type { Logger } from '../observability/logger.js';
import { Backoff, sleep } from './backoff.js';
import { keptChanged, kindsAwaitingDiscovery, slimCrd } from './crd-kinds.js';
import type { KubeObject } from '../kube/types.js';
import type { InformerHandler } from './informer.js';
import type { InformerRegistry } from './informer-registry.js';
import { SingleFlight } from './single-flight.js';

const CRD: GroupVersionKind = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
};
const RETRY = { initialMs: 500, maxMs: 30_000 };

export interface ServedKindsOptions {
  kinds: readonly GroupVersionKind[];
  /** A kind became served or stopped being served (start or stop its informer here). */
  onKindChanged(gvk: GroupVersionKind, served: boolean): Promise<void> | void;
  /** After a refresh that changed any kind. */
  onServedChanged(): void;
  /** What to keep of each whole CRD besides the kinds it serves (undefined: nothing). */
  keep?(crd: KubeObject): unknown;
  /** A CRD changed what `keep` projects (a new version of an operator's schema). */
  onKeptChanged?(): void;
  logger: Logger;
}

/**
 * Which of a fixed set of kinds the API server serves, from discovery, kept current by every
 * replica on its own: a CRD informer event refreshes discovery, and refreshing goes on with
 * backoff while discovery disagrees with the Established CRDs. One refresh runs at a time.
 */
export class ServedKinds {
  private readonly served = new Map<string, boolean>();
  private readonly refresh = new SingleFlight(() => this.read());
  private readonly backoff = new Backoff(RETRY);
  private timer: NodeJS.Timeout | undefined;
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly client: KindResolver,
    private readonly registry: InformerRegistry,
    private readonly options: ServedKindsOptions,
  ) {}

  /** Watches CRDs, then reads discovery until the API server answers once. */
  async start(): Promise<void> {
    const changed = (): void => void this.settle();
    const updated = (crd: KubeObject, old: KubeObject): void => {
      changed();
      if (keptChanged(crd, old) && !this.stopped) this.options.onKeptChanged?.();
    };
    const handler: InformerHandler = { onAdd: changed, onUpdate: updated, onDelete: changed };
    // CRD objects carry whole OpenAPI schemas; keep only which kinds they serve (and `keep`) in memory.
    const keep = this.options.keep?.bind(this.options);
    this.registry.ensure(CRD, { transform: (crd) => slimCrd(crd, keep) }, handler);
    await this.discoverUntilAnswered();
  }

  /** No more discovery (the CRD informer is stopped with the registry). */
  stop(): void {
    this.stopSignal.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** What `keep` kept of every CRD (undefined entries left out). */
  kept(): unknown[] {
    return (this.registry.get(CRD)?.list() ?? []).map((c) => c.kept).filter((k) => k !== undefined);
  }

  /** Built-in kinds always are; others once discovery listed them. */
  isServed(gvk: GroupVersionKind): boolean {
    return isBuiltIn(gvk) || this.served.get(gvkKey(gvk)) === true;
  }

  /** Whether discovery listed this kind (for built-in kinds too). */
  listed(gvk: GroupVersionKind): boolean {
    return this.served.get(gvkKey(gvk)) === true;
  }

  /** Re-reads discovery; true when any kind changed. Calls never overlap. */
  refreshNow(): Promise<boolean> {
    return this.refresh.run();
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  /**
   * The first discovery, retried with backoff: an API server that restarts while the operator
   * starts is a wait, not a crash.
   */
  private async discoverUntilAnswered(): Promise<void> {
    const backoff = new Backoff(RETRY);
    while (!this.stopped) {
      try {
        await this.refreshNow();
        return;
      } catch (err) {
        const delayMs = backoff.next();
        this.options.logger.warn('discovery failed at start-up, retrying', {
          attempt: backoff.attempts,
          delayMs,
          error: errorMessage(err),
        });
        await sleep(delayMs, this.stopSignal.signal);
      }
    }
  }

  /** After a CRD change: refresh, again with backoff while discovery has not caught up. */
  private async settle(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    let awaiting: GroupVersionKind[] | undefined;
    try {
      await this.refreshNow();
      awaiting = this.awaitingDiscovery();
    } catch (err) {
      this.options.logger.warn('discovery failed after a CRD change, retrying', { error: errorMessage(err) });
    }
    if (this.stopped || this.timer) return;
    if (awaiting?.length === 0) return this.backoff.reset();
    const delayMs = this.backoff.next();
    if (awaiting) {
      const kinds = awaiting.map(gvkKey);
      this.options.logger.debug('discovery does not list what the CRDs serve yet, retrying', {
        kinds,
        delayMs,
      });
    }
    this.timer = setTimeout(() => void this.settle(), delayMs);
    this.timer.unref();
  }

  private awaitingDiscovery(): GroupVersionKind[] {
    const crds = this.registry.get(CRD);
    if (!crds?.synced) return [];
    return kindsAwaitingDiscovery(this.options.kinds, crds.list(), (gvk) => this.listed(gvk));
  }

  /** Asks discovery about every kind first, then applies the answers (none when it fails). */
  private async read(): Promise<boolean> {
    this.client.invalidateDiscovery();
    const answers: [GroupVersionKind, boolean][] = [];
    for (const gvk of this.options.kinds) answers.push([gvk, (await this.client.resolve(gvk)) !== undefined]);
    if (this.stopped) return false;
    let changed = false;
    for (const [gvk, served] of answers) {
      if (this.served.get(gvkKey(gvk)) === served) continue;
      changed = true;
      this.served.set(gvkKey(gvk), served);
      await this.options.onKindChanged(gvk, served);
    }
    if (changed && !this.stopped) this.options.onServedChanged();
    return changed;
  }
}
