import { HCO_GVK, HCO_NAME } from '../assets/hco-ref.js';
import { nodeFactsProjection } from '../assets/node-facts.js';
import { schemaFactsOf, type SchemaFacts } from '../assets/schema-facts.js';
import type { ClusterView } from '../handlers/cluster-view.js';
import type { KindResolver } from '../kube/client.js';
import { gvkKey, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import type { Logger } from '../observability/logger.js';
import { MANAGED_BY_LABEL, MANAGER } from '../pipeline/annotations.js';
import { metadataOnly } from '../runtime/crd-kinds.js';
import type { InformerHandler } from '../runtime/informer.js';
import type { InformerRegistry } from '../runtime/informer-registry.js';
import { ServedKinds } from '../runtime/served-kinds.js';

const NODE: GroupVersionKind = { group: '', version: 'v1', kind: 'Node' };
const NAMESPACE: GroupVersionKind = { group: '', version: 'v1', kind: 'Namespace' };
const INFRASTRUCTURE: GroupVersionKind = {
  group: 'config.openshift.io',
  version: 'v1',
  kind: 'Infrastructure',
};
const SCHEDULER: GroupVersionKind = { group: 'config.openshift.io', version: 'v1', kind: 'Scheduler' };
/**
 * Other tools' KubeletConfigs decide whether ours may be written (the MCO applies only the newest
 * on a pool), so they are watched too, apart from ours and reduced to what that decision reads.
 */
const KUBELET_CONFIG: GroupVersionKind = {
  group: 'machineconfiguration.openshift.io',
  version: 'v1',
  kind: 'KubeletConfig',
};
/** Not ours: without the managed-by label, or with another tool's value in it (`!=` selects both). */
const UNOWNED = `${MANAGED_BY_LABEL}!=${MANAGER}`;

export interface ClusterEvents {
  onHco(): void;
  onManaged(obj: KubeObject, old?: KubeObject): void;
  /** Nodes or cluster topology objects changed. */
  onFacts(): void;
  /** Discovery now serves a different set of the watched kinds (a CRD came or went). */
  onServedChanged(): void;
  /** Another tool's KubeletConfig came, went, or changed the pools it selects. */
  onForeignKubeletConfig(): void;
}

export interface ClusterCacheOptions {
  namespace: string;
  managedKinds: readonly GroupVersionKind[];
  /** Kinds that only gate assets: tracked through discovery, never watched (no informer, no RBAC). */
  gateKinds?: readonly GroupVersionKind[];
  /**
   * Kinds of shared assets (cluster singletons such as MachineConfiguration): their objects never
   * carry the managed-by label, so they are watched whole instead of by the label.
   */
  sharedKinds?: readonly GroupVersionKind[];
  events: ClusterEvents;
  logger: Logger;
}

/**
 * The operator's view of the cluster (the handlers' ClusterView), served from informers. Kinds
 * that depend on a CRD get their informer when the kind becomes served and lose it when it goes
 * away, without a restart; every replica follows CRD changes itself, so a standby's readiness is
 * true too.
 */
export class ClusterCache implements ClusterView {
  private readonly kinds: ServedKinds;
  private readonly informerKinds: Set<string>;
  private readonly sharedKinds: Set<string>;

  constructor(
    client: KindResolver,
    private readonly registry: InformerRegistry,
    private readonly options: ClusterCacheOptions,
  ) {
    const informed = [HCO_GVK, INFRASTRUCTURE, SCHEDULER, ...options.managedKinds];
    this.informerKinds = new Set(informed.map(gvkKey));
    this.sharedKinds = new Set((options.sharedKinds ?? []).map(gvkKey));
    this.kinds = new ServedKinds(client, registry, {
      kinds: unique([...informed, ...(options.gateKinds ?? [])]),
      onKindChanged: (gvk, served) => this.kindChanged(gvk, served),
      onServedChanged: () => options.events.onServedChanged(),
      // The few schema facts templates read (the KubeDescheduler's profiles); a change re-renders.
      keep: (crd) => {
        const facts = schemaFactsOf(crd);
        return Object.keys(facts).length > 0 ? facts : undefined;
      },
      onKeptChanged: () => options.events.onServedChanged(),
      logger: options.logger,
    });
  }

  /** What templates may know about the served CRDs (projected by the CRD informer). */
  schemaFacts(): SchemaFacts {
    return Object.assign({}, ...this.kinds.kept()) as SchemaFacts;
  }

  /** Starts the Node and Namespace informers, then follows CRDs and discovery (until it answers). */
  async start(): Promise<void> {
    const onFacts = (): void => this.options.events.onFacts();
    const facts: InformerHandler = { onAdd: onFacts, onUpdate: onFacts, onDelete: onFacts };
    this.registry.ensure(NODE, { transform: nodeFactsProjection }, facts);
    this.registry.ensure(NAMESPACE, { transform: metadataOnly }, {});
    await this.kinds.start();
    if (!this.hcoServed()) {
      this.options.logger.warn('HyperConverged CRD is not installed: waiting for it (not ready)', {
        crd: 'hyperconvergeds.hco.kubevirt.io',
      });
    }
  }

  /** Stops following discovery, and every informer. */
  async stop(): Promise<void> {
    this.kinds.stop();
    await this.registry.stopAll();
  }

  synced(): boolean {
    return this.registry.allSynced();
  }

  hcoServed(): boolean {
    return this.kinds.listed(HCO_GVK);
  }

  hco(): KubeObject | undefined {
    return this.registry.get(HCO_GVK)?.get(HCO_NAME, this.options.namespace);
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
    return this.kinds.isServed(gvk);
  }

  namespaceExists(name: string): boolean | undefined {
    const informer = this.registry.get(NAMESPACE);
    if (!informer?.synced) return undefined;
    return informer.get(name) !== undefined;
  }

  private async kindChanged(gvk: GroupVersionKind, served: boolean): Promise<void> {
    const informer = this.informerKinds.has(gvkKey(gvk));
    if (informer && served) this.startInformer(gvk);
    else if (informer) await this.registry.remove(gvk);
    const fields = { group: gvk.group, version: gvk.version, kind: gvk.kind, informer };
    this.options.logger.info(served ? 'kind served' : 'kind no longer served', fields);
  }

  private startInformer(gvk: GroupVersionKind): void {
    const { events, namespace } = this.options;
    const key = gvkKey(gvk);
    if (key === gvkKey(HCO_GVK)) {
      const onHco = (): void => events.onHco();
      this.registry.ensure(gvk, { namespace }, { onAdd: onHco, onUpdate: onHco, onDelete: onHco });
    } else if (key === gvkKey(INFRASTRUCTURE) || key === gvkKey(SCHEDULER)) {
      const onFacts = (): void => events.onFacts();
      this.registry.ensure(gvk, {}, { onAdd: onFacts, onUpdate: onFacts, onDelete: onFacts });
    } else {
      this.registry.ensure(
        gvk,
        this.sharedKinds.has(key) ? {} : { labelSelector: `${MANAGED_BY_LABEL}=${MANAGER}` },
        {
          onAdd: (o) => events.onManaged(o),
          onUpdate: (o, old) => events.onManaged(o, old),
          onDelete: (o) => events.onManaged(o),
        },
      );
      // After ours: `registry.get` answers with the first informer of a kind.
      if (key === gvkKey(KUBELET_CONFIG)) this.watchForeignKubeletConfigs(gvk);
    }
  }

  private watchForeignKubeletConfigs(gvk: GroupVersionKind): void {
    const { events } = this.options;
    const changed = (): void => events.onForeignKubeletConfig();
    this.registry.ensure(
      gvk,
      { labelSelector: UNOWNED, transform: poolSelection },
      {
        onAdd: changed,
        onDelete: changed,
        // Status writes (the MCO's conditions) change nothing the hold decision reads.
        onUpdate: (o, old) => {
          if (JSON.stringify(poolSelectionOnly(o)) !== JSON.stringify(poolSelectionOnly(old))) changed();
        },
      },
    );
  }
}

/** A KubeletConfig as the foreign-KubeletConfig hold reads it: identity, labels, the pool selector. */
function poolSelection(obj: KubeObject): KubeObject {
  const { name, uid, resourceVersion, labels, creationTimestamp } = obj.metadata;
  const selector = (obj.spec as { machineConfigPoolSelector?: unknown } | undefined)
    ?.machineConfigPoolSelector;
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: { name, uid, resourceVersion, labels, creationTimestamp },
    spec: { machineConfigPoolSelector: selector },
  } as KubeObject;
}

/** What the hold decision reads of a projected KubeletConfig (not its resourceVersion). */
function poolSelectionOnly(obj: KubeObject): unknown {
  return [obj.metadata.labels, obj.spec];
}

function unique(kinds: readonly GroupVersionKind[]): GroupVersionKind[] {
  return [...new Map(kinds.map((gvk) => [gvkKey(gvk), gvk])).values()];
}
