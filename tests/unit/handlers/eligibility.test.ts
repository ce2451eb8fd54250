import { describe, expect, it } from '@jest/globals';
import type { AssetDefinition } from '../../../operator/assets/catalog.js';
import { buildRenderContext, contextForAsset } from '../../../operator/assets/context.js';
import {
  decideEligibility,
  gateKindsOf,
  wantedFeatureKinds,
} from '../../../operator/handlers/eligibility.js';
import type { AutopilotSelection } from '../../../operator/pipeline/decisions/autopilot.js';

const asset: AssetDefinition = {
  name: 'mtv-operator',
  template: 'operators/mtv-operator.yaml.njk',
  component: 'ForkliftController',
  apiVersion: 'forklift.konveyor.io/v1beta1',
  reconcileOrder: 1,
  tier: 'always-on',
  install: 'opt-in',
  group: 'operators',
  params: {},
  conditions: [{ type: 'annotation', key: 'platform.kubevirt.io/enable-mtv', value: 'true' }],
  gateKinds: [],
  features: [],
};

function contextWith(annotations: Record<string, string>) {
  const hco = {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: { name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv', annotations },
    spec: {},
  };
  return contextForAsset(buildRenderContext({ hco, nodes: [], env: {} }), asset);
}

const all: AutopilotSelection = { kind: 'all' };
const enabled = { 'platform.kubevirt.io/enable-mtv': 'true' };

describe('deciding whether an asset runs in a pass', () => {
  it.each([
    [
      'runs when selected, its conditions hold and its kind is served',
      all,
      enabled,
      true,
      { eligible: true },
    ],
    [
      'is skipped when the allowlist names neither it nor its group',
      { kind: 'allowlist', names: new Set(['swap-enable']) },
      enabled,
      true,
      { eligible: false, cause: 'allowlist' },
    ],
    [
      'runs when the allowlist names its group',
      { kind: 'allowlist', names: new Set(['operators']) },
      enabled,
      true,
      { eligible: true },
    ],
    ['is skipped when its condition is false', all, {}, true, { eligible: false, cause: 'conditions' }],
    [
      'reports a missing dependency only when it is otherwise enabled',
      all,
      enabled,
      false,
      { eligible: false, cause: 'missing-dependency' },
    ],
    [
      'does not report a missing dependency for an asset nobody enabled',
      all,
      {},
      false,
      { eligible: false, cause: 'conditions' },
    ],
  ] as const)('%s', (_case, selection, annotations, served, expected) => {
    const context = contextWith(annotations);

    const result = decideEligibility({
      asset,
      selection: selection as AutopilotSelection,
      context,
      served: () => served,
    });

    expect(result).toMatchObject(expected);
  });
});

describe('gate kinds: kinds besides its own that an asset needs served', () => {
  const gated: AssetDefinition = {
    ...asset,
    gateKinds: [{ group: 'operator.openshift.io', version: 'v1', kind: 'KubeDescheduler' }],
  };

  it.each([
    ['runs when its own kind and its gate kind are served', ['ForkliftController', 'KubeDescheduler'], true],
    ['is a missing dependency while only its gate kind is missing', ['ForkliftController'], false],
    ['is a missing dependency while only its own kind is missing', ['KubeDescheduler'], false],
  ] as const)('%s', (_case, servedKinds, eligible) => {
    const served = (gvk: { kind: string }): boolean => (servedKinds as readonly string[]).includes(gvk.kind);

    const result = decideEligibility({ asset: gated, selection: all, context: contextWith(enabled), served });

    expect(result.eligible).toBe(eligible);
  });

  it('names the gate kind that is not served in the reason', () => {
    const served = (gvk: { kind: string }): boolean => gvk.kind !== 'KubeDescheduler';

    const result = decideEligibility({ asset: gated, selection: all, context: contextWith(enabled), served });

    expect(result).toEqual({
      eligible: false,
      cause: 'missing-dependency',
      reason:
        'KubeDescheduler.v1.operator.openshift.io is not served (CRD missing) (a gate kind of this asset)',
    });
  });
});

describe('gate kinds of feature sections', () => {
  const far = {
    group: 'fence-agents-remediation.medik8s.io',
    version: 'v1alpha1',
    kind: 'FenceAgentsRemediationTemplate',
  };
  const withFeature: AssetDefinition = {
    ...asset,
    features: [
      {
        name: 'fenced',
        conditions: [
          { type: 'annotation', key: 'platform.kubevirt.io/enable-node-remediation', value: 'true' },
        ],
        gateKinds: [far],
      },
    ],
  };

  it.each([
    [
      'are wanted (reported when missing) once the user switched the section on',
      { 'platform.kubevirt.io/enable-node-remediation': 'true' },
      [far],
    ],
    ['are not wanted while the section is switched off', {}, []],
  ])('%s', (_case, annotations, expected) => {
    expect(wantedFeatureKinds(withFeature, contextWith(annotations))).toEqual(expected);
  });
});

describe('the gate kinds of a catalog', () => {
  it('lists every asset’s gate kinds and its feature sections’, in catalog order', () => {
    const gvk = (kind: string) => ({ group: 'example.com', version: 'v1', kind });
    const a: AssetDefinition = { ...asset, name: 'a', gateKinds: [gvk('A1')], features: [] };
    const b: AssetDefinition = {
      ...asset,
      name: 'b',
      gateKinds: [gvk('B1')],
      features: [
        {
          name: 'f',
          conditions: [],
          gateKinds: [gvk('F1'), gvk('F2')],
        } as AssetDefinition['features'][number],
      ],
    };

    expect(gateKindsOf([a, b]).map((k) => k.kind)).toEqual(['A1', 'B1', 'F1', 'F2']);
    expect(gateKindsOf([])).toEqual([]);
  });
});
