import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  eventsFor,
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const MC = '90-worker-swap-online';

/** `add {}` and two `copy` ops per level: 20 levels double the value 20 times in about 3 KB. */
function copyBomb(levels: number): string {
  const ops: object[] = [{ op: 'add', path: '/spec/l0', value: { x: 'payload' } }];
  for (let i = 1; i <= levels; i++) {
    ops.push({ op: 'add', path: `/spec/l${i}`, value: {} });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/a` });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/b` });
  }
  return JSON.stringify(ops);
}

describe('hostile annotation content on a real API server', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const svcRef = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const series = () => ({ kind: 'Service', name: SERVICE, namespace: ns });
  const mcRef = { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'MachineConfig', name: MC };
  const mcSeries = { kind: 'MachineConfig', name: MC, namespace: '' };
  const annotate = async (annotations: Record<string, string | null>): Promise<KubeObject> =>
    client.mergePatch(svcRef(), { metadata: { annotations } }, { fieldManager: 'kubectl-annotate' });
  const heldNotes = async (): Promise<string[]> =>
    (await eventsFor(client, ns, SERVICE))
      .filter((e) => e.reason === 'Held' && e.type === 'Warning')
      .map((e) => String(e.note));

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'hostile');
    await client.delete(mcRef); // cluster-scoped: start from the golden object
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'metrics-service,swap-enable' }));
    op = await startOperator({
      namespace: ns,
      flags: ['--throttle-burst=200', '--throttle-strict-burst=200'],
    });
    await waitForCompliance(op, series(), 1);
    await waitForCompliance(op, mcSeries, 1);
  });
  afterAll(async () => {
    await op?.stop();
    await client?.delete(mcRef);
    client?.close();
  });

  it('holds a 3 KB copy-bomb patch on its size budget, stays healthy, and recovers when it is removed', async () => {
    const bomb = copyBomb(20);

    await annotate({ 'platform.kubevirt.io/patch': bomb });

    await waitForCompliance(op, series(), 0);
    await eventually(
      async () =>
        (await heldNotes()).some(
          (n) => n.includes('platform.kubevirt.io/patch') && n.includes('exceeds the result size budget'),
        ),
      { what: 'a Held event naming the annotation and the budget' },
    );
    expect(bomb.length).toBeLessThan(3200);
    expect((await fetch(`${op.healthUrl}/healthz`)).status).toBe(200);
    expect(JSON.stringify((await client.get(svcRef()))?.spec)).not.toContain('l20');
    await annotate({ 'platform.kubevirt.io/patch': null });
    await waitForCompliance(op, series(), 1);
  });

  it.each([
    [
      'a finalizer',
      '[{"op":"add","path":"/metadata/finalizers","value":["example.com/keep"]}]',
      '/metadata/finalizers and everything below it cannot be patched',
    ],
    [
      'an owner reference',
      '{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"x","uid":"1"}]}}',
      'metadata.ownerReferences would change',
    ],
    [
      'the autopilot’s own annotations',
      '{"metadata":{"annotations":{"platform.kubevirt.io/mode":"unmanaged"}}}',
      'metadata.annotations platform.kubevirt.io/* would change',
    ],
    [
      'the resourceVersion',
      '[{"op":"replace","path":"/metadata/resourceVersion","value":"1"}]',
      '/metadata/resourceVersion and everything below it cannot be patched',
    ],
  ])('holds a patch that touches %s, with the reason, and writes nothing', async (_case, patch, reason) => {
    const before = await annotate({ 'platform.kubevirt.io/patch': patch });

    await waitForCompliance(op, series(), 0);
    await eventually(async () => (await heldNotes()).some((n) => n.includes(reason)), {
      what: `a Held event saying "${reason}"`,
    });

    const live = (await client.get(svcRef())) as KubeObject;
    expect(live.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(live.metadata.finalizers).toBeUndefined();
    expect(live.metadata.annotations?.['platform.kubevirt.io/mode']).toBeUndefined();
    await annotate({ 'platform.kubevirt.io/patch': null });
    await waitForCompliance(op, series(), 1);
  });

  it('reports an ignore-fields path that matches nothing, names the nearest field, and does not count it', async () => {
    await annotate({ 'platform.kubevirt.io/ignore-fields': 'spec.selectr' });

    await eventually(
      async () =>
        (await eventsFor(client, ns, SERVICE)).some(
          (e) =>
            e.reason === 'IgnoredFieldNotFound' &&
            e.type === 'Warning' &&
            String(e.note).includes('spec.selectr') &&
            String(e.note).includes('nearest existing field: spec.selector'),
        ),
      { what: 'an IgnoredFieldNotFound Warning naming the path and spec.selector' },
    );
    const text = await op.scrape();
    expect(
      metricValue(text, 'virt_platform_customization_info', { ...series(), type: 'ignore' }),
    ).toBeUndefined();
    expect(metricValue(text, 'virt_platform_compliance_status', series())).toBe(1);
    await annotate({ 'platform.kubevirt.io/ignore-fields': null });
  });

  it('compares a MachineConfig whose spec.config is nested 6,500 levels deep (past what recursion survives), and still corrects drift', async () => {
    let deep: unknown = 'leaf';
    // kube-apiserver accepts 10,000 levels but takes seconds per write at this depth; 6,500 is past
    // the ~6,000 levels a recursive comparison survives on Node's default stack.
    for (let i = 0; i < 6_500; i++) deep = { n: deep };
    await client.mergePatch(
      mcRef,
      { spec: { config: { ignition: { version: '3.4.0' }, deep } } },
      { fieldManager: 'deep-writer' },
    );

    await eventually(
      async () => {
        const live = (await client.get(mcRef)) as KubeObject & {
          spec: { config: { ignition: { version: string } } };
        };
        return live.spec.config.ignition.version === '3.5.0';
      },
      { what: 'the ignition version corrected next to the deep value', timeoutMs: 180_000, intervalMs: 1000 },
    );
    await waitForCompliance(op, mcSeries, 1, 60_000);
    // On a loaded machine a write this deep can outlast the client timeout and be retried; what
    // must never happen is the comparison itself overflowing the stack.
    const notes = (await eventsFor(client, 'default', MC))
      .filter((e) => e.reason === 'ApplyFailed' || e.reason === 'SyncFailed')
      .map((e) => String(e.note));
    expect(notes.filter((n) => /call stack|RangeError|recursion/i.test(n))).toEqual([]);
  }, 300_000);
});
