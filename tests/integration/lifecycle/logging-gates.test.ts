import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { eventsFor, metricValue, startOperator, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';

const NS = 'openshift-cnv';
const LOGGING = 'openshift-logging';
const LOKI = { group: 'loki.grafana.com', version: 'v1', kind: 'LokiStack' };
const CLF = { group: 'observability.openshift.io', version: 'v1', kind: 'ClusterLogForwarder' };
const STORAGE_SECRET = 'platform.kubevirt.io/logging-storage-secret';
const lokiStack = {
  apiVersion: 'loki.grafana.com/v1',
  kind: 'LokiStack',
  name: 'virt-logging-loki',
  namespace: LOGGING,
};
const forwarder = {
  apiVersion: 'observability.openshift.io/v1',
  kind: 'ClusterLogForwarder',
  name: 'virt-logging',
  namespace: LOGGING,
};
const uiPlugin = { apiVersion: 'observability.openshift.io/v1alpha1', kind: 'UIPlugin', name: 'logging' };
const serviceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  name: 'virt-logging-collector',
  namespace: LOGGING,
};
const binding = (name: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  name,
});
const BINDINGS = [
  'virt-logging-collect-application',
  'virt-logging-collect-infrastructure',
  'virt-logging-write-logs',
  'virt-logging-collect-audit',
];

/**
 * The logging stack's soft dependencies in one control plane that starts without the Loki and
 * logging operators' CRDs: each member waits for the kinds it needs, is reported missing, and
 * applies once its CRDs are installed, without a restart. The LokiStack without its storage
 * Secret is held, with a Warning Event naming the annotation, instead of failing on apply.
 */
describe('lifecycle: the logging stack waits for the Loki and logging operators and for its storage Secret', () => {
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
    const later = new Set([LOKI, CLF].map((g) => crdOf(g).metadata.name));
    await installCrds(
      client,
      crds.filter((c) => !later.has(c.metadata.name)),
    );
    for (const name of [NS, LOGGING]) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    await client.create(
      hco(NS, {
        'platform.kubevirt.io/autopilot': 'logging',
        'platform.kubevirt.io/enable-logging': 'true',
        'platform.kubevirt.io/enable-audit-logging': 'true',
        'platform.kubevirt.io/logging-storage-class': 'lvms-vg1',
      }),
    );
    op = await startOperator({ namespace: NS, kubeconfig: plane.kubeconfigPath });
  });

  afterAll(async () => {
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('reports both operators missing and creates no member of the stack', async () => {
    for (const gvk of [LOKI, CLF]) {
      await eventually(async () => (await missing(gvk)) === 1, { what: `${gvk.kind} missing` });
    }

    expect(await client.get(uiPlugin)).toBeUndefined();
    expect(await client.get(serviceAccount)).toBeUndefined();
    expect(await client.get(binding(BINDINGS[0] as string))).toBeUndefined();
  });

  it('holds the LokiStack without a storage Secret, naming the annotation, and applies the console view once the LokiStack kind is served', async () => {
    await installCrds(client, [crdOf(LOKI)]);

    await eventually(async () => client.get(uiPlugin), { what: 'the logging UIPlugin' });
    await eventually(async () => (await missing(LOKI)) === 0, { what: 'LokiStack present' });
    const held = await eventually(
      async () =>
        (await eventsFor(client, NS, 'kubevirt-hyperconverged')).find(
          (e) => e.reason === 'Held' && String(e.note).includes(STORAGE_SECRET),
        ),
      { what: `a Held Event naming ${STORAGE_SECRET}` },
    );
    expect(held.type).toBe('Warning');
    expect(await client.get(lokiStack)).toBeUndefined();
    expect(await missing(CLF)).toBe(1);
  });

  it('applies the LokiStack once the admin names the storage Secret', async () => {
    await client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: NS,
      },
      { metadata: { annotations: { [STORAGE_SECRET]: 'loki-object-storage' } } },
    );

    const stack = await eventually(async () => client.get(lokiStack), { what: 'the LokiStack' });
    expect(stack.spec).toMatchObject({
      storage: { secret: { name: 'loki-object-storage', type: 's3' } },
      storageClassName: 'lvms-vg1',
    });
  });

  it('applies the collector, its bindings and the forwarder with its audit pipeline when the logging operator appears', async () => {
    await installCrds(client, [crdOf(CLF)]);

    const clf = await eventually(async () => client.get(forwarder), { what: 'the ClusterLogForwarder' });
    const pipelines = (clf.spec as { pipelines: { name: string }[] }).pipelines.map((p) => p.name);
    expect(pipelines).toEqual(['application', 'infrastructure', 'audit']);
    expect(await client.get(serviceAccount)).toBeDefined();
    for (const name of BINDINGS) {
      await eventually(async () => client.get(binding(name)), { what: `ClusterRoleBinding ${name}` });
    }
    await eventually(async () => (await missing(CLF)) === 0, { what: 'ClusterLogForwarder present' });
  });

  it('takes the audit pipeline out of the same forwarder when audit logging is switched off', async () => {
    await client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: NS,
      },
      { metadata: { annotations: { 'platform.kubevirt.io/enable-audit-logging': null } } },
    );

    const clf = await eventually(
      async () => {
        const live = await client.get(forwarder);
        const names = (live?.spec as { pipelines: { name: string }[] }).pipelines.map((p) => p.name);
        return names.includes('audit') ? undefined : live;
      },
      { what: 'a forwarder without the audit pipeline' },
    );
    const filters = (clf.spec as { filters: { name: string }[] }).filters.map((f) => f.name);
    expect(filters).toEqual(['drop-infrastructure-debug']);
  });
});
