import { splitApiVersion } from '../../operator/kube/types.js';
import type { PluralTable } from './plurals.js';
import { isSensitiveKind, type SensitiveNeeds } from './sensitive.js';

/** One rbac.authorization.k8s.io/v1 PolicyRule (resource rules only: discovery is granted to everyone). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** A kind the operator uses outside the catalog, with the verbs and the reason. */
export interface RuntimeNeed extends KindRef {
  verbs: readonly string[];
  why: string;
}

export interface RbacInputs {
  /** Every kind the catalog renders (apiVersion + component). */
  assets: readonly KindRef[];
  /** Every tombstoned object: deleted by name, so only those names may be deleted. */
  tombstones: readonly (KindRef & { name: string })[];
  runtime: readonly RuntimeNeed[];
  /** What the catalog's rendered RBAC objects need (names, roles to bind, rules to hold). */
  sensitive: SensitiveNeeds;
}

/**
 * get: adoption reads of unlabelled objects; list + watch: label-selected informers; patch:
 * Server-Side Apply (dry-run and write); create: an apply PATCH that creates the object is also
 * authorised as create by the API server, although the operator never sends a POST for an asset.
 */
export const ASSET_VERBS: readonly string[] = ['get', 'list', 'watch', 'create', 'patch'];
/** The tombstone handler reads the live object (to check the managed-by label), then deletes it. */
export const TOMBSTONE_VERBS: readonly string[] = ['get', 'delete'];
/** Sensitive kinds (sensitive.ts): informers list and watch them all, but the rest is by name. */
export const SENSITIVE_LIST_VERBS: readonly string[] = ['list', 'watch'];
export const SENSITIVE_NAMED_VERBS: readonly string[] = ['get', 'create', 'patch'];

/** What operator/runtime and operator/observability use besides the catalog kinds (read from the code). */
export const RUNTIME_NEEDS: readonly RuntimeNeed[] = [
  {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    verbs: ['get', 'list', 'watch', 'patch'],
    why: 'the namespaced HCO informer and the golden HCO (also a catalog asset)',
  },
  { apiVersion: 'v1', kind: 'Node', verbs: ['get', 'list', 'watch'], why: 'hardware facts' },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    verbs: ['get', 'list', 'watch'],
    why: 'skip assets without namespace',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    verbs: ['get', 'list', 'watch'],
    why: 'soft dependencies appear and disappear',
  },
  {
    apiVersion: 'config.openshift.io/v1',
    kind: 'Infrastructure',
    verbs: ['get', 'list', 'watch'],
    why: 'topology',
  },
  {
    apiVersion: 'config.openshift.io/v1',
    kind: 'Scheduler',
    verbs: ['get', 'list', 'watch'],
    why: 'topology',
  },
  {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'MachineConfigPool',
    verbs: ['get'],
    why: 'a MachineConfig or KubeletConfig write waits while its pool is paused, Updating or Degraded',
  },
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    verbs: ['create', 'patch'],
    why: 'Events go to the regarding object namespace (default for cluster-scoped objects)',
  },
];

const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'bind'];
const RBAC_API = 'rbac.authorization.k8s.io/v1';

/**
 * The ClusterRole rules for the inputs: one rule per API group, verb set and name restriction,
 * with resources, verbs and rules in a fixed order so that the output is byte-stable.
 */
export function deriveClusterRules(inputs: RbacInputs, plurals: PluralTable): PolicyRule[] {
  const verbsOf = new Map<string, { group: string; plural: string; names: string[]; verbs: Set<string> }>();
  const grant = (ref: KindRef, verbs: readonly string[], names: string[] = []): void => {
    const { plural, group } = plurals.resourceOf(splitApiVersion(ref.apiVersion).group, ref.kind);
    const key = JSON.stringify([group, plural, names]);
    const entry = verbsOf.get(key) ?? { group, plural, names, verbs: new Set<string>() };
    for (const verb of verbs) entry.verbs.add(verb);
    verbsOf.set(key, entry);
  };
  const { sensitive } = inputs;
  for (const asset of inputs.assets.filter((a) => !isSensitiveKind(a))) grant(asset, ASSET_VERBS);
  for (const need of inputs.runtime) grant(need, need.verbs);
  for (const { ref, names } of tombstoneNames(inputs.tombstones)) grant(ref, TOMBSTONE_VERBS, names);
  for (const { names, ...ref } of sensitive.names) {
    grant(ref, SENSITIVE_LIST_VERBS);
    grant(ref, SENSITIVE_NAMED_VERBS, names);
  }
  for (const kind of ['ClusterRole', 'Role'] as const) {
    const names = sensitive.bound.filter((r) => r.kind === kind).map((r) => r.name);
    if (names.length > 0) grant({ apiVersion: RBAC_API, kind }, ['bind'], names);
  }

  const rules = new Map<string, PolicyRule>();
  for (const { group, plural, names, verbs } of verbsOf.values()) {
    // A verb granted on every object of the resource needs no name-restricted copy.
    const unrestricted = verbsOf.get(JSON.stringify([group, plural, []]));
    const ordered = VERB_ORDER.filter(
      (v) => verbs.has(v) && (names.length === 0 || !unrestricted?.verbs.has(v)),
    );
    if (ordered.length === 0) continue;
    const key = JSON.stringify([group, ordered, names]);
    const rule = rules.get(key) ?? {
      apiGroups: [group],
      resources: [],
      ...(names.length ? { resourceNames: names } : {}),
      verbs: ordered,
    };
    rule.resources.push(plural);
    rules.set(key, rule);
  }
  const derived = [...rules.values()].map((r) => ({ ...r, resources: [...new Set(r.resources)].sort() }));
  return withoutDuplicates([...derived, ...sensitive.heldRules]).sort(byRule);
}

function withoutDuplicates(rules: readonly PolicyRule[]): PolicyRule[] {
  return [...new Map(rules.map((r) => [JSON.stringify(r), r])).values()];
}

/** Tombstone names grouped by kind, sorted and without duplicates. */
function tombstoneNames(tombstones: RbacInputs['tombstones']): { ref: KindRef; names: string[] }[] {
  const byKind = new Map<string, { ref: KindRef; names: Set<string> }>();
  for (const { apiVersion, kind, name } of tombstones) {
    // One name list per kind across versions: RBAC does not distinguish versions.
    const key = `${splitApiVersion(apiVersion).group}/${kind}`;
    const entry = byKind.get(key) ?? { ref: { apiVersion, kind }, names: new Set<string>() };
    byKind.set(key, { ...entry, names: entry.names.add(name) });
  }
  return [...byKind.values()].map(({ ref, names }) => ({ ref, names: [...names].sort() }));
}

function byRule(a: PolicyRule, b: PolicyRule): number {
  return compare(ruleSortKey(a), ruleSortKey(b));
}

function ruleSortKey(rule: PolicyRule): string[] {
  return [
    rule.apiGroups.join(','),
    rule.resources.join(','),
    (rule.resourceNames ?? []).join(','),
    rule.verbs.join(','),
  ];
}

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
