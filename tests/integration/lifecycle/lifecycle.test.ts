import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { deleteCrd, installCrds, readCrds } from '../../support/control-plane/crds.js';
import { spawnOperator, type OperatorProcess } from '../../support/operator-process.js';
import { metricValue } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';

const NS = 'openshift-cnv';
const MACHINE_CONFIG = { group: 'machineconfiguration.openshift.io', version: 'v1', kind: 'MachineConfig' };
const NHC_REF = {
  apiVersion: 'remediation.medik8s.io/v1alpha1',
  kind: 'NodeHealthCheck',
  name: 'virt-node-health-check',
};
const ORPHAN_REF = { apiVersion: 'v1', kind: 'Service', name: 'legacy-metrics', namespace: NS };

describe('lifecycle: soft dependencies, tombstones and orphans, without restarts', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let proc: OperatorProcess;
  let machineConfigCrd: KubeObject;
  const metric = async (name: string, labels: Record<string, string>) =>
    metricValue(await proc.scrape(), name, labels);
  const hcoEvents = async (reason: string) =>
    (
      await client.list(
        { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
        { namespace: NS, fieldSelector: 'regarding.name=kubevirt-hyperconverged' },
      )
    ).items.filter(
      (e) =>
        e.reason === reason && String(e.note).includes('MachineConfig.v1.machineconfiguration.openshift.io'),
    );
  const pass = async (tag: string) =>
    client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: NS,
      },
      { metadata: { annotations: { 'test/pass': tag } } },
    );

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
    machineConfigCrd = crds.find(
      (c) => c.metadata.name === 'machineconfigs.machineconfiguration.openshift.io',
    ) as KubeObject;
    // No MachineConfig CRD (a soft dependency to discover later) and no UIPlugin CRD (a tombstone of an unserved kind).
    await installCrds(
      client,
      crds.filter((c) => c !== machineConfigCrd && !String(c.metadata.name).startsWith('uiplugins.')),
    );
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await client.create(hco(NS, { 'platform.kubevirt.io/autopilot': 'swap-enable,metrics-service' }));
    await client.create({
      ...NHC_REF,
      metadata: { name: NHC_REF.name },
      spec: {
        selector: { matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] },
      },
    });
    await client.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: ORPHAN_REF.name,
        namespace: NS,
        labels: { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' },
      },
      spec: { ports: [{ port: 80 }] },
    });
    proc = await spawnOperator({ kubeconfig: plane.kubeconfigPath, namespace: NS });
  });

  afterAll(async () => {
    proc?.kill('SIGTERM');
    await proc?.exited;
    client?.close();
    await plane?.stop();
  });

  it('skips an enabled asset whose CRD is missing and reports the real group, version and kind', async () => {
    await eventually(async () => (await metric('virt_platform_missing_dependency', MACHINE_CONFIG)) === 1, {
      what: 'missing MachineConfig',
    });

    expect(await client.resolve(MACHINE_CONFIG)).toBeUndefined();
    await eventually(async () => (await hcoEvents('DependencyMissing')).length > 0, {
      what: 'a DependencyMissing Event on the HCO',
    });
    expect(
      await metric('virt_platform_compliance_status', {
        kind: 'Service',
        name: 'virt-platform-autopilot-metrics',
        namespace: NS,
      }),
    ).toBe(1);
  });

  it('keeps a tombstoned object that lacks the label, with a Warning Event, and treats an unserved kind as done', async () => {
    await eventually(
      async () =>
        (await metric('virt_platform_tombstone_status', {
          kind: 'NodeHealthCheck',
          name: 'virt-node-health-check',
        })) === -2,
      { what: 'tombstone skipped' },
    );

    expect(await client.get(NHC_REF)).toBeDefined();
    const events = await client.list(
      { group: 'events.k8s.io', version: 'v1', kind: 'Event' },
      { namespace: 'default', fieldSelector: 'regarding.name=virt-node-health-check' }, // cluster-scoped: Events live in default
    );
    expect(events.items.some((e) => e.reason === 'TombstoneSkipped' && e.type === 'Warning')).toBe(true);
    expect(
      await metric('virt_platform_tombstone_status', { kind: 'UIPlugin', name: 'kubevirt-plugin' }),
    ).toBe(0);
  });

  it('deletes a tombstoned object that carries the label', async () => {
    await client.mergePatch(NHC_REF, {
      metadata: { labels: { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' } },
    });
    await pass('tombstone');

    await eventually(async () => (await client.get(NHC_REF)) === undefined, {
      what: 'tombstoned NHC deleted',
    });
    await eventually(
      async () =>
        (await metric('virt_platform_tombstone_status', {
          kind: 'NodeHealthCheck',
          name: 'virt-node-health-check',
        })) === 0,
      { what: 'status 0' },
    );
  });

  it('reports an orphan as a count per kind, its name on /debug/orphans, and never deletes it', async () => {
    await eventually(
      async () => (await metric('virt_platform_orphaned_resources', { kind: 'Service' })) === 1,
      {
        what: 'orphan counted',
      },
    );

    const series = (await proc.scrape())
      .split('\n')
      .filter((l) => l.startsWith('virt_platform_orphaned_resources{'));
    expect(series).toEqual(['virt_platform_orphaned_resources{kind="Service"} 1']);
    const listed = (await (await fetch(`${proc.debugUrl}/debug/orphans`)).json()) as { name: string }[];
    expect(listed.map((o) => o.name)).toContain('legacy-metrics');
    expect(await client.get(ORPHAN_REF)).toBeDefined();
  });

  it('applies the asset when its CRD appears, in the same process', async () => {
    await installCrds(client, [structuredClone(machineConfigCrd)]);

    await eventually(
      async () =>
        client.get({
          apiVersion: 'machineconfiguration.openshift.io/v1',
          kind: 'MachineConfig',
          name: '90-worker-swap-online',
        }),
      { timeoutMs: 30_000, what: 'MachineConfig applied' },
    );
    await eventually(async () => (await metric('virt_platform_missing_dependency', MACHINE_CONFIG)) === 0, {
      what: 'dependency present',
    });
    expect(() => process.kill(proc.pid, 0)).not.toThrow();
    expect(proc.output.filter((l) => l.includes('starting virt-platform-autopilot'))).toHaveLength(1);
    await eventually(async () => (await hcoEvents('DependencyFound')).length > 0, {
      what: 'a DependencyFound Event on the HCO',
    });
  });

  it('goes back to reporting the dependency missing when the CRD is deleted, without an error loop', async () => {
    await deleteCrd(client, machineConfigCrd);
    await pass('crd-deleted');

    await eventually(async () => (await metric('virt_platform_missing_dependency', MACHINE_CONFIG)) === 1, {
      what: 'missing again',
    });
    const errorsBefore = proc.output.filter((l) => l.includes('"level":"error"')).length;
    await pass('still-missing');
    await eventually(async () => (await metric('virt_platform_missing_dependency', MACHINE_CONFIG)) === 1, {
      what: 'stable',
    });
    expect(
      proc.output.filter((l) => l.includes('"level":"error"')).length - errorsBefore,
    ).toBeLessThanOrEqual(1);
    expect(() => process.kill(proc.pid, 0)).not.toThrow();
  });
});
