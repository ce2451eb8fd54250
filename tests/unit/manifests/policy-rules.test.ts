import { describe, expect, it } from '@jest/globals';
import { PluralTable, UnknownKindError } from '../../../hack/rbac/plurals.js';
import { deriveClusterRules, type RbacInputs } from '../../../hack/rbac/policy-rules.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { allows, type Access } from './support.js';

function crd(group: string, kind: string, plural: string): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: { group, names: { kind, plural } },
  };
}

const plurals = new PluralTable([
  crd('machineconfiguration.openshift.io', 'MachineConfig', 'machineconfigs'),
  crd('machineconfiguration.openshift.io', 'KubeletConfig', 'kubeletconfigs'),
  crd('remediation.medik8s.io', 'NodeHealthCheck', 'nodehealthchecks'),
  crd('example.io', 'Gone', 'gones'),
  // A plural a naive pluraliser gets wrong.
  crd('example.io', 'Policy', 'policies'),
]);

const inputs: RbacInputs = {
  assets: [
    { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'MachineConfig' },
    { apiVersion: 'v1', kind: 'Service' },
    { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'KubeletConfig' },
    { apiVersion: 'remediation.medik8s.io/v1alpha1', kind: 'NodeHealthCheck' },
    { apiVersion: 'example.io/v1', kind: 'Policy' },
  ],
  tombstones: [
    { apiVersion: 'remediation.medik8s.io/v1alpha1', kind: 'NodeHealthCheck', name: 'old-nhc' },
    { apiVersion: 'example.io/v1', kind: 'Gone', name: 'b' },
    { apiVersion: 'example.io/v1beta1', kind: 'Gone', name: 'a' },
  ],
  runtime: [{ apiVersion: 'v1', kind: 'Node', verbs: ['list', 'watch', 'get'], why: 'facts' }],
  sensitive: { names: [], bound: [], heldRules: [] },
};

describe('deriveClusterRules', () => {
  const rules = deriveClusterRules(inputs, plurals);

  it.each<[string, Access, boolean]>([
    [
      'reads a catalog kind',
      { group: 'machineconfiguration.openshift.io', resource: 'machineconfigs', verb: 'get' },
      true,
    ],
    ['watches a catalog kind', { group: '', resource: 'services', verb: 'watch' }, true],
    [
      'applies a catalog kind (PATCH)',
      { group: 'machineconfiguration.openshift.io', resource: 'kubeletconfigs', verb: 'patch' },
      true,
    ],
    [
      'creates a catalog kind (an apply that creates is authorised as create)',
      { group: '', resource: 'services', verb: 'create' },
      true,
    ],
    ['never updates a catalog kind', { group: '', resource: 'services', verb: 'update' }, false],
    [
      'never deletes a catalog kind',
      { group: 'machineconfiguration.openshift.io', resource: 'machineconfigs', verb: 'delete', name: 'x' },
      false,
    ],
    [
      'deletes a tombstoned object by its name',
      { group: 'remediation.medik8s.io', resource: 'nodehealthchecks', verb: 'delete', name: 'old-nhc' },
      true,
    ],
    [
      'deletes no other object of a tombstoned kind',
      { group: 'remediation.medik8s.io', resource: 'nodehealthchecks', verb: 'delete', name: 'other' },
      false,
    ],
    [
      'reads a tombstoned object of a kind outside the catalog',
      { group: 'example.io', resource: 'gones', verb: 'get', name: 'a' },
      true,
    ],
    [
      'cannot list a tombstoned kind outside the catalog',
      { group: 'example.io', resource: 'gones', verb: 'list' },
      false,
    ],
    [
      'deletes tombstones of every version of a kind',
      { group: 'example.io', resource: 'gones', verb: 'delete', name: 'a' },
      true,
    ],
    ['uses the plural the CRD declares', { group: 'example.io', resource: 'policies', verb: 'patch' }, true],
    ['grants a runtime need its verbs', { group: '', resource: 'nodes', verb: 'list' }, true],
    ['grants a runtime need nothing more', { group: '', resource: 'nodes', verb: 'patch' }, false],
  ])('%s', (_, access, expected) => {
    expect(allows(rules, access)).toBe(expected);
  });

  it('merges the resources of one API group that need the same verbs into one rule', () => {
    const machineConfig = rules.filter((r) => r.apiGroups[0] === 'machineconfiguration.openshift.io');

    expect(machineConfig).toEqual([
      {
        apiGroups: ['machineconfiguration.openshift.io'],
        resources: ['kubeletconfigs', 'machineconfigs'],
        verbs: ['get', 'list', 'watch', 'create', 'patch'],
      },
    ]);
  });

  it('grants no wildcard', () => {
    const flat = rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]);

    expect(flat).not.toContain('*');
  });

  it('gives the same rules whatever order the inputs come in', () => {
    const reversed: RbacInputs = {
      assets: [...inputs.assets].reverse(),
      tombstones: [...inputs.tombstones].reverse(),
      runtime: [...inputs.runtime].reverse(),
      sensitive: inputs.sensitive,
    };

    expect(JSON.stringify(deriveClusterRules(reversed, plurals))).toBe(JSON.stringify(rules));
  });
});

describe('deriveClusterRules for the RBAC objects the catalog renders', () => {
  const rbac = 'rbac.authorization.k8s.io';
  const withRbac: RbacInputs = {
    ...inputs,
    assets: [...inputs.assets, { apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding' }],
    sensitive: {
      names: [{ apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', names: ['ours-a', 'ours-b'] }],
      bound: [{ kind: 'ClusterRole', name: 'theirs' }],
      heldRules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    },
  };
  const rules = deriveClusterRules(withRbac, plurals);

  it.each<[string, Access, boolean]>([
    [
      'lists and watches bindings (informers)',
      { group: rbac, resource: 'clusterrolebindings', verb: 'watch' },
      true,
    ],
    [
      'applies a binding the catalog renders',
      { group: rbac, resource: 'clusterrolebindings', verb: 'patch', name: 'ours-b' },
      true,
    ],
    [
      'creates a binding the catalog renders (an apply that creates is authorised as create, by name)',
      { group: rbac, resource: 'clusterrolebindings', verb: 'create', name: 'ours-a' },
      true,
    ],
    [
      'never applies another binding',
      { group: rbac, resource: 'clusterrolebindings', verb: 'patch', name: 'cluster-admin' },
      false,
    ],
    [
      'never reads another binding',
      { group: rbac, resource: 'clusterrolebindings', verb: 'get', name: 'x' },
      false,
    ],
    [
      'may bind the role a catalog binding names',
      { group: rbac, resource: 'clusterroles', verb: 'bind', name: 'theirs' },
      true,
    ],
    [
      'may bind no other role',
      { group: rbac, resource: 'clusterroles', verb: 'bind', name: 'cluster-admin' },
      false,
    ],
    ['never escalates', { group: rbac, resource: 'clusterroles', verb: 'escalate', name: 'theirs' }, false],
    [
      'holds the rules of the ClusterRoles the catalog renders',
      { group: '', resource: 'pods', verb: 'get' },
      true,
    ],
  ])('%s', (_, access, expected) => {
    expect(allows(rules, access)).toBe(expected);
  });

  it('lists each held rule once, even when two rendered roles share it', () => {
    const held = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
    const twice = deriveClusterRules(
      { ...withRbac, sensitive: { ...withRbac.sensitive, heldRules: [held, { ...held }] } },
      plurals,
    );

    expect(twice.filter((r) => JSON.stringify(r) === JSON.stringify(held))).toHaveLength(1);
  });
});

describe('PluralTable', () => {
  it.each([
    ['', 'Service', 'services'],
    ['events.k8s.io', 'Event', 'events'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', 'customresourcedefinitions'],
    ['example.io', 'Policy', 'policies'],
  ])('knows the plural of %s %s', (group, kind, plural) => {
    expect(plurals.resourceOf(group, kind)).toEqual({ group, plural });
  });

  it('refuses to guess the plural of an unknown kind and names it', () => {
    expect(() => plurals.resourceOf('example.io', 'Ingress')).toThrow(UnknownKindError);
    expect(() => plurals.resourceOf('example.io', 'Ingress')).toThrow(/^Ingress \(group "example.io"\)/);
  });
});
