import { PASS, type Request } from '../handlers/request.js';
import { requestsFor, type WatchEvent } from '../handlers/routing.js';
import type { KubeObject } from '../kube/types.js';
import type { ClusterEvents } from './cluster-cache.js';
import { factsFingerprint } from './facts-fingerprint.js';

export interface EventRouterDeps {
  /** Where requests go (the controller's queue; only the leader drains it). */
  enqueue(request: Request): void;
  /** The asset that renders the object with this `Kind/ns/name` key, if any. */
  assetFor(objectKey: string): string | undefined;
  /** The facts as the cache holds them now. */
  facts(): {
    nodes: readonly KubeObject[];
    infrastructure?: KubeObject | undefined;
    scheduler?: KubeObject | undefined;
  };
}

/**
 * Turns the cluster cache's events into queue requests with the handlers' pure routing; the only
 * state is the last facts fingerprint, so that an event that changes nothing rendering reads
 * (most Node updates) wakes nothing.
 */
export class EventRouter implements ClusterEvents {
  private fingerprint = '';
  private factsCheckQueued = false;

  constructor(private readonly deps: EventRouterDeps) {}

  onHco(): void {
    this.route({ source: 'hco' });
  }

  onManaged(object: KubeObject, old?: KubeObject): void {
    this.route({ source: 'managed', object, ...(old ? { old } : {}) });
  }

  /** Every replica's cache follows CRDs itself; what a change of served kinds means is the pass's business. */
  onServedChanged(): void {
    this.deps.enqueue(PASS);
  }

  /** Whether ours may be written depends on every KubeletConfig on its pool: the pass decides again. */
  onForeignKubeletConfig(): void {
    this.deps.enqueue(PASS);
  }

  /**
   * A Node list arrives as one add per Node in a single synchronous run: compare the facts once
   * after it (a microtask later), so start-up with n Nodes costs O(n), not O(n²).
   */
  onFacts(): void {
    if (this.factsCheckQueued) return;
    this.factsCheckQueued = true;
    queueMicrotask(() => {
      this.factsCheckQueued = false;
      const previous = this.fingerprint;
      this.fingerprint = factsFingerprint(this.deps.facts());
      this.route({ source: 'facts', fingerprint: this.fingerprint, previous });
    });
  }

  private route(event: WatchEvent): void {
    for (const request of requestsFor(event, (key) => this.deps.assetFor(key))) this.deps.enqueue(request);
  }
}
