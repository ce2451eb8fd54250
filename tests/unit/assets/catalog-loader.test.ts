import { describe, expect, it } from '@jest/globals';
import { CatalogError, parseCatalog } from '../../../operator/assets/catalog.js';

const VALID_ENTRY = `
  - name: swap-enable
    template: machine-config/swap-enable.yaml.njk
    component: MachineConfig
    api_version: machineconfiguration.openshift.io/v1
    reconcile_order: 1
    tier: always-on
    install: always`;

/** A one-asset catalog whose entry is VALID_ENTRY with `line` replaced or appended. */
function withEntry(change: (entry: string) => string): string {
  return `assets:${change(VALID_ENTRY)}\n`;
}

function errorOf(text: string, templateExists?: (t: string) => boolean): string {
  try {
    parseCatalog(text, templateExists ? { templateExists } : {});
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return (err as Error).message;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('the catalog loader', () => {
  it('reads a valid entry into an asset definition with defaults for the optional fields', () => {
    const catalog = parseCatalog(withEntry((e) => e));

    expect(catalog.assets).toEqual([
      {
        name: 'swap-enable',
        template: 'machine-config/swap-enable.yaml.njk',
        component: 'MachineConfig',
        apiVersion: 'machineconfiguration.openshift.io/v1',
        reconcileOrder: 1,
        tier: 'always-on',
        install: 'always',
        params: {},
        conditions: [],
        gateKinds: [],
        features: [],
      },
    ]);
    expect(catalog.get('swap-enable')).toBe(catalog.assets[0]);
    expect(catalog.get('nope')).toBeUndefined();
  });

  it('expands pools into one asset per pool: the worker variant keeps the name, the master variant waits for schedulable control-plane nodes', () => {
    const catalog = parseCatalog(
      withEntry((e) => `${e}\n    pools: [worker, { pool: master, unsafe: etcd would swap }]`),
    );

    expect(catalog.assets.map((a) => [a.name, a.family, a.pool, a.params, a.conditions])).toEqual([
      ['swap-enable', 'swap-enable', 'worker', { pool: 'worker', poolSuffix: '' }, []],
      [
        'swap-enable-master',
        'swap-enable',
        'master',
        { pool: 'master', poolSuffix: '-master' },
        [
          { type: 'topology', field: 'hasSchedulableMasters' },
          { type: 'unsafe-pool', pool: 'master', reason: 'etcd would swap' },
        ],
      ],
    ]);
  });

  it('reads every condition type, params, a group and features', () => {
    const catalog = parseCatalog(
      withEntry(
        (e) => `${e.replace('install: always', 'install: opt-in')}
    group: machine-config
    params: { role: worker }
    conditions:
      - { type: annotation, key: platform.kubevirt.io/enable-x, value: "true" }
      - { type: annotation, key: platform.kubevirt.io/present }
      - { type: feature-gate, name: CPUManager }
      - { type: hardware, detector: vfioCapable }
      - { type: topology, field: isCompact, value: false }
      - { type: hco-field-unconfigured, path: spec.virtualization.ksmConfiguration }
      - { type: image, key: kubevirt-metrics-exporter }
    gate_kinds:
      - { api_version: operator.openshift.io/v1, kind: KubeDescheduler }
    features:
      - name: extra
        conditions: [{ type: topology, field: isHCP }]
        gate_kinds: [{ api_version: perses.dev/v1alpha2, kind: PersesDashboard }]`,
      ),
    );

    const asset = catalog.assets[0];
    expect(asset?.group).toBe('machine-config');
    expect(asset?.params).toEqual({ role: 'worker' });
    expect(asset?.conditions).toEqual([
      { type: 'annotation', key: 'platform.kubevirt.io/enable-x', value: 'true' },
      { type: 'annotation', key: 'platform.kubevirt.io/present' },
      { type: 'feature-gate', name: 'CPUManager' },
      { type: 'hardware', detector: 'vfioCapable' },
      { type: 'topology', field: 'isCompact', value: false },
      { type: 'hco-field-unconfigured', path: 'spec.virtualization.ksmConfiguration' },
      { type: 'image', key: 'kubevirt-metrics-exporter' },
    ]);
    expect(asset?.gateKinds).toEqual([
      { group: 'operator.openshift.io', version: 'v1', kind: 'KubeDescheduler' },
    ]);
    expect(asset?.features).toEqual([
      {
        name: 'extra',
        conditions: [{ type: 'topology', field: 'isHCP' }],
        gateKinds: [{ group: 'perses.dev', version: 'v1alpha2', kind: 'PersesDashboard' }],
      },
    ]);
  });

  it('reads merge_yaml, the string field whose YAML document is merged into the live one', () => {
    const catalog = parseCatalog(withEntry((e) => `${e}\n    merge_yaml: data.config.yaml`));

    expect(catalog.assets[0]?.mergeYaml).toBe('data.config.yaml');
  });

  it('reads shared: true, and leaves it off an entry without it', () => {
    const catalog = parseCatalog(withEntry((e) => `${e}\n    shared: true`));

    expect(catalog.assets[0]?.shared).toBe(true);
    expect(parseCatalog(withEntry((e) => e)).assets[0]).not.toHaveProperty('shared');
  });

  it('sorts by reconcile order and keeps file order within equal orders', () => {
    const entry = (name: string, order: number): string =>
      VALID_ENTRY.replace('swap-enable', name).replace('reconcile_order: 1', `reconcile_order: ${order}`);

    const catalog = parseCatalog(`assets:${entry('c', 2)}${entry('a', 1)}${entry('d', 2)}${entry('b', 1)}\n`);

    expect(catalog.assets.map((a) => a.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it.each([
    [
      'a non-integer order',
      (e: string) => e.replace('reconcile_order: 1', 'reconcile_order: "1"'),
      'catalog.yaml: assets[0] (swap-enable): reconcile_order must be an integer',
    ],
    [
      'a fractional order',
      (e: string) => e.replace('reconcile_order: 1', 'reconcile_order: 1.5'),
      'catalog.yaml: assets[0] (swap-enable): reconcile_order must be an integer',
    ],
    [
      'an unknown tier',
      (e: string) => e.replace('tier: always-on', 'tier: sometimes'),
      'catalog.yaml: assets[0] (swap-enable): tier must be one of "0", "always-on", "context-aware", "advanced"',
    ],
    [
      'an unknown install mode',
      (e: string) => e.replace('install: always', 'install: maybe'),
      'catalog.yaml: assets[0] (swap-enable): install must be "always" or "opt-in"',
    ],
    [
      'a missing component',
      (e: string) => e.replace('    component: MachineConfig\n', ''),
      'catalog.yaml: assets[0] (swap-enable): component must be a Kind (UpperCamelCase)',
    ],
    [
      'a bad api_version',
      (e: string) => e.replace('machineconfiguration.openshift.io/v1', 'Machine/V1'),
      'catalog.yaml: assets[0] (swap-enable): api_version must be group/version or a core version',
    ],
    [
      'an unknown key',
      (e: string) => `${e}\n    reconcileOrder: 1`,
      'catalog.yaml: assets[0] (swap-enable): unknown key reconcileOrder',
    ],
    [
      'a non-string param',
      (e: string) => `${e}\n    params: { replicas: 3 }`,
      'catalog.yaml: assets[0] (swap-enable): params.replicas must be a string (quote it)',
    ],
    [
      'an opt-in asset without conditions',
      (e: string) => e.replace('install: always', 'install: opt-in'),
      'catalog.yaml: assets[0] (swap-enable): install opt-in needs at least one condition (otherwise the asset never applies)',
    ],
    [
      'an unknown condition type',
      (e: string) => `${e}\n    conditions: [{ type: weather, sky: blue }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0].type must be one of annotation, feature-gate, hardware, topology, hco-field-unconfigured, image',
    ],
    [
      'an unquoted annotation value',
      (e: string) => `${e}\n    conditions: [{ type: annotation, key: a.io/b, value: true }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0].value must be a string (quote it: "true")',
    ],
    [
      'an unknown detector',
      (e: string) => `${e}\n    conditions: [{ type: hardware, detector: fpga }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0].detector must be one of pciDevicesPresent, numaNodesPresent, vfioCapable, usbDevicesPresent, gpuPresent',
    ],
    [
      'a non-boolean topology fact',
      (e: string) => `${e}\n    conditions: [{ type: topology, field: masterCount }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0].field must be a boolean topology fact: isHCP, isCompact, hasSchedulableMasters, isBareMetal',
    ],
    [
      'a condition key of another type',
      (e: string) => `${e}\n    conditions: [{ type: feature-gate, name: X, key: y }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0]: unknown key key for a feature-gate condition',
    ],
    [
      'pools on a kind that is not a node tuning',
      (e: string) =>
        `${e.replace('component: MachineConfig', 'component: Service').replace('machineconfiguration.openshift.io/v1', 'v1')}\n    pools: [worker]`,
      'catalog.yaml: assets[0] (swap-enable): pools only applies to MachineConfig and KubeletConfig',
    ],
    [
      'an unknown pool',
      (e: string) => `${e}\n    pools: [worker, infra]`,
      'catalog.yaml: assets[0] (swap-enable): pools[1] must name one of worker, master',
    ],
    [
      'pools without the worker pool',
      (e: string) => `${e}\n    pools: [master]`,
      'catalog.yaml: assets[0] (swap-enable): pools must target the worker pool (the nodes that run VMs in every topology but SNO and compact)',
    ],
    [
      'an unsafe pool without a reason',
      (e: string) => `${e}\n    pools: [worker, { pool: master, unsafe: '' }]`,
      'catalog.yaml: assets[0] (swap-enable): pools[1].unsafe must say why (a non-empty string)',
    ],
    [
      'a pool listed twice',
      (e: string) => `${e}\n    pools: [worker, worker]`,
      'catalog.yaml: assets[0] (swap-enable): pools[1]: worker is listed twice',
    ],
    [
      'a feature without conditions',
      (e: string) => `${e}\n    features: [{ name: usb }]`,
      'catalog.yaml: assets[0] (swap-enable): features[0].conditions must list at least one condition',
    ],
    [
      'an image key that RELATED_IMAGE_* cannot name',
      (e: string) => `${e}\n    conditions: [{ type: image, key: KME_Image }]`,
      'catalog.yaml: assets[0] (swap-enable): conditions[0].key must be an image key such as kubevirt-metrics-exporter',
    ],
    [
      'a merge_yaml path outside data or stringData',
      (e: string) => `${e}\n    merge_yaml: spec.config`,
      'catalog.yaml: assets[0] (swap-enable): merge_yaml must be a dotted path such as data.config.yaml',
    ],
    [
      'shared with a value other than true',
      (e: string) => `${e}\n    shared: 'yes'`,
      'catalog.yaml: assets[0] (swap-enable): shared must be true when given',
    ],
    [
      "an unshared asset of a shared asset's kind (that kind is watched whole)",
      (e: string) => `${e}\n    shared: true${e.replace('swap-enable', 'numa')}`,
      'catalog.yaml: asset numa: machineconfiguration.openshift.io/v1 MachineConfig is the kind of a shared asset; mark it shared too or pick another kind',
    ],
    [
      'a gate kind that is built in (always served)',
      (e: string) => `${e}\n    gate_kinds: [{ api_version: apps/v1, kind: DaemonSet }]`,
      'catalog.yaml: assets[0] (swap-enable): gate_kinds[0]: apps/v1 DaemonSet is a built-in kind, always served',
    ],
    [
      'a gate kind without a kind',
      (e: string) => `${e}\n    gate_kinds: [{ api_version: perses.dev/v1alpha2 }]`,
      'catalog.yaml: assets[0] (swap-enable): gate_kinds[0].kind must be a Kind (UpperCamelCase)',
    ],
    [
      'a template outside templates/',
      (e: string) => e.replace('machine-config/swap-enable.yaml.njk', '../etc/passwd'),
      'catalog.yaml: assets[0] (swap-enable): template ../etc/passwd must be a relative path inside templates/',
    ],
    [
      'order 0 on an asset that is not tier 0',
      (e: string) => e.replace('reconcile_order: 1', 'reconcile_order: 0'),
      'catalog.yaml: asset swap-enable: reconcile_order 0 and tier "0" go together (reserved for the HCO)',
    ],
  ])('rejects %s, naming the entry and the field', (_what, change, message) => {
    expect(errorOf(withEntry(change))).toBe(message);
  });

  it('rejects a template that does not exist', () => {
    expect(
      errorOf(
        withEntry((e) => e),
        () => false,
      ),
    ).toBe(
      'catalog.yaml: assets[0] (swap-enable): template machine-config/swap-enable.yaml.njk does not exist',
    );
  });

  it('rejects duplicate names and a group that shadows an asset name', () => {
    const second = VALID_ENTRY.replace('reconcile_order: 1', 'reconcile_order: 2');
    const shadow = VALID_ENTRY.replace('swap-enable', 'numa').concat('\n    group: swap-enable');

    expect(errorOf(`assets:${VALID_ENTRY}${second}\n`)).toBe(
      'catalog.yaml: asset name swap-enable is used twice',
    );
    expect(errorOf(`assets:${VALID_ENTRY}${shadow}\n`)).toBe(
      'catalog.yaml: asset numa: group swap-enable is also an asset name (the allowlist would be ambiguous)',
    );
  });

  it('reports every problem at once, one per line', () => {
    const message = errorOf(
      withEntry((e) => e.replace('tier: always-on', 'tier: x').replace('install: always', 'install: y')),
    );

    expect(message.split('\n')).toHaveLength(2);
  });

  it.each([
    ['not YAML', 'assets: [', /^catalog\.yaml: invalid YAML: /],
    ['no asset list', 'things: []', /^catalog\.yaml: assets must be a list/],
    [
      'a duplicate YAML key',
      `assets:${VALID_ENTRY}\n    tier: advanced\n`,
      /^catalog\.yaml: invalid YAML: Map keys must be unique/,
    ],
  ])('rejects a file that is %s', (_what, text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});
