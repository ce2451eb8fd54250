import { describe, expect, it } from '@jest/globals';
import type { GroupVersionKind } from '../../../operator/kube/types.js';
import { realCatalog } from '../assets/support/fixtures.js';
import { hcoWith, namesWhere, renderOffline } from './support.js';

const ALWAYS = [
  'hco-golden-config',
  'metrics-service',
  'metrics-servicemonitor',
  'prometheus-alerts',
  'autopilot-dashboard',
  'node-disruption-policy',
  'swap-enable',
  'kubelet-tunings',
  'node-health-check',
];
const OPERATORS_AND_CONTEXT = [
  'thp-tuning',
  'ksm-zero-only',
  'vm-drain-shutdown-inhibitor',
  'psi-enable',
  'ksm-cluster-monitoring',
  'mtv-operator',
  'metallb-operator',
  'observability-ui-plugin',
  'troubleshooting-panel-ui-plugin',
  'sbr-detection-config',
  'descheduler-loadaware',
  'descheduler-dashboard',
  'logging-collector-service-account',
  'logging-collector-application',
  'logging-collector-infrastructure',
  'logging-collector-writer',
  'logging-collector-audit',
  'logging-lokistack',
  'logging-forwarder',
  'logging-ui-plugin',
  // The in-flight operation rule sets; the metrics exporter stays out (no RELATED_IMAGE_* here).
  ...realCatalog()
    .assets.filter((a) => a.group === 'in-flight-operations')
    .map((a) => a.name),
];

describe('renderAssets (the offline render)', () => {
  it.each<[string, Parameters<typeof renderOffline>[0], Parameters<typeof renderOffline>[1], string[]]>([
    ['includes only the always-on assets for a minimal HCO', 'minimal', [], ALWAYS],
    [
      'includes every opt-in whose hardware is absent except the hardware-gated ones',
      'fully-opted-in',
      'plain-workers',
      [...ALWAYS, ...OPERATORS_AND_CONTEXT],
    ],
    [
      'includes every asset when everything is opted in and every hardware fact is present',
      'fully-opted-in',
      'all-hardware',
      [...ALWAYS, 'numa', 'pci-passthrough', ...OPERATORS_AND_CONTEXT, 'vfio-device-assignment'],
    ],
  ])('%s', async (_case, hco, nodes, expected) => {
    const reports = await renderOffline(hco, nodes);

    expect(namesWhere(reports, true).sort()).toEqual([...expected].sort());
  });

  it('gives the unmet condition as the reason, naming missing hardware', async () => {
    const reports = await renderOffline('fully-opted-in', 'plain-workers');

    const numa = reports.find((r) => r.asset === 'numa');
    expect(numa).toMatchObject({ included: false, cause: 'conditions', kind: 'MachineConfig' });
    expect(numa?.reason).toBe('hardware numaNodesPresent not detected');
  });

  it('holds the assets whose HCO annotation values are malformed, naming the annotation', async () => {
    const reports = await renderOffline('bad-values', 'all-hardware');

    const held = reports.filter((r) => r.cause === 'held');
    expect(held.map((r) => [r.asset, r.annotation])).toEqual([
      ['hco-golden-config', 'platform.kubevirt.io/usb-host-devices'],
      ['sbr-detection-config', 'platform.kubevirt.io/sbr-storage-class'],
      ['logging-lokistack', 'platform.kubevirt.io/logging-storage-type'],
      ['vfio-device-assignment', 'platform.kubevirt.io/vfio-device-ids'],
    ]);
    expect(held[3]?.reason).toMatch(/"10de:zz" is not a PCI vendor:device pair/);
  });

  it('targets the master pool too when control-plane nodes run workloads, except where unsafe', async () => {
    const reports = await renderOffline('fully-opted-in', 'single-node');

    expect(namesWhere(reports, true).filter((n) => n.endsWith('-master'))).toEqual([
      'numa-master',
      'pci-passthrough-master',
      'kubelet-tunings-master',
      'thp-tuning-master',
      'ksm-zero-only-master',
      'psi-enable-master',
      'vfio-device-assignment-master',
    ]);
    expect(reports.find((r) => r.asset === 'kubelet-tunings-master')?.name).toBe('virt-kubelet-master');
    expect(reports.find((r) => r.asset === 'swap-enable-master')?.reason).toMatch(
      /^not safe on the master pool: LimitedSwap lets Burstable pods swap/,
    );
  });

  it('keeps node tunings off the master pool while control-plane nodes run no workloads', async () => {
    const reports = await renderOffline('fully-opted-in', 'all-hardware');

    const masters = reports.filter((r) => r.asset.endsWith('-master'));
    expect(masters.map((r) => [r.included, r.reason])).toEqual(
      masters.map(() => [false, 'topology hasSchedulableMasters is false']),
    );
  });

  it('selects every pool variant of a node tuning through its catalog name in the allowlist', async () => {
    const reports = await renderOffline(
      hcoWith('minimal', { 'platform.kubevirt.io/autopilot': 'kubelet-tunings' }),
      'compact',
    );

    expect(namesWhere(reports, true)).toEqual(['kubelet-tunings', 'kubelet-tunings-master']);
  });

  it('excludes every asset with its reason when the autopilot is switched off', async () => {
    const reports = await renderOffline(
      hcoWith('fully-opted-in', { 'platform.kubevirt.io/autopilot': 'false' }),
    );

    expect(namesWhere(reports, true)).toEqual([]);
    expect(new Set(reports.map((r) => r.cause))).toEqual(new Set(['autopilot-off']));
  });

  it('includes only the listed assets and groups of an allowlist', async () => {
    const reports = await renderOffline(
      hcoWith('minimal', { 'platform.kubevirt.io/autopilot': 'observability, swap-enable' }),
    );

    expect(namesWhere(reports, true)).toEqual([
      'metrics-service',
      'metrics-servicemonitor',
      'prometheus-alerts',
      'autopilot-dashboard',
      'swap-enable',
    ]);
    expect(reports.find((r) => r.asset === 'kubelet-tunings')?.cause).toBe('allowlist');
  });

  it('excludes an object a disabled-resources rule matches, with the rule and the rendered name', async () => {
    const hco = hcoWith('minimal', {
      'platform.kubevirt.io/disabled-resources': 'MachineConfig/90-worker-*',
    });

    const reports = await renderOffline(hco);

    expect(reports.find((r) => r.asset === 'swap-enable')).toMatchObject({
      included: false,
      cause: 'disabled-resources',
      name: '90-worker-swap-online',
      reason: 'matches disabled-resources rule MachineConfig/90-worker-*',
    });
  });

  it('holds every rendered asset when the disabled-resources list is malformed (fails closed)', async () => {
    const hco = hcoWith('minimal', { 'platform.kubevirt.io/disabled-resources': '- {kind: 5}' });

    const reports = await renderOffline(hco);

    expect(namesWhere(reports, true)).toEqual([]);
    expect(reports.filter((r) => r.cause === 'held').map((r) => r.asset)).toEqual(ALWAYS_IN_ORDER);
  });

  it('reports a kind the cluster does not serve as a missing dependency', async () => {
    const served = (gvk: GroupVersionKind): boolean => gvk.group !== 'monitoring.coreos.com';

    const reports = await renderOffline('minimal', [], served as () => boolean);

    const missing = reports.filter((r) => r.cause === 'missing-dependency');
    expect(missing.map((r) => r.asset)).toEqual(['metrics-servicemonitor', 'prometheus-alerts']);
    expect(missing[0]?.reason).toBe('ServiceMonitor.v1.monitoring.coreos.com is not served (CRD missing)');
  });

  it('adds the ownership marks to every included object but a shared one, as the operator applies it', async () => {
    const reports = await renderOffline('minimal');
    const marks = (r: (typeof reports)[number]): [unknown, unknown] => [
      r.object?.metadata.labels?.['platform.kubevirt.io/managed-by'],
      r.object?.metadata.annotations?.['platform.kubevirt.io/managed'],
    ];

    for (const report of reports.filter((r) => r.included && r.asset !== 'node-disruption-policy')) {
      expect(marks(report)).toEqual(['virt-platform-autopilot', 'true']);
    }
    const shared = reports.find((r) => r.asset === 'node-disruption-policy');
    expect(shared?.included).toBe(true);
    expect(marks(shared!)).toEqual([undefined, undefined]);
  });
});

const ALWAYS_IN_ORDER = [
  'hco-golden-config',
  'metrics-service',
  'metrics-servicemonitor',
  'prometheus-alerts',
  'autopilot-dashboard',
  'node-disruption-policy',
  'swap-enable',
  'kubelet-tunings',
  'node-health-check',
];
