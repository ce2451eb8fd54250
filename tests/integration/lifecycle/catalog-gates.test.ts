import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { metricValue, startOperator, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';

const NS = 'openshift-cnv';
const PERSES = { group: 'perses.dev', version: 'v1alpha2', kind: 'PersesDashboard' };
const DESCHEDULER = { group: 'operator.openshift.io', version: 'v1', kind: 'KubeDescheduler' };
const SBR = {
  group: 'storage-based-remediation.medik8s.io',
  version: 'v1alpha1',
  kind: 'StorageBasedRemediationConfig',
};
const FAR_TEMPLATE = {
  group: 'fence-agents-remediation.medik8s.io',
  version: 'v1alpha1',
  kind: 'FenceAgentsRemediationTemplate',
};
const SNR_TEMPLATE = {
  group: 'self-node-remediation.medik8s.io',
  version: 'v1alpha1',
  kind: 'SelfNodeRemediationTemplate',
};
const LATER = [PERSES, DESCHEDULER, SBR, FAR_TEMPLATE, SNR_TEMPLATE];
const NHC = {
  apiVersion: 'remediation.medik8s.io/v1alpha1',
  kind: 'NodeHealthCheck',
  name: 'virt-worker-health-check',
};
const dashboard = (name: string) => ({
  apiVersion: 'perses.dev/v1alpha2',
  kind: 'PersesDashboard',
  name,
  namespace: NS,
});

/**
 * The soft dependencies of the catalog's part-1 assets, in one control plane that starts without
 * their CRDs: each asset (or feature section) waits for its kind and its gate kinds, is reported
 * missing with the real group/version/kind, and applies when the CRD appears, without a restart.
 */
describe('lifecycle: dashboards, storage-based detection and fenced remediation wait for their kinds', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let op: RunningOperator;
  const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
  const crdOf = (gvk: { group: string; kind: string }): KubeObject =>
    structuredClone(
      crds.find((c) => {
        const spec = c.spec as { group: string; names: { kind: string } };
        return spec.group === gvk.group && spec.names.kind === gvk.kind;
      }) as KubeObject,
    );
  const missing = async (gvk: Record<string, string>) =>
    metricValue(await op.scrape(), 'virt_platform_missing_dependency', gvk);

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    const later = new Set(LATER.map((g) => crdOf(g).metadata.name));
    await installCrds(
      client,
      crds.filter((c) => !later.has(c.metadata.name)),
    );
    for (const name of [NS, 'openshift-workload-availability']) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    await client.create(
      hco(NS, {
        'platform.kubevirt.io/autopilot': 'autopilot-dashboard,descheduler-dashboard,remediation',
        'platform.kubevirt.io/enable-load-aware-descheduler': 'true',
        'platform.kubevirt.io/enable-node-remediation': 'true',
      }),
    );
    op = await startOperator({ namespace: NS, kubeconfig: plane.kubeconfigPath });
  });

  afterAll(async () => {
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('reports each missing kind, gate kinds included, and writes no NodeHealthCheck without its remediation template kind', async () => {
    for (const gvk of [PERSES, DESCHEDULER, SBR, FAR_TEMPLATE, SNR_TEMPLATE]) {
      await eventually(async () => (await missing(gvk)) === 1, { what: `${gvk.kind} missing` });
    }

    expect(await client.get(NHC)).toBeUndefined();
  });

  it('applies the NodeHealthCheck once SelfNodeRemediationTemplate is served, with the fenced section off', async () => {
    await installCrds(client, [crdOf(SNR_TEMPLATE)]);

    const nhc = await eventually(async () => client.get(NHC), { what: 'the worker NodeHealthCheck' });
    await eventually(async () => (await missing(SNR_TEMPLATE)) === 0, { what: 'SNR template kind present' });

    expect(nhc.spec).toMatchObject({ remediationTemplate: { kind: 'SelfNodeRemediationTemplate' } });
    expect(nhc.spec).not.toHaveProperty('escalatingRemediations');
  });

  it('turns fenced remediation on in the same NodeHealthCheck when the fence agents template kind appears', async () => {
    await installCrds(client, [crdOf(FAR_TEMPLATE)]);

    const nhc = await eventually(
      async () => {
        const live = await client.get(NHC);
        return live && (live.spec as Record<string, unknown>).escalatingRemediations ? live : undefined;
      },
      { what: 'escalating remediations' },
    );
    expect(nhc.spec).not.toHaveProperty('remediationTemplate');
    expect(JSON.stringify(nhc.spec)).toContain('SBRStorageUnhealthy');
    await eventually(async () => (await missing(FAR_TEMPLATE)) === 0, {
      what: 'fence agents template kind present',
    });
  });

  it('applies the autopilot dashboard when Perses is served, and the descheduler one only once its gate kind is', async () => {
    await installCrds(client, [crdOf(PERSES)]);

    await eventually(async () => client.get(dashboard('virt-platform-autopilot')), {
      what: 'autopilot dashboard',
    });
    await eventually(async () => (await missing(PERSES)) === 0, { what: 'Perses present' });
    expect(await missing(DESCHEDULER)).toBe(1);
    expect(await client.get(dashboard('virt-descheduler-load-aware'))).toBeUndefined();

    await installCrds(client, [crdOf(DESCHEDULER)]);

    await eventually(async () => client.get(dashboard('virt-descheduler-load-aware')), {
      what: 'descheduler dashboard',
    });
    await eventually(async () => (await missing(DESCHEDULER)) === 0, { what: 'KubeDescheduler present' });
  });

  it('applies the detection-only storage-based remediation config when its kind appears', async () => {
    await installCrds(client, [crdOf(SBR)]);

    const sbr = await eventually(
      async () =>
        client.get({
          apiVersion: 'storage-based-remediation.medik8s.io/v1alpha1',
          kind: 'StorageBasedRemediationConfig',
          name: 'virt-storage-heartbeat',
          namespace: 'openshift-workload-availability',
        }),
      { what: 'SBR config' },
    );
    expect(sbr.spec).toMatchObject({ detectOnlyMode: 'Enabled' });
  });
});
