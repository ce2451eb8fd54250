import { describe, expect, it } from '@jest/globals';
import { CatalogError, parseCatalog } from '../../../operator/assets/catalog.js';
import { featureStates, summarizeFeatures } from '../../../operator/assets/feature-status.js';
import { realCatalog } from './support/fixtures.js';

const ASSETS = `assets:
  - name: hco
    template: hco.yaml
    component: HyperConverged
    api_version: hco.kubevirt.io/v1
    reconcile_order: 0
    tier: '0'
    install: always
    features:
      - name: usb
        conditions:
          - { type: annotation, key: example.io/enable-usb, value: 'true' }
          - { type: hardware, detector: usbDevicesPresent }
  - name: swap
    template: swap.yaml
    component: MachineConfig
    api_version: machineconfiguration.openshift.io/v1
    reconcile_order: 1
    tier: always-on
    install: always
  - name: numa
    template: numa.yaml
    component: MachineConfig
    api_version: machineconfiguration.openshift.io/v1
    reconcile_order: 1
    tier: always-on
    install: opt-in
    conditions:
      - { type: annotation, key: example.io/enable-numa, value: 'true' }
      - { type: feature-gate, name: NUMA }
`;
const feature = (name: string, members: string, extra = ', maturity: DP'): string =>
  `  - { name: ${name}, title: T ${name}, description: D, ${members}${extra} }\n`;
const VALID =
  feature('base', 'assets: [hco, swap]', ', maturity: GA') +
  feature('usb', 'sections: [hco/usb]', ', maturity: DP, settings: [example.io/usb-devices]') +
  feature('numa', 'assets: [numa]', ', maturity: DP, requires: [NUMA Operator]');
const parse = (features: string) => parseCatalog(`${ASSETS}features:\n${features}`);

describe('the feature catalog', () => {
  it.each<[string, string, RegExp]>([
    [
      'an asset no feature lists',
      feature('base', 'assets: [hco]') +
        feature('usb', 'sections: [hco/usb]') +
        feature('numa', 'assets: [numa]'),
      /no feature lists swap/,
    ],
    ['a section no feature lists', feature('base', 'assets: [hco, swap, numa]'), /no feature lists hco\/usb/],
    [
      'an asset listed twice',
      VALID + feature('again', 'assets: [swap]'),
      /swap is listed by more than one feature \(base, again\)/,
    ],
    [
      'an unknown asset',
      VALID + feature('ghost', 'assets: [ghost]'),
      /features\[3\] \(ghost\): assets: ghost is not in the catalog/,
    ],
    [
      'an unknown section',
      VALID + feature('ghost', 'sections: [hco/ghost]'),
      /sections: hco\/ghost must be <asset>\/<section>/,
    ],
    [
      'an unknown maturity',
      VALID.replace('maturity: GA', 'maturity: beta'),
      /maturity must be one of GA, TP, DP/,
    ],
    ['no members', VALID + feature('empty', 'requires: [x]'), /needs at least one of assets or sections/],
    ['an unknown key', VALID.replace('settings:', 'setting:'), /unknown key setting/],
    ['a name used twice', VALID + feature('base', 'sections: [hco/usb]'), /feature name base is used twice/],
  ])('rejects %s', (_what, features, message) => {
    expect(() => parse(features)).toThrow(CatalogError);
    expect(() => parse(features)).toThrow(message);
  });

  it('derives install, switches, hardware needs and annotations from the members', () => {
    const summaries = summarizeFeatures(parse(VALID));

    expect(
      summaries.map((f) => [f.name, f.maturity, f.install, f.optIn, f.needs, f.annotations, f.kinds]),
    ).toEqual([
      ['base', 'GA', 'always', [], [], [], ['HyperConverged', 'MachineConfig']],
      [
        'numa',
        'DP',
        'opt-in',
        ['example.io/enable-numa=true', 'featureGate:NUMA'],
        [],
        ['example.io/enable-numa'],
        ['MachineConfig'],
      ],
      [
        'usb',
        'DP',
        'opt-in',
        ['example.io/enable-usb=true'],
        ['hardware:usbDevicesPresent'],
        ['example.io/enable-usb', 'example.io/usb-devices'],
        [],
      ],
    ]);
  });

  it('says a feature is on, partial or off from which of its members are delivered', () => {
    const summaries = summarizeFeatures(parse(VALID));
    const delivered = new Set(['hco', 'hco/usb']);

    const states = featureStates(summaries, (member) => delivered.has(member));

    expect(states.map((s) => [s.name, s.state, s.off])).toEqual([
      ['base', 'partial', ['swap']],
      ['numa', 'off', ['numa']],
      ['usb', 'on', []],
    ]);
  });

  it('covers every asset and template section of the shipped catalog', () => {
    const catalog = realCatalog();

    const members = summarizeFeatures(catalog).flatMap((f) => [...f.assets, ...f.sections]);

    // A node tuning's pool variants are covered by their catalog entry (the worker variant's name).
    const entries = catalog.assets.filter((a) => a.family === undefined || a.family === a.name);
    const expected = entries.flatMap((a) => [a.name, ...a.features.map((s) => `${a.name}/${s.name}`)]);
    expect([...members].sort()).toEqual([...expected].sort());
    expect(new Set(members).size).toBe(members.length);
  });
});
