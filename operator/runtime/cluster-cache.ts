import { errorMessage } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { gvkKey, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import { nodeFactsProjection } from '../assets/node-facts.js';
import type { ClusterView } from '../handlers/cluster-view.js';
import type { Logger } from '../observability/logger.js';
import { MANAGED_BY_LABEL, MANAGER } from '../pipeline/annotations.js';
import { Backoff, sleep } from './backoff.js';
import { isBuiltIn, kindsAwaitingDiscovery, metadataOnly, slimCrd } from './crd-kinds.js';
import type { InformerHandler } from './informer.js';
import type { InformerRegistry } from './informer-registry.js';
import { SingleFlight } from './single-flight.js';

export const HCO_NAME = 'kubevirt-hyperconverged';
const HCO: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const CRD: GroupVersionKind = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
};
const NODE: GroupVersionKind = { group: '', version: 'v1', kind: 'Node' };
const NAMESPACE: GroupVersionKind = { group: '', version: 'v1', kind: 'Namespace' };
const INFRASTRUCTURE: GroupVersionKind = {
  group: 'config.openshift.io',
  version: 'v1',
  kind: 'Infrastructure',
};
const SCHEDULER: GroupVersionKind = { group: 'config.openshift.io', version: 'v1', kind: 'Scheduler' };

export interface ClusterEvents {
  onHco(): void;
  onManaged(obj: KubeObject, old?: KubeObject): void;
  /** Nodes or cluster topology objects changed. */
  onFacts(): void;
  /** Discovery now serves a different set of the watched kinds (a CRD came or went). */
  onServedChanged(): void;
}

/**
 * The operator's view of the cluster, served from informers. Kinds that depend on a CRD get
 * their informer when the kind becomes served and lose it when it goes away, without a restart.
 * Every replica follows CRD changes itself (a standby too, so that its readiness is true), with
 * one discovery refresh at a time.
 */
export class ClusterCache implements ClusterView {
  private readonly served = new Map<string, boolean>();
  private readonly refresh = new SingleFlight(() => this.readServed());
  private readonly settleBackoff = new Backoff({ initialMs: 500, maxMs: 30_000 });
  private settleTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    private readonly registry: InformerRegistry,
    private readonly options: {
      namespace: string;
      managedKinds: readonly GroupVersionKind[];
      /** Kinds that only gate assets: tracked through discovery, never watched (no informer, no RBAC). */
      gateKinds?: readonly GroupVersionKind[];
      events: ClusterEvents;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    const { events } = this.options;
    const crdChanged = (): void => void this.settleServed();
    const crdEvent: InformerHandler = { onAdd: crdChanged, onUpdate: crdChanged, onDelete: crdChanged };
    // CRD objects carry whole OpenAPI schemas; keep only which kinds they serve in memory.
    this.registry.ensure(CRD, { transform: slimCrd }, crdEvent);
    const facts: InformerHandler = {
      onAdd: () => events.onFacts(),
      onUpdate: () => events.onFacts(),
      onDelete: () => events.onFacts(),
    };
    this.registry.ensure(NODE, { transform: nodeFactsProjection }, facts);
    this.registry.ensure(NAMESPACE, { transform: metadataOnly }, {});
    await this.discoverUntilAnswered();
  }

  /**
   * The first discovery, retried with backoff: an API server that restarts while the operator
   * starts is a wait, not a crash (later failures go through the work queue's backoff).
   */
  private async discoverUntilAnswered(): Promise<void> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 30_000 });
    for (;;) {
      try {
        await this.refreshServed();
        return;
      } catch (err) {
        const delayMs = backoff.next();
        this.options.logger.warn('discovery failed at start-up, retrying', {
          attempt: backoff.attempts,
          delayMs,
          error: errorMessage(err),
        });
        await sleep(delayMs);
      }
    }
  }

  /** No more discovery of its own (the registry's informers are stopped by their owner). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
  }

  /**
   * Re-reads discovery and starts or stops informers; true when any kind changed state. Calls
   * never overlap: one made during a refresh waits for the next one.
   */
  refreshServed(): Promise<boolean> {
    return this.refresh.run();
  }

  /**
   * After a CRD change: refresh, and keep refreshing with backoff while discovery disagrees with
   * the Established CRDs (an API server still installing paths lists a new CRD's kind late).
   */
  private async settleServed(): Promise<void> {
    clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    let awaiting: GroupVersionKind[] | undefined;
    try {
      await this.refreshServed();
      awaiting = this.awaitingDiscovery();
    } catch (err) {
      this.options.logger.warn('discovery failed after a CRD change, retrying', { error: errorMessage(err) });
    }
    if (this.stopped || this.settleTimer) return;
    if (awaiting?.length === 0) return this.settleBackoff.reset();
    const delayMs = this.settleBackoff.next();
    if (awaiting) {
      this.options.logger.debug('discovery does not list what the CRDs serve yet, retrying', {
        kinds: awaiting.map(gvkKey),
        delayMs,
      });
    }
    this.settleTimer = setTimeout(() => void this.settleServed(), delayMs);
    this.settleTimer.unref();
  }

  private awaitingDiscovery(): GroupVersionKind[] {
    const crds = this.registry.get(CRD);
    if (!crds?.synced) return [];
    return kindsAwaitingDiscovery(
      this.watchedKinds(),
      crds.list(),
      (gvk) => this.served.get(gvkKey(gvk)) === true,
    );
  }

  /** Asks discovery about every watched kind first, then applies the answers (none if it fails). */
  private async readServed(): Promise<boolean> {
    this.client.invalidateDiscovery();
    const answers: [GroupVersionKind, boolean][] = [];
    for (const gvk of this.watchedKinds())
      answers.push([gvk, (await this.client.resolve(gvk)) !== undefined]);
    let changed = false;
    for (const [gvk, served] of answers) changed = (await this.setServed(gvk, served)) || changed;
    if (changed && !this.stopped) this.options.events.onServedChanged();
    return changed;
  }

  private async setServed(gvk: GroupVersionKind, served: boolean): Promise<boolean> {
    const key = gvkKey(gvk);
    if (this.served.get(key) === served) return false;
    this.served.set(key, served);
    const watched = this.informerKinds().has(key);
    if (watched && served) this.startInformer(gvk);
    else if (watched) await this.registry.remove(gvk);
    const fields = { group: gvk.group, version: gvk.version, kind: gvk.kind, informer: watched };
    this.options.logger.info(served ? 'kind served' : 'kind no longer served', fields);
    return true;
  }

  synced(): boolean {
    return this.registry.allSynced();
  }

  hcoServed(): boolean {
    return this.served.get(gvkKey(HCO)) === true;
  }

  hco(): KubeObject | undefined {
    return this.registry.get(HCO)?.get(HCO_NAME, this.options.namespace);
  }

  nodes(): readonly KubeObject[] {
    return this.registry.get(NODE)?.list() ?? [];
  }

  infrastructure(): KubeObject | undefined {
    return this.registry.get(INFRASTRUCTURE)?.get('cluster');
  }

  scheduler(): KubeObject | undefined {
    return this.registry.get(SCHEDULER)?.get('cluster');
  }

  cached(gvk: GroupVersionKind, name: string, namespace?: string): KubeObject | undefined {
    return this.registry.get(gvk)?.get(name, namespace);
  }

  labelled(): readonly KubeObject[] {
    return this.options.managedKinds.flatMap((gvk) =>
      (this.registry.get(gvk)?.list() ?? []).filter((o) => o.metadata.labels?.[MANAGED_BY_LABEL] === MANAGER),
    );
  }

  isServed(gvk: GroupVersionKind): boolean {
    if (isBuiltIn(gvk)) return true;
    return this.served.get(gvkKey(gvk)) === true;
  }

  namespaceExists(name: string): boolean | undefined {
    const informer = this.registry.get(NAMESPACE);
    if (!informer?.synced) return undefined;
    return informer.get(name) !== undefined;
  }

  private watchedKinds(): GroupVersionKind[] {
    const seen = new Map<string, GroupVersionKind>();
    for (const gvk of [
      HCO,
      INFRASTRUCTURE,
      SCHEDULER,
      ...this.options.managedKinds,
      ...(this.options.gateKinds ?? []),
    ])
      seen.set(gvkKey(gvk), gvk);
    return [...seen.values()];
  }

  private informerKinds(): Set<string> {
    return new Set([HCO, INFRASTRUCTURE, SCHEDULER, ...this.options.managedKinds].map(gvkKey));
  }

  private startInformer(gvk: GroupVersionKind): void {
    const { events, namespace } = this.options;
    if (gvkKey(gvk) === gvkKey(HCO)) {
      const onHco = (): void => events.onHco();
      this.registry.ensure(gvk, { namespace }, { onAdd: onHco, onUpdate: onHco, onDelete: onHco });
    } else if (gvkKey(gvk) === gvkKey(INFRASTRUCTURE) || gvkKey(gvk) === gvkKey(SCHEDULER)) {
      const onFacts = (): void => events.onFacts();
      this.registry.ensure(gvk, {}, { onAdd: onFacts, onUpdate: onFacts, onDelete: onFacts });
    } else {
      this.registry.ensure(
        gvk,
        { labelSelector: `${MANAGED_BY_LABEL}=${MANAGER}` },
        {
          onAdd: (o) => events.onManaged(o),
          onUpdate: (o, old) => events.onManaged(o, old),
          onDelete: (o) => events.onManaged(o),
        },
      );
    }
  }
}
