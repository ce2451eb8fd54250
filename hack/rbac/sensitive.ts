import { splitApiVersion } from '../../operator/kube/types.js';
import type { KubeObject } from '../../operator/kube/types.js';
import type { KindRef, PolicyRule } from './policy-rules.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Kinds whose objects grant privileges (RBAC and OpenShift's SecurityContextConstraints): the
 * operator may read and write only the objects of these kinds that the catalog renders, by name.
 */
export const SENSITIVE_KINDS: readonly string[] = [
  `${RBAC_GROUP}/ClusterRole`,
  `${RBAC_GROUP}/ClusterRoleBinding`,
  `${RBAC_GROUP}/Role`,
  `${RBAC_GROUP}/RoleBinding`,
  'security.openshift.io/SecurityContextConstraints',
];

export function isSensitiveKind(ref: KindRef): boolean {
  return SENSITIVE_KINDS.includes(`${splitApiVersion(ref.apiVersion).group}/${ref.kind}`);
}

/** A role a binding refers to: `bind` on it lets the operator bind it without holding its rules. */
export interface BoundRole {
  kind: 'ClusterRole' | 'Role';
  name: string;
}

/** What the rendered sensitive objects of the catalog ask of the operator's own ClusterRole. */
export interface SensitiveNeeds {
  /** The names the catalog renders, per sensitive kind (get, create and patch are limited to them). */
  names: readonly (KindRef & { names: string[] })[];
  /** Roles bound by a catalog binding but not rendered by the catalog (someone else owns them). */
  bound: readonly BoundRole[];
  /**
   * The rules of every ClusterRole the catalog renders: the operator holds them itself, so that
   * creating the role and binding it are no escalation (the alternative, `escalate` on the role,
   * would let the operator write any rule into it and, with `bind`, grant anything).
   */
  heldRules: readonly PolicyRule[];
}

/** Thrown when a rendered sensitive object cannot be turned into least-privilege rules. */
export class SensitiveObjectError extends Error {}

/** Pure: the needs of the rendered objects of sensitive kinds (objects of other kinds are ignored). */
export function sensitiveNeeds(objects: readonly KubeObject[]): SensitiveNeeds {
  const sensitive = objects.filter(isSensitiveKind);
  const role = sensitive.find((o) => o.kind === 'Role');
  if (role) {
    // Creating a Role needs its rules held in its namespace: not derived yet (no asset needs it).
    throw new SensitiveObjectError(`Role/${role.metadata.name ?? ''}: Role assets are not supported yet`);
  }
  const names = new Map<string, KindRef & { names: Set<string> }>();
  for (const obj of sensitive) {
    const key = `${splitApiVersion(obj.apiVersion).group}/${obj.kind}`;
    const entry = names.get(key) ?? { apiVersion: obj.apiVersion, kind: obj.kind, names: new Set<string>() };
    names.set(key, { ...entry, names: entry.names.add(obj.metadata.name ?? '') });
  }
  const rendered = (kind: string, name: string) =>
    sensitive.some((o) => o.kind === kind && o.metadata.name === name);
  const bound = new Map<string, BoundRole>();
  for (const obj of sensitive) {
    const role = roleRefOf(obj);
    if (role && !rendered(role.kind, role.name)) bound.set(`${role.kind}/${role.name}`, role);
  }
  return {
    names: [...names.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, e]) => ({ apiVersion: e.apiVersion, kind: e.kind, names: [...e.names].sort() })),
    bound: [...bound.values()].sort((a, b) => (`${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1)),
    heldRules: sensitive.filter((o) => o.kind === 'ClusterRole').flatMap(rulesOf),
  };
}

/** The role a ClusterRoleBinding or RoleBinding refers to; undefined for other kinds. */
function roleRefOf(obj: KubeObject): BoundRole | undefined {
  if (obj.kind !== 'ClusterRoleBinding' && obj.kind !== 'RoleBinding') return undefined;
  const ref = obj.roleRef as { apiGroup?: unknown; kind?: unknown; name?: unknown } | undefined;
  const what = `${obj.kind}/${obj.metadata.name ?? ''}`;
  if (ref?.apiGroup !== RBAC_GROUP || (ref.kind !== 'ClusterRole' && ref.kind !== 'Role')) {
    throw new SensitiveObjectError(`${what}: roleRef must name a ${RBAC_GROUP} ClusterRole or Role`);
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    throw new SensitiveObjectError(`${what}: roleRef.name is missing`);
  }
  if (obj.kind === 'ClusterRoleBinding' && ref.kind === 'Role') {
    throw new SensitiveObjectError(`${what}: a ClusterRoleBinding cannot refer to a Role`);
  }
  return { kind: ref.kind, name: ref.name };
}

/** A rendered ClusterRole's rules, as they are; aggregated roles have no rules of their own to hold. */
function rulesOf(role: KubeObject): PolicyRule[] {
  const what = `ClusterRole/${role.metadata.name ?? ''}`;
  if (role.aggregationRule !== undefined) {
    throw new SensitiveObjectError(`${what}: aggregated ClusterRoles are not supported (their rules vary)`);
  }
  const rules = (role.rules ?? []) as (PolicyRule & { nonResourceURLs?: string[] })[];
  if (rules.some((r) => r.nonResourceURLs !== undefined)) {
    throw new SensitiveObjectError(`${what}: nonResourceURLs rules are not supported`);
  }
  return rules.map((r) => ({
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    ...(r.resourceNames?.length ? { resourceNames: [...r.resourceNames] } : {}),
    verbs: [...r.verbs],
  }));
}
