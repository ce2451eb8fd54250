import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { metricValue, startOperator, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir, repoRoot } from '../../support/paths.js';

const NS = 'openshift-cnv';
const MACHINE_CONFIG = { group: 'machineconfiguration.openshift.io', version: 'v1', kind: 'MachineConfig' };
const UI_PLUGIN = { group: 'observability.openshift.io', version: 'v1alpha1', kind: 'UIPlugin' };
const DESCHEDULER = { group: 'operator.openshift.io', version: 'v1', kind: 'KubeDescheduler' };
const LATER = [MACHINE_CONFIG, UI_PLUGIN, DESCHEDULER];
type Gvk = typeof MACHINE_CONFIG;

const machineConfig = (name: string) => ({
  apiVersion: 'machineconfiguration.openshift.io/v1',
  kind: 'MachineConfig',
  name,
});
const uiPlugin = (name: string) => ({
  apiVersion: 'observability.openshift.io/v1alpha1',
  kind: 'UIPlugin',
  name,
});
const compactNodes = (): KubeObject[] =>
  (
    parse(readFileSync(path.join(repoRoot, 'tests', 'fixtures', 'nodes', 'compact.yaml'), 'utf8')) as {
      items: KubeObject[];
    }
  ).items;

/**
 * The soft dependencies of the catalog-parity node tunings and console plugins, on a compact
 * cluster (so the master-pool variants apply too), in one control plane that starts without their
 * CRDs: each asset is skipped and its kind (or gate kind) reported missing; when the CRD is
 * installed, the same operator process applies it.
 */
describe('lifecycle: node tunings and console plugins wait for their kinds (compact cluster)', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let op: RunningOperator;
  const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
  const crdOf = (gvk: Gvk): KubeObject =>
    structuredClone(
      crds.find((c) => {
        const spec = c.spec as { group: string; names: { kind: string } };
        return spec.group === gvk.group && spec.names.kind === gvk.kind;
      }) as KubeObject,
    );
  const missing = async (gvk: Gvk) => metricValue(await op.scrape(), 'virt_platform_missing_dependency', gvk);

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    const later = new Set(LATER.map((g) => crdOf(g).metadata.name));
    await installCrds(
      client,
      crds.filter((c) => !later.has(c.metadata.name)),
    );
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const node of compactNodes()) await client.create(node);
    await client.create(
      hco(NS, {
        'platform.kubevirt.io/autopilot':
          'thp-tuning,ksm-zero-only,vm-drain-shutdown-inhibitor,psi-enable,observability-ui-plugin,troubleshooting-panel-ui-plugin',
        'platform.kubevirt.io/enable-thp-tuning': 'true',
        'platform.kubevirt.io/enable-ksm-zero-only': 'true',
        'platform.kubevirt.io/enable-vm-drain-shutdown-inhibitor': 'true',
        'platform.kubevirt.io/enable-load-aware-descheduler': 'true',
        'platform.kubevirt.io/enable-observability': 'true',
        'platform.kubevirt.io/enable-korrel8r': 'true',
      }),
    );
    op = await startOperator({ namespace: NS, kubeconfig: plane.kubeconfigPath });
  });

  afterAll(async () => {
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('reports each missing kind and gate kind, and writes none of the objects', async () => {
    for (const gvk of LATER) {
      await eventually(async () => (await missing(gvk)) === 1, { what: `${gvk.kind} missing` });
    }

    expect(await client.get(uiPlugin('monitoring'))).toBeUndefined();
    expect(await client.get(uiPlugin('troubleshooting-panel'))).toBeUndefined();
  });

  it.each<[string, Gvk, KubeObject['metadata'][], { absent: string[] }]>([
    [
      'the THP, KSM and VM drain MachineConfigs (master variants where safe), PSI still waiting for its gate kind',
      MACHINE_CONFIG,
      [
        { name: '50-virt-thp-tuning' },
        { name: '50-virt-thp-tuning-master' },
        { name: '50-virt-ksm-zero-pages' },
        { name: '50-virt-ksm-zero-pages-master' },
        { name: '50-virt-vm-drain-shutdown-inhibitor' },
      ],
      { absent: ['50-virt-vm-drain-shutdown-inhibitor-master', '50-virt-psi', '50-virt-psi-master'] },
    ],
    [
      'the monitoring and troubleshooting panel UIPlugins',
      UI_PLUGIN,
      [{ name: 'monitoring' }, { name: 'troubleshooting-panel' }],
      { absent: [] },
    ],
    [
      'the PSI MachineConfigs, once their gate kind is served',
      DESCHEDULER,
      [{ name: '50-virt-psi' }, { name: '50-virt-psi-master' }],
      { absent: [] },
    ],
  ])('applies %s when the CRD is installed, without a restart', async (_what, gvk, objects, { absent }) => {
    await installCrds(client, [crdOf(gvk)]);

    const ref = gvk === UI_PLUGIN ? uiPlugin : machineConfig;
    for (const { name } of objects) {
      await eventually(async () => client.get(ref(name ?? '')), { what: `${gvk.kind} ${name}` });
    }
    await eventually(async () => (await missing(gvk)) === 0, { what: `${gvk.kind} present` });
    for (const name of absent) expect(await client.get(machineConfig(name))).toBeUndefined();
    if (gvk === MACHINE_CONFIG) expect(await missing(DESCHEDULER)).toBe(1);
  });

  it('targets each pool with its own variant', async () => {
    const role = async (name: string) =>
      (await client.get(machineConfig(name)))?.metadata.labels?.['machineconfiguration.openshift.io/role'];

    expect(await role('50-virt-psi')).toBe('worker');
    expect(await role('50-virt-psi-master')).toBe('master');
    expect(await role('50-virt-thp-tuning-master')).toBe('master');
  });
});
