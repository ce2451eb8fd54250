import type { ClusterFacts } from '../assets/context.js';
import type { SchemaFacts } from '../assets/schema-facts.js';
import type { GroupVersionKind, KubeObject } from '../kube/types.js';

/**
 * What the reconciler reads from the cluster, served from informer caches so that a steady
 * state costs no API requests. Implemented by app/cluster-cache.ts.
 */
export interface ClusterView {
  /** The HCO this operator manages, or undefined when it does not exist (yet). */
  hco(): KubeObject | undefined;
  /** Whether the HyperConverged kind is served at all. */
  hcoServed(): boolean;
  nodes(): readonly KubeObject[];
  infrastructure(): KubeObject | undefined;
  scheduler(): KubeObject | undefined;
  /** A managed object from the (label-selected) cache of its kind. */
  cached(gvk: GroupVersionKind, name: string, namespace?: string): KubeObject | undefined;
  /** Every object carrying the managed-by label, across all managed kinds. */
  labelled(): readonly KubeObject[];
  isServed(gvk: GroupVersionKind): boolean;
  /** undefined when the namespace cache is not ready (callers then ask the server). */
  namespaceExists(name: string): boolean | undefined;
  /** What templates may know about served CRDs (projected from the CRD informer). */
  schemaFacts?(): SchemaFacts;
}

/** The facts a render context is built from, as the cache holds them, around this HCO. */
export function factsOf(view: ClusterView, hco: KubeObject): ClusterFacts {
  return {
    hco,
    nodes: view.nodes(),
    infrastructure: view.infrastructure(),
    scheduler: view.scheduler(),
    served: (gvk) => view.isServed(gvk),
    schemas: view.schemaFacts?.() ?? {},
  };
}
