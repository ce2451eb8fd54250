import { describe, expect, it } from '@jest/globals';
import {
  isBuiltIn,
  kindsAwaitingDiscovery,
  kindsServedByCrds,
  slimCrd,
} from '../../../operator/runtime/crd-kinds.js';
import { gvkKey, type GroupVersionKind, type KubeObject } from '../../../operator/kube/types.js';

const HCO: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const SERVICE: GroupVersionKind = { group: '', version: 'v1', kind: 'Service' };

function crd(options: { established?: string; versions?: { name: string; served?: boolean }[] }): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'hyperconvergeds.hco.kubevirt.io', resourceVersion: '7' },
    spec: {
      group: 'hco.kubevirt.io',
      names: { kind: 'HyperConverged', plural: 'hyperconvergeds' },
      versions: options.versions ?? [{ name: 'v1', served: true, schema: { openAPIV3Schema: {} } }],
    },
    status: {
      conditions: options.established
        ? [{ type: 'Established', status: options.established, reason: 'InitialNamesAccepted' }]
        : [],
    },
  };
}

describe('isBuiltIn', () => {
  it.each([
    ['', true],
    ['apps', true],
    ['coordination.k8s.io', true],
    ['hco.kubevirt.io', false],
    ['monitoring.coreos.com', false],
  ])('group "%s" built in: %s', (group, expected) => {
    expect(isBuiltIn({ group, version: 'v1', kind: 'X' })).toBe(expected);
  });
});

describe('kindsServedByCrds', () => {
  it.each([
    ['an Established CRD serves its served versions', crd({ established: 'True' }), [gvkKey(HCO)]],
    ['a CRD not Established yet serves nothing', crd({ established: 'False' }), []],
    ['a CRD without conditions serves nothing', crd({}), []],
    [
      'a version with served: false is not served',
      crd({ established: 'True', versions: [{ name: 'v1beta1', served: false }, { name: 'v1' }] }),
      [gvkKey(HCO)],
    ],
  ])('%s', (_name, object, expected) => {
    expect([...kindsServedByCrds([object])]).toEqual(expected);
  });
});

describe('kindsAwaitingDiscovery', () => {
  it.each([
    ['an Established CRD that discovery does not list yet', [crd({ established: 'True' })], false, [HCO]],
    ['an Established CRD that discovery lists', [crd({ established: 'True' })], true, []],
    ['a kind discovery still lists after its CRD went away', [], true, [HCO]],
    ['a kind with neither CRD nor discovery entry', [], false, []],
    ['a CRD still being set up (not Established)', [crd({ established: 'False' })], false, []],
  ])('%s', (_name, crds, served, expected) => {
    expect(kindsAwaitingDiscovery([HCO], crds, () => served)).toEqual(expected);
  });

  it('leaves built-in kinds to discovery alone', () => {
    expect(kindsAwaitingDiscovery([SERVICE], [], () => false)).toEqual([]);
  });
});

describe('slimCrd', () => {
  it('keeps what says which kinds the CRD serves and drops the schemas', () => {
    const slim = slimCrd(crd({ established: 'True' }));

    expect(slim.spec).toEqual({
      group: 'hco.kubevirt.io',
      names: { kind: 'HyperConverged' },
      versions: [{ name: 'v1', served: true }],
    });
    expect(slim.status).toEqual({ conditions: [{ type: 'Established', status: 'True' }] });
    expect(kindsServedByCrds([slim]).has(gvkKey(HCO))).toBe(true);
  });
});
