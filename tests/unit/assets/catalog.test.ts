import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { NODE_TUNING_KINDS } from '../../../operator/assets/pools.js';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import { objectKey, splitApiVersion, type KubeObject } from '../../../operator/kube/types.js';
import { loadCrds, schemaProblems } from './support/crd-schema.js';
import { ALL_HARDWARE, contextFor, FIXTURES_DIR, realCatalog, TEMPLATES_DIR } from './support/fixtures.js';

const catalog = realCatalog();
const crds = loadCrds(path.join(FIXTURES_DIR, 'crds'));
/** Built-in kinds an asset may render, and whether they are namespaced. */
const BUILT_IN_NAMESPACED = new Map([
  ['v1/Service', true],
  ['v1/ConfigMap', true],
  ['v1/ServiceAccount', true],
  ['v1/Namespace', false],
  ['apps/v1/DaemonSet', true],
  ['rbac.authorization.k8s.io/v1/ClusterRole', false],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', false],
  ['rbac.authorization.k8s.io/v1/Role', true],
  ['rbac.authorization.k8s.io/v1/RoleBinding', true],
]);
const BUILT_IN = new Set(BUILT_IN_NAMESPACED.keys());
/** The in-flight operation rule sets (asset ifo-<set>), in catalog order: fixed names. */
const RULE_SETS = [
  'datavolume-rules',
  'volumesnapshot-rules',
  'fenceagentsremediation-rules',
  'nodemaintenance-rules',
  'plan-rules',
  'hco-rules',
  'kubevirt-rules',
  'cdi-rules',
  'cnao-rules',
  'ssp-rules',
  'hpp-rules',
  'aaq-rules',
  'vm-lifecycle-rules',
  'vmi-rules',
  'vmim-rules',
  'vm-snapshot-rules',
  'vm-restore-rules',
  'vm-clone-rules',
  'vm-export-rules',
  'nncp-rules',
  'nnce-rules',
  'velero-backup-rules',
  'velero-restore-rules',
  'velero-deletebackuprequest-rules',
  'velero-podvolumebackup-rules',
  'velero-podvolumerestore-rules',
  'velero-dataupload-rules',
  'velero-datadownload-rules',
  'subscription-rules',
  'installplan-rules',
  'csv-rules',
  'clusterversion-rules',
  'clusteroperator-rules',
  'storageversionmigration-rules',
  'machineconfigpool-rules',
  'machine-rules',
  'machineset-rules',
  'build-rules',
];
const renderer = new TemplateRenderer(TEMPLATES_DIR);
const context = { ...contextFor('fully-opted-in', 'all-hardware'), hardware: ALL_HARDWARE };
const rendered: [string, KubeObject][] = catalog.assets.map((a) => [a.name, renderer.render(a, context)!]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [path.relative(TEMPLATES_DIR, full)];
  });
}

describe('the asset catalog', () => {
  it('holds the fixed asset names with their kind, order, tier and install mode', () => {
    const table = catalog.assets.map((a) => [a.name, a.component, a.reconcileOrder, a.tier, a.install]);

    expect(table).toEqual([
      ['hco-golden-config', 'HyperConverged', 0, '0', 'always'],
      ['metrics-service', 'Service', 1, 'always-on', 'always'],
      ['metrics-servicemonitor', 'ServiceMonitor', 1, 'always-on', 'always'],
      ['prometheus-alerts', 'PrometheusRule', 1, 'always-on', 'always'],
      ['autopilot-dashboard', 'PersesDashboard', 1, 'always-on', 'always'],
      ['node-disruption-policy', 'MachineConfiguration', 1, 'always-on', 'always'],
      ['swap-enable', 'MachineConfig', 1, 'always-on', 'always'],
      ['swap-enable-master', 'MachineConfig', 1, 'always-on', 'always'],
      ['numa', 'MachineConfig', 1, 'always-on', 'opt-in'],
      ['numa-master', 'MachineConfig', 1, 'always-on', 'opt-in'],
      ['pci-passthrough', 'MachineConfig', 1, 'always-on', 'opt-in'],
      ['pci-passthrough-master', 'MachineConfig', 1, 'always-on', 'opt-in'],
      ['kubelet-tunings', 'KubeletConfig', 1, 'always-on', 'always'],
      ['kubelet-tunings-master', 'KubeletConfig', 1, 'always-on', 'always'],
      ['thp-tuning', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['thp-tuning-master', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['ksm-zero-only', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['ksm-zero-only-master', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['vm-drain-shutdown-inhibitor', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['vm-drain-shutdown-inhibitor-master', 'MachineConfig', 1, 'advanced', 'opt-in'],
      ['psi-enable', 'MachineConfig', 1, 'context-aware', 'opt-in'],
      ['psi-enable-master', 'MachineConfig', 1, 'context-aware', 'opt-in'],
      ['mtv-operator', 'ForkliftController', 1, 'always-on', 'opt-in'],
      ['metallb-operator', 'MetalLB', 1, 'always-on', 'opt-in'],
      ['observability-ui-plugin', 'UIPlugin', 1, 'always-on', 'opt-in'],
      ['troubleshooting-panel-ui-plugin', 'UIPlugin', 1, 'always-on', 'opt-in'],
      ['sbr-detection-config', 'StorageBasedRemediationConfig', 1, 'advanced', 'opt-in'],
      ['logging-collector-service-account', 'ServiceAccount', 1, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-namespace', 'Namespace', 1, 'advanced', 'opt-in'],
      ['ksm-cluster-monitoring', 'ConfigMap', 2, 'advanced', 'opt-in'],
      ['node-health-check', 'NodeHealthCheck', 2, 'always-on', 'always'],
      ['logging-collector-application', 'ClusterRoleBinding', 2, 'advanced', 'opt-in'],
      ['logging-collector-infrastructure', 'ClusterRoleBinding', 2, 'advanced', 'opt-in'],
      ['logging-collector-writer', 'ClusterRoleBinding', 2, 'advanced', 'opt-in'],
      ['logging-collector-audit', 'ClusterRoleBinding', 2, 'advanced', 'opt-in'],
      ['logging-lokistack', 'LokiStack', 2, 'advanced', 'opt-in'],
      ['descheduler-loadaware', 'KubeDescheduler', 2, 'context-aware', 'opt-in'],
      ['descheduler-dashboard', 'PersesDashboard', 2, 'context-aware', 'opt-in'],
      ['kubevirt-metrics-exporter-serviceaccount', 'ServiceAccount', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-clusterrole', 'ClusterRole', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-clusterrolebinding', 'ClusterRoleBinding', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-scc', 'SecurityContextConstraints', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-scc-clusterrole', 'ClusterRole', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-scc-rolebinding', 'RoleBinding', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-prometheus-clusterrole', 'ClusterRole', 2, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-prometheus-rolebinding', 'RoleBinding', 2, 'advanced', 'opt-in'],
      ['logging-forwarder', 'ClusterLogForwarder', 3, 'advanced', 'opt-in'],
      ['logging-ui-plugin', 'UIPlugin', 3, 'advanced', 'opt-in'],
      ['vfio-device-assignment', 'MachineConfig', 3, 'advanced', 'opt-in'],
      ['vfio-device-assignment-master', 'MachineConfig', 3, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-daemonset', 'DaemonSet', 3, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-podmonitor', 'PodMonitor', 3, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-prometheusrule', 'PrometheusRule', 3, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-datasource', 'PersesDatasource', 3, 'advanced', 'opt-in'],
      ['kubevirt-metrics-exporter-dashboard', 'PersesDashboard', 3, 'advanced', 'opt-in'],
      ...RULE_SETS.map((set) => [`ifo-${set}`, 'OperationRuleSet', 20, 'advanced', 'opt-in']),
    ]);
  });

  it('targets each node tuning at the worker pool, and at the master pool where it is safe', () => {
    const nodeTunings = catalog.assets.filter((a) => a.pool !== undefined);
    const table = nodeTunings.map((a) => [
      a.name,
      a.pool,
      a.conditions.some((c) => c.type === 'unsafe-pool') ? 'unsafe' : 'applies',
    ]);

    expect(table).toEqual([
      ['swap-enable', 'worker', 'applies'],
      ['swap-enable-master', 'master', 'unsafe'],
      ['numa', 'worker', 'applies'],
      ['numa-master', 'master', 'applies'],
      ['pci-passthrough', 'worker', 'applies'],
      ['pci-passthrough-master', 'master', 'applies'],
      ['kubelet-tunings', 'worker', 'applies'],
      ['kubelet-tunings-master', 'master', 'applies'],
      ['thp-tuning', 'worker', 'applies'],
      ['thp-tuning-master', 'master', 'applies'],
      ['ksm-zero-only', 'worker', 'applies'],
      ['ksm-zero-only-master', 'master', 'applies'],
      ['vm-drain-shutdown-inhibitor', 'worker', 'applies'],
      ['vm-drain-shutdown-inhibitor-master', 'master', 'unsafe'],
      ['psi-enable', 'worker', 'applies'],
      ['psi-enable-master', 'master', 'applies'],
      ['vfio-device-assignment', 'worker', 'applies'],
      ['vfio-device-assignment-master', 'master', 'applies'],
    ]);
    // Every node tuning is a pool variant: none reaches only the worker pool by omission (that pool
    // is empty on compact and single-node clusters), and one KubeletConfig per pool.
    expect(
      catalog.assets
        .filter((a) => NODE_TUNING_KINDS.includes(a.component) && a.pool === undefined)
        .map((a) => a.name),
    ).toEqual([]);
  });

  it('renders one KubeletConfig per pool, every kubelet tuning a section of it', () => {
    const kubeletConfigs = catalog.assets.filter((a) => a.component === 'KubeletConfig');

    expect(kubeletConfigs.map((a) => [a.name, a.pool])).toEqual([
      ['kubelet-tunings', 'worker'],
      ['kubelet-tunings-master', 'master'],
    ]);
    expect(kubeletConfigs.every((a) => a.features.some((f) => f.name === 'cpu-manager'))).toBe(true);
  });

  it('groups the monitoring assets, the MachineConfigs and the operator CRs for the allowlist', () => {
    const members = (group: string): string[] =>
      catalog.assets.filter((a) => a.group === group).map((a) => a.name);

    expect(members('observability')).toEqual([
      'metrics-service',
      'metrics-servicemonitor',
      'prometheus-alerts',
      'autopilot-dashboard',
    ]);
    // PSI belongs to the load-aware descheduler it serves; every other MachineConfig is here, with
    // the disruption policy for their files.
    expect(members('machine-config').sort()).toEqual(
      catalog.assets
        .filter(
          (a) =>
            (a.component === 'MachineConfig' && a.family !== 'psi-enable') ||
            a.component === 'MachineConfiguration',
        )
        .map((a) => a.name)
        .sort(),
    );
    expect(members('operators')).toEqual([
      'mtv-operator',
      'metallb-operator',
      'observability-ui-plugin',
      'troubleshooting-panel-ui-plugin',
    ]);
    expect(members('remediation')).toEqual(['sbr-detection-config', 'node-health-check']);
    expect(members('descheduler')).toEqual([
      'psi-enable',
      'psi-enable-master',
      'descheduler-loadaware',
      'descheduler-dashboard',
    ]);
    expect(members('logging')).toEqual([
      'logging-collector-service-account',
      'logging-collector-application',
      'logging-collector-infrastructure',
      'logging-collector-writer',
      'logging-collector-audit',
      'logging-lokistack',
      'logging-forwarder',
      'logging-ui-plugin',
    ]);
    expect(catalog.get('hco-golden-config')?.group).toBeUndefined();
  });

  it('has unique asset names', () => {
    const names = catalog.assets.map((a) => a.name);

    expect(new Set(names).size).toBe(names.length);
  });

  it('uses every template file it ships, and ships every template it names', () => {
    const templates = filesUnder(TEMPLATES_DIR).filter((f) => f.endsWith('.njk'));
    const named = catalog.assets.map((a) => a.template);

    expect(templates.sort()).toEqual([...new Set(named.filter((t) => t.endsWith('.njk')))].sort());
    for (const t of named) expect(filesUnder(TEMPLATES_DIR)).toContain(t);
  });

  it('switches every opt-in asset on through a user-controlled condition (annotation or feature gate)', () => {
    const optIn = catalog.assets.filter((a) => a.install === 'opt-in');

    for (const asset of optIn) {
      expect([
        asset.name,
        asset.conditions.some((c) => c.type === 'annotation' || c.type === 'feature-gate'),
      ]).toEqual([asset.name, true]);
    }
    // An always-installed node tuning's master variant waits for a topology, or is judged unsafe there.
    const poolConditions = new Set(['topology', 'unsafe-pool']);
    expect(
      catalog.assets
        .filter((a) => a.install === 'always')
        .every((a) => a.conditions.every((c) => a.pool === 'master' && poolConditions.has(c.type))),
    ).toBe(true);
  });

  it('names only platform.kubevirt.io annotations, switched on with exactly "true"', () => {
    const conditions = catalog.assets.flatMap((a) => [
      ...a.conditions,
      ...a.features.flatMap((f) => f.conditions),
    ]);

    for (const c of conditions.filter((x) => x.type === 'annotation')) {
      expect(c).toEqual({
        type: 'annotation',
        key: expect.stringMatching(/^platform\.kubevirt\.io\/enable-/),
        value: 'true',
      });
    }
  });

  it.each(catalog.assets.map((a) => [a.name, a.apiVersion, a.component]))(
    '%s renders %s %s, a built-in kind or one whose CRD is in tests/fixtures/crds',
    (_name, apiVersion, kind) => {
      const { group, version } = splitApiVersion(apiVersion);

      expect(BUILT_IN.has(`${apiVersion}/${kind}`) || crds.has(`${group}/${version}/${kind}`)).toBe(true);
    },
  );

  it("treats the cluster MachineConfiguration as shared (never marked as ours), and lists the KSM script's entry under the same conditions as the asset that writes it", () => {
    const asset = (name: string) => catalog.assets.find((a) => a.name === name);
    const policy = asset('node-disruption-policy');

    expect(policy?.shared).toBe(true);
    expect(catalog.assets.filter((a) => a.shared).map((a) => a.name)).toEqual(['node-disruption-policy']);
    expect(policy?.features.find((f) => f.name === 'ksm-zero-only')?.conditions).toEqual(
      asset('ksm-zero-only')?.conditions,
    );
  });

  it('never renders the same object from two assets', () => {
    const keys = rendered.map(([, obj]) => `${obj.apiVersion} ${objectKey({ ...obj, ...obj.metadata })}`);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(rendered)('%s sets a namespace exactly when its kind is namespaced', (_name, obj) => {
    const { group, version } = splitApiVersion(obj.apiVersion);
    const crd = crds.get(`${group}/${version}/${obj.kind}`);
    const namespaced = crd ? crd.namespaced : BUILT_IN_NAMESPACED.get(`${obj.apiVersion}/${obj.kind}`);

    expect(typeof obj.metadata.namespace === 'string').toBe(namespaced);
  });

  it.each(rendered.filter(([, obj]) => !BUILT_IN.has(`${obj.apiVersion}/${obj.kind}`)))(
    '%s matches its CRD schema: types (no YAML boolean for a string), enums, required fields, no pruned field',
    (_name, obj) => {
      const { group, version } = splitApiVersion(obj.apiVersion);
      const crd = crds.get(`${group}/${version}/${obj.kind}`);

      expect(crd).toBeDefined();
      expect(schemaProblems(obj, crd!.schema)).toEqual([]);
    },
  );

  it('the schema check catches a boolean in a string field (it can fail)', () => {
    const crd = crds.get('forklift.konveyor.io/v1beta1/ForkliftController')!;
    const bad = {
      apiVersion: 'x',
      kind: 'ForkliftController',
      metadata: {},
      spec: { feature_ui_plugin: true },
    };

    expect(schemaProblems(bad, crd.schema)).toEqual([
      '/spec/feature_ui_plugin: true is not one of ["true","false"]',
      '/spec/feature_ui_plugin: is boolean (true), the schema says string',
    ]);
  });
});
