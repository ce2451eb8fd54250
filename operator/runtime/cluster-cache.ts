import { errorMessage } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { gvkKey, type GroupVersionKind, type KubeObject, type ObjectMeta } from '../kube/types.js';
import { nodeFactsProjection } from '../assets/node-facts.js';
import type { ClusterView } from '../handlers/cluster-view.js';
import type { Logger } from '../observability/logger.js';
import { MANAGED_BY_LABEL, MANAGER } from '../pipeline/annotations.js';
import { Backoff, sleep } from './backoff.js';
import type { InformerHandler } from './informer.js';
import type { InformerRegistry } from './informer-registry.js';

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
  onCrd(): void;
}

/**
 * The operator's view of the cluster, served from informers. Kinds that depend on a CRD get
 * their informer when the kind becomes served and lose it when it goes away, without a restart.
 */
export class ClusterCache implements ClusterView {
  private readonly served = new Map<string, boolean>();

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
    const crdEvent: InformerHandler = {
      onAdd: () => events.onCrd(),
      onUpdate: () => events.onCrd(),
      onDelete: () => events.onCrd(),
    };
    // CRD objects carry whole OpenAPI schemas; keep only what readiness needs in memory.
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

  /** Re-reads discovery and starts or stops informers; true when any kind changed state. */
  async refreshServed(): Promise<boolean> {
    this.client.invalidateDiscovery();
    let changed = false;
    for (const gvk of this.watchedKinds()) {
      const served = (await this.client.resolve(gvk)) !== undefined;
      const key = gvkKey(gvk);
      if (this.served.get(key) === served) continue;
      changed = true;
      this.served.set(key, served);
      if (this.informerKinds().has(key)) {
        if (served) this.startInformer(gvk);
        else await this.registry.remove(gvk);
      }
      this.options.logger.info(
        served ? 'kind served: informer started' : 'kind no longer served: informer stopped',
        {
          group: gvk.group,
          version: gvk.version,
          kind: gvk.kind,
        },
      );
    }
    return changed;
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
    if (!gvk.group.includes('.') || gvk.group.endsWith('.k8s.io')) return true;
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

function metadataOnly(obj: KubeObject): KubeObject {
  const { name, namespace, resourceVersion, uid, labels } = obj.metadata;
  const meta: ObjectMeta = {
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(resourceVersion !== undefined ? { resourceVersion } : {}),
    ...(uid !== undefined ? { uid } : {}),
    ...(labels !== undefined ? { labels } : {}),
  };
  return { apiVersion: obj.apiVersion, kind: obj.kind, metadata: meta };
}

function slimCrd(obj: KubeObject): KubeObject {
  return {
    ...metadataOnly(obj),
    status: { conditions: (obj.status as { conditions?: unknown } | undefined)?.conditions },
  };
}
