import { describe, expect, it } from '@jest/globals';
import { apiVersionOf, gvkOf, objectKey, splitApiVersion } from '../../../operator/kube/types.js';

describe('object identity helpers', () => {
  it.each([
    ['v1', { group: '', version: 'v1' }],
    ['hco.kubevirt.io/v1', { group: 'hco.kubevirt.io', version: 'v1' }],
    ['machineconfiguration.openshift.io/v1', { group: 'machineconfiguration.openshift.io', version: 'v1' }],
  ])('splits apiVersion %s into group and version and joins it back', (apiVersion, expected) => {
    const split = splitApiVersion(apiVersion);

    expect(split).toEqual(expected);
    expect(apiVersionOf(split)).toBe(apiVersion);
  });

  it('keys namespaced objects as Kind/namespace/name and cluster-scoped ones as Kind/name', () => {
    expect(objectKey({ kind: 'Service', namespace: 'openshift-cnv', name: 'm' })).toBe(
      'Service/openshift-cnv/m',
    );
    expect(objectKey({ kind: 'MachineConfig', name: '90-worker-swap-online' })).toBe(
      'MachineConfig/90-worker-swap-online',
    );
  });

  it('derives the group/version/kind of an object', () => {
    expect(gvkOf({ apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged' })).toEqual({
      group: 'hco.kubevirt.io',
      version: 'v1',
      kind: 'HyperConverged',
    });
  });
});
