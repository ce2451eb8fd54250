import { expect } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { crdDir, localCrdDir } from '../../support/paths.js';

export const NS = 'openshift-cnv';
export const MANAGED_BY = 'platform.kubevirt.io/managed-by';
export const SERVICE: ObjectRef = {
  apiVersion: 'v1',
  kind: 'Service',
  name: 'virt-platform-autopilot-metrics',
  namespace: NS,
};
export const HCO_REF: ObjectRef = {
  apiVersion: 'hco.kubevirt.io/v1',
  kind: 'HyperConverged',
  name: 'kubevirt-hyperconverged',
  namespace: NS,
};
export const PATCH = '{"spec":{"sessionAffinity":"ClientIP"}}';
export const IGNORED_LABEL_VALUE = 'kept-by-admin';
/** Every case needs one or a few corrections; throttling is edit-war.test.ts's subject. */
export const BIG_BURST = '--throttle-burst=500';

export interface FaultEnv {
  plane: ControlPlane;
  client: NodeKubeClient;
  /** Unlabelled objects of managed kinds, created before the fault: they must survive it. */
  bystanders: KubeObject[];
}

const serviceMonitor = (name: string): KubeObject => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name, namespace: NS },
  spec: { selector: { matchLabels: { app: name } }, endpoints: [{ port: 'metrics' }] },
});
const service = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: NS, labels: { app: 'bystander' } },
  spec: { selector: { app: 'bystander' }, ports: [{ port: 80 }] },
});

/**
 * A private control plane with every CRD, the HCO namespace, an HCO that limits the autopilot to
 * the metrics Service and ServiceMonitor, and unlabelled bystanders of both kinds.
 */
export async function startFaultEnv(apiServerArgs: string[] = []): Promise<FaultEnv> {
  const plane = new ControlPlane({ apiServerArgs });
  await plane.start();
  const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'fault-tests' });
  await installCrds(client, [...readCrds(crdDir), ...readCrds(localCrdDir)]);
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  await client.create(
    hco(NS, { 'platform.kubevirt.io/autopilot': 'metrics-service,metrics-servicemonitor' }),
  );
  const bystanders: KubeObject[] = [];
  for (const obj of [service('bystander-a'), service('bystander-b'), serviceMonitor('bystander-monitor')])
    bystanders.push(await client.create(obj));
  return { plane, client, bystanders };
}

export const getService = async (client: NodeKubeClient): Promise<KubeObject> =>
  (await client.get(SERVICE)) as KubeObject;
export const affinity = (svc: KubeObject): unknown =>
  (svc.spec as { sessionAffinity?: unknown }).sessionAffinity;
export const selectorApp = (svc: KubeObject): unknown =>
  (svc.spec as { selector?: { app?: unknown } }).selector?.app;

/**
 * Sets the user's customisations on the managed Service (a patch annotation and an ignored
 * label an admin then changes) and waits until the operator honours both.
 */
export async function customise(client: NodeKubeClient): Promise<void> {
  await client.mergePatch(
    SERVICE,
    {
      metadata: {
        annotations: {
          'platform.kubevirt.io/patch': PATCH,
          'platform.kubevirt.io/ignore-fields': 'metadata.labels.app',
        },
      },
    },
    { fieldManager: 'kubectl-annotate' },
  );
  await eventually(async () => affinity(await getService(client)) === 'ClientIP', {
    what: 'patch annotation honoured',
  });
  await client.mergePatch(
    SERVICE,
    { metadata: { labels: { app: IGNORED_LABEL_VALUE } } },
    { fieldManager: 'kubectl-label' },
  );
}

/** A foreign change to a managed field the operator must correct. */
export async function drift(client: NodeKubeClient, value: string): Promise<void> {
  await client.mergePatch(
    SERVICE,
    { spec: { selector: { app: value } } },
    { fieldManager: 'foreign-editor' },
  );
}

/** Triggers a full pass (an HCO change). */
export async function triggerPass(client: NodeKubeClient, tag: string): Promise<void> {
  await client.mergePatch(HCO_REF, { metadata: { annotations: { 'test/pass': tag } } });
}

function complianceSeries(metrics: string): number[] {
  return metrics
    .split('\n')
    .filter((l) => l.startsWith('virt_platform_compliance_status{'))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
}

/**
 * What every fault must leave behind: all managed objects compliant, the golden value back, the
 * user's customisations still present and honoured, and every unlabelled bystander still there.
 */
export async function expectInvariants(env: FaultEnv, scrape: () => Promise<string>): Promise<void> {
  const series = await eventually(
    async () => {
      const values = complianceSeries(await scrape().catch(() => ''));
      return values.length >= 2 && values.every((v) => v === 1) && values;
    },
    { timeoutMs: 60_000, what: 'every managed object compliant' },
  );
  const svc = await eventually(
    async () => {
      const s = await getService(env.client);
      return selectorApp(s) === 'virt-platform-autopilot' && s;
    },
    { timeoutMs: 30_000, what: 'the golden selector back' },
  );

  expect(series.length).toBeGreaterThanOrEqual(2);
  expect(svc.metadata.annotations?.['platform.kubevirt.io/patch']).toBe(PATCH);
  expect(affinity(svc)).toBe('ClientIP');
  expect(svc.metadata.annotations?.['platform.kubevirt.io/ignore-fields']).toBe('metadata.labels.app');
  expect(svc.metadata.labels?.app).toBe(IGNORED_LABEL_VALUE);
  for (const b of env.bystanders) {
    const live = await env.client.get({
      apiVersion: b.apiVersion,
      kind: b.kind,
      name: b.metadata.name ?? '',
      namespace: NS,
    });
    expect(live?.metadata.uid).toBe(b.metadata.uid);
    expect(live?.metadata.labels?.[MANAGED_BY]).toBeUndefined();
  }
}

/**
 * SIGKILLs kube-apiserver and starts it again on the same port. The watchdog shell's exit can be
 * seen a moment before the kernel frees the killed server's listening socket, so a start that
 * fails with "address already in use" is retried.
 */
export async function killAndRestartApiServer(plane: ControlPlane): Promise<void> {
  await plane.stopApiServer('SIGKILL');
  await eventually(
    async () => {
      try {
        await plane.startApiServer();
        return true;
      } catch (err) {
        if (!String(err).includes('address already in use')) throw err;
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'kube-apiserver restarted' },
  );
}
