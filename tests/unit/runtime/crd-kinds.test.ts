import { describe, expect, it } from '@jest/globals';
import {
  keptChanged,
  kindsAwaitingDiscovery,
  kindsServedByCrds,
  metadataOnly,
  slimCrd,
} from '../../../operator/runtime/crd-kinds.js';
import { gvkKey, isBuiltIn, type GroupVersionKind, type KubeObject } from '../../../operator/kube/types.js';

/** `group/version/Kind` → its GroupVersionKind. */
const gvkOf = (key: string): GroupVersionKind => {
  const [group = '', version = '', kind = ''] = key.split('/');
  return { group, version, kind };
};

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

describe('CRD kinds: the edges', () => {
  it.each([
    ['snapshot.storage.k8s.io', true],
    ['k8s.io', false],
    ['example.k8s.io.evil.com', false],
  ])('group "%s" built in: %s', (group, expected) => {
    expect(isBuiltIn({ group, version: 'v1', kind: 'X' })).toBe(expected);
  });

  const base = crd({ established: 'True' });
  const spec = base.spec as Record<string, unknown>;
  it.each<[string, KubeObject, string[]]>([
    ['an Established status other than True', crd({ established: 'Unknown' }), []],
    [
      'another condition True but not Established',
      { ...base, status: { conditions: [{ type: 'NamesAccepted', status: 'True' }] } },
      [],
    ],
    ['no group', { ...base, spec: { ...spec, group: '' } }, []],
    ['no kind', { ...base, spec: { ...spec, names: {} } }, []],
    ['no versions', { ...base, spec: { ...spec, versions: undefined } }, []],
    ['a version without a name', { ...base, spec: { ...spec, versions: [{ served: true }] } }, []],
    [
      'every served version',
      crd({ established: 'True', versions: [{ name: 'v1alpha1' }, { name: 'v1', served: true }] }),
      ['hco.kubevirt.io/v1alpha1/HyperConverged', 'hco.kubevirt.io/v1/HyperConverged'],
    ],
    ['no status at all', { ...base, status: undefined }, []],
  ])('serves nothing wrong with %s', (_case, object, expected) => {
    expect([...kindsServedByCrds([object])]).toEqual(expected.map((k) => gvkKey(gvkOf(k))));
  });

  it('keeps only the metadata that keys and selects an object', () => {
    const full: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'n',
        namespace: 'ns',
        resourceVersion: '3',
        uid: 'u',
        labels: { a: 'b' },
        annotations: { big: 'x' },
        managedFields: [{}],
      },
      status: { images: [] },
    };

    expect(metadataOnly(full)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n', namespace: 'ns', resourceVersion: '3', uid: 'u', labels: { a: 'b' } },
    });
    expect(metadataOnly({ apiVersion: 'v1', kind: 'Node', metadata: {} })).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {},
    });
  });

  it('keeps what `keep` projects of the whole CRD, and nothing when it projects nothing', () => {
    const kept = slimCrd(crd({ established: 'True' }), (c) => (c.spec as { group: string }).group);
    const none = slimCrd(crd({ established: 'True' }), () => undefined);

    expect(kept.kept).toBe('hco.kubevirt.io');
    expect(none).not.toHaveProperty('kept');
    expect(slimCrd(crd({ established: 'True' }))).not.toHaveProperty('kept');
  });

  it('slims a CRD without spec or status to empty versions and conditions', () => {
    const slim = slimCrd({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {},
    });

    expect(slim.spec).toStrictEqual({ versions: [] });
    expect(slim.status).toStrictEqual({ conditions: [] });
  });

  it.each<[string, unknown, unknown, boolean]>([
    ['nothing kept on either', undefined, undefined, false],
    ['the same kept value', { v: 1 }, { v: 1 }, false],
    ['a new kept value', { v: 2 }, { v: 1 }, true],
    ['a kept value appears', { v: 1 }, undefined, true],
    ['a kept value goes', undefined, { v: 1 }, true],
  ])('kept changed when %s: %s', (_case, now, before, changed) => {
    const with_ = (kept: unknown): KubeObject => ({ ...base, ...(kept !== undefined ? { kept } : {}) });

    expect(keptChanged(with_(now), with_(before))).toBe(changed);
  });
});
