import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';

const SERVICE = 'virt-platform-autopilot-metrics';
const HCO = 'kubevirt-hyperconverged';

describe('Event reasons say who changed what', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const svcRef = () => ({ apiVersion: 'v1', kind: 'Service', name: SERVICE, namespace: ns });
  const annotate = (annotations: Record<string, string | null>): Promise<KubeObject> =>
    client.mergePatch(svcRef(), { metadata: { annotations } }, { fieldManager: 'kubectl-annotate' });

  /** Waits for an Event with this reason about the object and returns its note. */
  const waitForEvent = (name: string, reason: string): Promise<string> =>
    eventually(
      async () => {
        const found = (await eventsFor(client, ns, name)).find((e) => e.reason === reason);
        return found ? String(found.note) : undefined;
      },
      { what: `a ${reason} Event about ${name}` },
    );
  const reasonsAbout = async (name: string): Promise<string[]> =>
    (await eventsFor(client, ns, name)).map((e) => String(e.reason)).sort();

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'reasons');
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'hco-golden-config,metrics-service' }));
    op = await startOperator({ namespace: ns, flags: ['--throttle-burst=200'] });
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: ns }, 1);
  });
  afterAll(async () => {
    await op?.stop();
    client.close();
  });

  it('says Created for a new object and Adopted for the existing HCO, never DriftCorrected', async () => {
    const created = await waitForEvent(SERVICE, 'Created');
    const adopted = await waitForEvent(HCO, 'Adopted');

    expect(created).toBe('Created by asset metrics-service');
    expect(adopted).toMatch(/Took over the existing object/);
    expect(await reasonsAbout(SERVICE)).not.toContain('DriftCorrected');
    expect(await reasonsAbout(HCO)).not.toContain('DriftCorrected');
  });

  it("says CustomizationApplied, not DriftCorrected, when the object's own patch annotation is applied", async () => {
    await annotate({ 'platform.kubevirt.io/patch': '{"spec":{"sessionAffinity":"ClientIP"}}' });

    const note = await waitForEvent(SERVICE, 'CustomizationApplied');

    expect(note).toMatch(/patch annotation to spec\.sessionAffinity/);
    expect(await reasonsAbout(SERVICE)).not.toContain('DriftCorrected');
  });

  it('says DriftCorrected naming the other field manager when someone else changes a managed field', async () => {
    const svc = (await client.get(svcRef())) as KubeObject;
    (svc.spec as { selector: Record<string, string> }).selector.app = 'someone-else';

    await client.replace(svc, { fieldManager: 'kubectl-edit' });
    const note = await waitForEvent(SERVICE, 'DriftCorrected');

    expect(note).toMatch(/^Corrected drift by kubectl-edit on spec\.selector\.app/);
  });

  it('says Unmanaged when the object is opted out and Managed when it is opted back in', async () => {
    await annotate({ 'platform.kubevirt.io/mode': 'unmanaged' });
    const out = await waitForEvent(SERVICE, 'Unmanaged');
    await annotate({ 'platform.kubevirt.io/mode': null });
    const back = await waitForEvent(SERVICE, 'Managed');

    expect(out).toMatch(/no longer changes this object/);
    expect(back).toMatch(/manages this object again/);
  });
});
