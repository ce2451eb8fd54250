import { describe, expect, it } from '@jest/globals';
import { SensitiveObjectError, sensitiveNeeds } from '../../../hack/rbac/sensitive.js';
import type { KubeObject } from '../../../operator/kube/types.js';

const RBAC = 'rbac.authorization.k8s.io';

function binding(name: string, roleRef: Record<string, unknown>, kind = 'ClusterRoleBinding'): KubeObject {
  return { apiVersion: `${RBAC}/v1`, kind, metadata: { name }, roleRef, subjects: [] };
}

function clusterRole(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'ClusterRole',
    metadata: { name },
    rules: [{ apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get'] }],
    ...extra,
  };
}

const toRole = (name: string, kind = 'ClusterRole') => ({ apiGroup: RBAC, kind, name });

describe('sensitiveNeeds', () => {
  it('asks to bind a role that a binding names and the catalog does not render', () => {
    const needs = sensitiveNeeds([binding('b', toRole('collect-audit-logs'))]);

    expect(needs.bound).toEqual([{ kind: 'ClusterRole', name: 'collect-audit-logs' }]);
    expect(needs.heldRules).toEqual([]);
  });

  it('holds the rules of a role the catalog renders instead of binding or escalating it', () => {
    const needs = sensitiveNeeds([clusterRole('exporter'), binding('b', toRole('exporter'))]);

    expect(needs.bound).toEqual([]);
    expect(needs.heldRules).toEqual([
      { apiGroups: ['kubevirt.io'], resources: ['virtualmachineinstances'], verbs: ['get'] },
    ]);
  });

  it('lists the rendered names per kind, sorted, each once', () => {
    const needs = sensitiveNeeds([
      binding('z', toRole('r')),
      binding('a', toRole('r')),
      binding('a', toRole('r')),
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'not-sensitive' } },
    ]);

    expect(needs.names).toEqual([
      { apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', names: ['a', 'z'] },
    ]);
    expect(needs.bound).toEqual([{ kind: 'ClusterRole', name: 'r' }]);
  });

  it('asks to bind a Role that a RoleBinding names', () => {
    const needs = sensitiveNeeds([binding('b', toRole('reader', 'Role'), 'RoleBinding')]);

    expect(needs.bound).toEqual([{ kind: 'Role', name: 'reader' }]);
  });

  it.each<[string, KubeObject, RegExp]>([
    ['a binding without roleRef', binding('b', {}), /^ClusterRoleBinding\/b: roleRef must name/],
    [
      'a roleRef without name',
      binding('b', { apiGroup: RBAC, kind: 'ClusterRole' }),
      /roleRef.name is missing/,
    ],
    ['a ClusterRoleBinding of a Role', binding('b', toRole('r', 'Role')), /cannot refer to a Role/],
    [
      'an aggregated ClusterRole',
      clusterRole('agg', { aggregationRule: { clusterRoleSelectors: [] } }),
      /aggregated ClusterRoles are not supported/,
    ],
    [
      'a ClusterRole with nonResourceURLs',
      clusterRole('urls', { rules: [{ nonResourceURLs: ['/metrics'], verbs: ['get'] }] }),
      /nonResourceURLs/,
    ],
    [
      'a Role (its rules would have to be held in its namespace)',
      { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'r', namespace: 'x' }, rules: [] },
      /Role assets are not supported yet/,
    ],
  ])('refuses %s and names it', (_, obj, message) => {
    expect(() => sensitiveNeeds([obj])).toThrow(SensitiveObjectError);
    expect(() => sensitiveNeeds([obj])).toThrow(message);
  });
});
