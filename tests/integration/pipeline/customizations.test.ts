import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  apiRequests,
  eventsFor,
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';

describe('the Patched Baseline on a real API server', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const svcRef = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const series = () => ({ kind: 'Service', name: SERVICE, namespace: ns });
  const getSvc = async (): Promise<KubeObject> => (await client.get(svcRef())) as KubeObject;
  const selector = (svc: KubeObject): Record<string, string> =>
    (svc.spec as { selector: Record<string, string> }).selector;
  const annotate = async (annotations: Record<string, string | null>): Promise<KubeObject> =>
    client.mergePatch(svcRef(), { metadata: { annotations } }, { fieldManager: 'kubectl-annotate' });

  /** Triggers a full pass (an HCO change) and waits until the operator has handled it. */
  const resync = async (): Promise<void> => {
    const before =
      metricValue(await op.scrape(), 'virt_platform_reconcile_total', { result: 'success' }) ?? 0;
    await client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: ns,
      },
      { metadata: { annotations: { 'test/resync': String(Date.now()) } } },
    );
    await eventually(
      async () =>
        (metricValue(await op.scrape(), 'virt_platform_reconcile_total', { result: 'success' }) ?? 0) >
        before,
      { what: 'a pass' },
    );
  };

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'pipeline');
    await client.create(
      hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service,metrics-servicemonitor' }),
    );
    // Every case here makes one foreign change the operator corrects; throttling is edit-war.test.ts's subject.
    op = await startOperator({ namespace: ns, flags: ['--throttle-burst=200'] });
    await waitForCompliance(op, series(), 1);
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('creates the missing object with the ownership marks', async () => {
    const svc = await getSvc();

    expect(svc.metadata.labels?.['platform.kubevirt.io/managed-by']).toBe('virt-platform-autopilot');
    expect(svc.metadata.annotations?.['platform.kubevirt.io/managed']).toBe('true');
    expect(svc.metadata.managedFields?.some((f) => f.manager === 'virt-platform-autopilot')).toBe(true);
  });

  it('writes nothing and makes no dry-run when nothing changed', async () => {
    const before = await getSvc();
    const dryRuns = await apiRequests(client, { resource: 'services', verb: 'PATCH', dryRun: true });

    await resync();
    await resync();

    expect((await getSvc()).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(await apiRequests(client, { resource: 'services', verb: 'PATCH', dryRun: true })).toBe(dryRuns);
  });

  it('corrects drift written by a kubectl-edit style update', async () => {
    const svc = await getSvc();
    selector(svc).app = 'someone-else';

    await client.replace(svc, { fieldManager: 'kubectl-edit' });

    await eventually(async () => selector(await getSvc()).app === 'virt-platform-autopilot', {
      what: 'selector restored',
    });
  });

  it('corrects drift written by a foreign server-side apply', async () => {
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: SERVICE, namespace: ns },
        spec: { selector: { app: 'foreign' } },
      },
      { fieldManager: 'foreign-ssa', force: true, dryRun: false },
    );

    await eventually(async () => selector(await getSvc()).app === 'virt-platform-autopilot', {
      what: 'selector restored',
    });
  });

  it.each([
    [
      'a merge patch object',
      '{"spec":{"selector":{"tier":"metrics"}}}',
      (s: KubeObject) => selector(s).tier === 'metrics',
    ],
    [
      'an RFC 6902 array',
      '[{"op":"add","path":"/metadata/labels/team","value":"virt"}]',
      (s: KubeObject) => s.metadata.labels?.team === 'virt',
    ],
  ])(
    'honours a patch annotation given as %s, across resyncs, and restores the golden value when removed',
    async (_form, patch, applied) => {
      await annotate({ 'platform.kubevirt.io/patch': patch });
      await eventually(async () => applied(await getSvc()), { what: 'patch applied' });

      await resync();
      expect(applied(await getSvc())).toBe(true);
      expect(
        metricValue(await op.scrape(), 'virt_platform_customization_info', { ...series(), type: 'patch' }),
      ).toBe(1);

      await annotate({ 'platform.kubevirt.io/patch': null });
      await eventually(async () => !applied(await getSvc()), { what: 'golden value restored' });
      expect(
        metricValue(await op.scrape(), 'virt_platform_customization_info', { ...series(), type: 'patch' }),
      ).toBeUndefined();
    },
  );

  it('never changes an ignored field: a foreign update persists across resyncs', async () => {
    await annotate({ 'platform.kubevirt.io/ignore-fields': 'spec.selector.app' });
    const svc = await getSvc();
    selector(svc).app = 'owned-by-admin';
    await client.replace(svc, { fieldManager: 'kubectl-edit' });

    await resync();
    await resync();

    expect(selector(await getSvc()).app).toBe('owned-by-admin');
    expect(
      metricValue(await op.scrape(), 'virt_platform_customization_info', { ...series(), type: 'ignore' }),
    ).toBe(1);
  });

  it('never claims an ignored field back, so its owner applies without force and gets no conflict', async () => {
    const gitops = (app: string, force: boolean) =>
      client.apply(
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: SERVICE, namespace: ns },
          spec: { selector: { app } },
        },
        { fieldManager: 'gitops', force, dryRun: false },
      );
    await gitops('gitops-1', true); // takes the atomic selector over from kubectl-edit once
    await resync();

    const second = await gitops('gitops-2', false);
    await resync();

    expect(selector(second).app).toBe('gitops-2');
    expect(selector(await getSvc()).app).toBe('gitops-2');
    const ours = (await getSvc()).metadata.managedFields?.find(
      (f) => f.manager === 'virt-platform-autopilot',
    );
    expect(JSON.stringify(ours?.fieldsV1 ?? {})).not.toContain('f:selector');
    await annotate({ 'platform.kubevirt.io/ignore-fields': null });
    await eventually(async () => selector(await getSvc()).app === 'virt-platform-autopilot', {
      what: 'managed again',
    });
  });

  it('leaves an unmanaged object alone: a foreign change persists and nothing is written', async () => {
    await annotate({ 'platform.kubevirt.io/mode': 'unmanaged' });
    const svc = await getSvc();
    selector(svc).app = 'hands-off';
    const edited = await client.replace(svc, { fieldManager: 'kubectl-edit' });

    await resync();
    await resync();

    const live = await getSvc();
    expect(selector(live).app).toBe('hands-off');
    expect(live.metadata.resourceVersion).toBe(edited.metadata.resourceVersion);
    expect(
      metricValue(await op.scrape(), 'virt_platform_customization_info', { ...series(), type: 'unmanaged' }),
    ).toBe(1);
    expect(metricValue(await op.scrape(), 'virt_platform_compliance_status', series())).toBeUndefined();
    await annotate({ 'platform.kubevirt.io/mode': null });
    await eventually(async () => selector(await getSvc()).app === 'virt-platform-autopilot', {
      what: 'managed again',
    });
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['invalid JSON in patch', { 'platform.kubevirt.io/patch': '{"spec": ' }, /JSON/i],
    [
      'a failing test op',
      { 'platform.kubevirt.io/patch': '[{"op":"test","path":"/spec/type","value":"NodePort"}]' },
      /test/i,
    ],
    [
      'a replace of a missing path',
      { 'platform.kubevirt.io/patch': '[{"op":"replace","path":"/spec/nope/deeper","value":1}]' },
      /nope/,
    ],
    [
      'a patch of /metadata/name',
      { 'platform.kubevirt.io/patch': '[{"op":"replace","path":"/metadata/name","value":"x"}]' },
      /metadata\/name/,
    ],
    [
      'a patch of /metadata/namespace',
      { 'platform.kubevirt.io/patch': '[{"op":"replace","path":"/metadata/namespace","value":"x"}]' },
      /metadata\/namespace/,
    ],
    [
      'a patch of /kind',
      { 'platform.kubevirt.io/patch': '[{"op":"replace","path":"/kind","value":"Pod"}]' },
      /kind/,
    ],
    [
      'a patch of /apiVersion',
      { 'platform.kubevirt.io/patch': '[{"op":"replace","path":"/apiVersion","value":"v2"}]' },
      /apiVersion/,
    ],
    [
      'a patch of /status',
      { 'platform.kubevirt.io/patch': '[{"op":"add","path":"/status/x","value":1}]' },
      /status/,
    ],
    ['a malformed ignore pointer', { 'platform.kubevirt.io/ignore-fields': '/spec//~2x' }, /ignore/],
    ['an unknown mode', { 'platform.kubevirt.io/mode': 'sometimes' }, /sometimes/],
    // Over 256 KiB cannot be tested here: kube-apiserver itself refuses that much annotation data.
    // The operator's own limit (defence in depth) is covered by tests/unit/pipeline/decisions/annotation-size.test.ts.
  ];

  it.each(bad)(
    'holds the object on %s: no write, a Warning Event, compliance 0, other assets carry on',
    async (_case, annotations, problem) => {
      const svc = await getSvc();
      selector(svc).app = 'drifted-while-held';
      svc.metadata.annotations = { ...svc.metadata.annotations, ...annotations };
      const edited = await client.replace(svc, { fieldManager: 'kubectl-edit' });

      await waitForCompliance(op, series(), 0);
      const monitor = {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        name: SERVICE,
        namespace: ns,
      };
      await client.delete(monitor);
      await eventually(async () => (await client.get(monitor)) !== undefined, {
        what: 'the ServiceMonitor re-created while the Service is held',
      });
      await resync();

      const live = await getSvc();
      expect(live.metadata.resourceVersion).toBe(edited.metadata.resourceVersion);
      expect(selector(live).app).toBe('drifted-while-held');
      const held = (await eventsFor(client, ns, SERVICE)).filter(
        (e) => e.reason === 'Held' && e.type === 'Warning',
      );
      const key = Object.keys(annotations)[0] as string;
      expect(held.some((e) => String(e.note).includes(key) && problem.test(String(e.note)))).toBe(true);

      await annotate(Object.fromEntries(Object.keys(annotations).map((k) => [k, null])));
      await waitForCompliance(op, series(), 1);
      expect(selector(await getSvc()).app).toBe('virt-platform-autopilot');
    },
  );
});
