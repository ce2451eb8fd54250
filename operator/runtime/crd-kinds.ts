import { gvkKey, isBuiltIn, type GroupVersionKind, type KubeObject, type ObjectMeta } from '../kube/types.js';

interface CrdSpec {
  group?: string;
  names?: { kind?: string };
  versions?: { name?: string; served?: boolean }[];
}

interface Condition {
  type?: string;
  status?: string;
}

/** The kinds Established CRDs serve (group/version/kind keys): what discovery should list. */
export function kindsServedByCrds(crds: readonly KubeObject[]): Set<string> {
  const keys = new Set<string>();
  for (const crd of crds) {
    const spec = (crd.spec ?? {}) as CrdSpec;
    const conditions = ((crd.status as { conditions?: Condition[] } | undefined)?.conditions ??
      []) as Condition[];
    const established = conditions.some((c) => c.type === 'Established' && c.status === 'True');
    if (!established || !spec.group || !spec.names?.kind) continue;
    for (const version of spec.versions ?? []) {
      if (version.name && version.served !== false) {
        keys.add(gvkKey({ group: spec.group, version: version.name, kind: spec.names.kind }));
      }
    }
  }
  return keys;
}

/**
 * The CRD-backed kinds whose served state from discovery disagrees with the CRDs: an Established
 * CRD that discovery does not list yet (an API server still installing its paths), or a kind
 * discovery still lists after its CRD went away. Empty when discovery has caught up.
 */
export function kindsAwaitingDiscovery(
  kinds: readonly GroupVersionKind[],
  crds: readonly KubeObject[],
  served: (gvk: GroupVersionKind) => boolean,
): GroupVersionKind[] {
  const fromCrds = kindsServedByCrds(crds);
  return kinds.filter((gvk) => !isBuiltIn(gvk) && fromCrds.has(gvkKey(gvk)) !== served(gvk));
}

/** Only the metadata that keys and selects an object (no annotations, no managed fields). */
export function metadataOnly(obj: KubeObject): KubeObject {
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

/**
 * A CRD without its OpenAPI schemas: the group, kind, versions served and conditions, and what
 * `keep` projects from the whole CRD (the caller's few schema facts), as `kept`.
 */
export function slimCrd(obj: KubeObject, keep?: (crd: KubeObject) => unknown): KubeObject {
  const spec = (obj.spec ?? {}) as CrdSpec;
  const conditions = (obj.status as { conditions?: Condition[] } | undefined)?.conditions;
  const kept = keep?.(obj);
  return {
    ...metadataOnly(obj),
    ...(kept !== undefined ? { kept } : {}),
    spec: {
      ...(spec.group !== undefined ? { group: spec.group } : {}),
      ...(spec.names?.kind !== undefined ? { names: { kind: spec.names.kind } } : {}),
      versions: (spec.versions ?? []).map(({ name, served }) => ({ name, served })),
    },
    status: { conditions: (conditions ?? []).map(({ type, status }) => ({ type, status })) },
  };
}

/** Whether two slim CRDs differ in what was kept of them. */
export function keptChanged(crd: KubeObject, old: KubeObject): boolean {
  return JSON.stringify(crd.kept ?? null) !== JSON.stringify(old.kept ?? null);
}
