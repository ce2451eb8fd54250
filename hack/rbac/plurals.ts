import type { KubeObject } from '../../operator/kube/types.js';

/** A kind's resource name as RBAC rules spell it: API group (core = '') and plural. */
export interface Resource {
  group: string;
  plural: string;
}

/**
 * Built-in kinds the operator touches, with the plurals the API server serves. RBAC matches
 * plurals exactly, and English pluralisation guesses wrong often enough (Ingress, Endpoints) that
 * every plural here or in a CRD is looked up, never derived.
 */
const BUILTIN: Readonly<Record<string, string>> = {
  '/ConfigMap': 'configmaps',
  '/Event': 'events',
  '/Namespace': 'namespaces',
  '/Node': 'nodes',
  '/Secret': 'secrets',
  '/Service': 'services',
  '/ServiceAccount': 'serviceaccounts',
  'apiextensions.k8s.io/CustomResourceDefinition': 'customresourcedefinitions',
  'apps/DaemonSet': 'daemonsets',
  'apps/Deployment': 'deployments',
  'coordination.k8s.io/Lease': 'leases',
  'events.k8s.io/Event': 'events',
  'rbac.authorization.k8s.io/ClusterRole': 'clusterroles',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'clusterrolebindings',
  'rbac.authorization.k8s.io/Role': 'roles',
  'rbac.authorization.k8s.io/RoleBinding': 'rolebindings',
};

/** Thrown when a kind is neither built in nor defined by a known CRD: the generator stops. */
export class UnknownKindError extends Error {}

/** Looks up plurals from the built-in table and from CustomResourceDefinitions (spec.names.plural). */
export class PluralTable {
  private readonly plurals = new Map<string, string>(Object.entries(BUILTIN));

  constructor(crds: readonly KubeObject[]) {
    for (const crd of crds) {
      const spec = crd.spec as { group?: string; names?: { kind?: string; plural?: string } } | undefined;
      const { group, names } = spec ?? {};
      if (group && names?.kind && names.plural) this.plurals.set(`${group}/${names.kind}`, names.plural);
    }
  }

  /** The resource of a kind in an API group; throws UnknownKindError rather than guess. */
  resourceOf(group: string, kind: string): Resource {
    const plural = this.plurals.get(`${group}/${kind}`);
    if (plural === undefined) {
      throw new UnknownKindError(
        `${kind} (group "${group}"): plural unknown; add its CRD to tests/fixtures/crds or the built-in table in hack/rbac/plurals.ts`,
      );
    }
    return { group, plural };
  }
}
