import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { AssetStatusRow } from '../../../operator/render/status.js';
import { adminClient, createNamespace, eventually, hco, kubeconfigPath } from '../../support/cluster.js';
import { eventsFor, startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { runBin } from '../cli/run-cli.js';

const API = 'machineconfiguration.openshift.io/v1';
const OURS = { apiVersion: API, kind: 'KubeletConfig', name: 'virt-kubelet-worker' };
const FOREIGN = { apiVersion: API, kind: 'KubeletConfig', name: 'admin-max-pods' };
const SERIES = { kind: 'KubeletConfig', name: OURS.name, namespace: '' };

/** An admin's own KubeletConfig on the worker pool (no managed-by label). */
function foreignKubeletConfig(): KubeObject {
  return {
    apiVersion: API,
    kind: 'KubeletConfig',
    metadata: { name: FOREIGN.name },
    spec: {
      machineConfigPoolSelector: {
        matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' },
      },
      kubeletConfig: { maxPods: 300 },
    },
  };
}

const maxPods = (obj: KubeObject | undefined): unknown =>
  (obj?.spec as { kubeletConfig?: { maxPods?: unknown } } | undefined)?.kubeletConfig?.maxPods;

describe("another tool's KubeletConfig on the pool of ours", () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const conflictEvents = async (): Promise<KubeObject[]> =>
    (await eventsFor(client, 'default', OURS.name)).filter((e) => e.reason === 'KubeletConfigConflict');

  /** Occurrences, not objects: a repeated Event with the same note becomes a series of one object. */
  const conflictsReported = async (): Promise<number> =>
    (await conflictEvents()).reduce(
      (sum, e) => sum + ((e as { series?: { count?: number } }).series?.count ?? 1),
      0,
    );

  /** Occurrences of the Normal Event that says a hold ended. */
  const resolutionsReported = async (): Promise<KubeObject[]> =>
    (await eventsFor(client, 'default', OURS.name)).filter(
      (e) => e.reason === 'KubeletConfigConflictResolved',
    );
  const occurrences = (events: KubeObject[]): number =>
    events.reduce((sum, e) => sum + ((e as { series?: { count?: number } }).series?.count ?? 1), 0);

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'kc-conflict');
    await client.delete(OURS); // other tests may have created it: this one starts without it
    await client.create(foreignKubeletConfig());
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'kubelet-tunings' }));
    op = await startOperator({ namespace: ns });
  });
  afterAll(async () => {
    await op?.stop();
    await client.delete(FOREIGN);
    client.close();
  });

  it('holds ours: nothing created, compliance 0, a Warning Event naming the other KubeletConfig and the pool', async () => {
    await waitForCompliance(op, SERIES, 0);

    const events = await eventually(
      async () => ((await conflictEvents()).length > 0 ? conflictEvents() : undefined),
      {
        what: 'a KubeletConfigConflict Event',
      },
    );
    expect(events[0]?.type).toBe('Warning');
    expect(String(events[0]?.note)).toContain(
      'KubeletConfig/admin-max-pods selects MachineConfigPool worker',
    );
    expect(await client.get(OURS)).toBeUndefined();
    expect(
      op.logs.some((l) => l.includes('held: another KubeletConfig selects the same MachineConfigPool')),
    ).toBe(true);
  });

  it('shows the hold and its reason in status', async () => {
    const result = await runBin([
      'status',
      `--kubeconfig=${kubeconfigPath()}`,
      `--namespace=${ns}`,
      '--output=json',
    ]);

    const rows = JSON.parse(result.stdout) as AssetStatusRow[];
    const row = rows.find((r) => r.asset === 'kubelet-tunings');
    expect(row?.compliance).toBe('held');
    expect(row?.reason).toContain('KubeletConfig/admin-max-pods selects MachineConfigPool worker');
  });

  it('creates ours once the other one is deleted, without any other change', async () => {
    await client.delete(FOREIGN);

    const created = await eventually(async () => client.get(OURS), {
      timeoutMs: 90_000,
      what: 'virt-kubelet-worker',
    });

    expect(maxPods(created)).toBe(500);
    await waitForCompliance(op, SERIES, 1);
  });

  it('says once, in a Normal Event naming the pool, that the hold is over', async () => {
    const events = await eventually(
      async () => {
        const found = await resolutionsReported();
        return found.length > 0 ? found : undefined;
      },
      { what: 'a KubeletConfigConflictResolved Event' },
    );
    expect(events[0]?.type).toBe('Normal');
    expect(String(events[0]?.note)).toContain('MachineConfigPool worker');

    // A later reconcile of ours (an edit it corrects) is no second announcement.
    await client.mergePatch(
      OURS,
      { spec: { kubeletConfig: { maxPods: 250 } } },
      { fieldManager: 'admin-edit' },
    );
    await eventually(async () => (maxPods(await client.get(OURS)) === 500 ? true : undefined), {
      what: 'the edit corrected',
    });
    expect(occurrences(await resolutionsReported())).toBe(1);
  });

  it('holds ours again when another KubeletConfig appears: no correction, never a delete', async () => {
    await client.create(foreignKubeletConfig());
    await client.mergePatch(
      OURS,
      { spec: { kubeletConfig: { maxPods: 250 } } },
      { fieldManager: 'admin-edit' },
    );

    // The edit is an event on ours: the reconcile it starts holds (a correction would keep compliance 1).
    await waitForCompliance(op, SERIES, 0);

    const live = await client.get(OURS);
    expect(live).toBeDefined();
    expect(maxPods(live)).toBe(250);
  });

  it('notices another KubeletConfig created while ours is compliant and untouched, before any resync', async () => {
    await client.delete(FOREIGN);
    await waitForCompliance(op, SERIES, 1, 90_000); // the held object is re-checked every 30 s
    const before = await conflictsReported();

    // Nothing happens to ours: only the other tool's object appears (the resync is 5 minutes away).
    await client.create(foreignKubeletConfig());

    await waitForCompliance(op, SERIES, 0, 60_000);
    await eventually(async () => ((await conflictsReported()) > before ? true : undefined), {
      timeoutMs: 30_000,
      what: 'a KubeletConfigConflict Event after the other KubeletConfig appeared',
    });
  });

  it("notices another tool's KubeletConfig that carries the managed-by label with that tool's value", async () => {
    await client.delete(FOREIGN);
    await waitForCompliance(op, SERIES, 1, 90_000);
    const labelled = foreignKubeletConfig();
    labelled.metadata.labels = { 'platform.kubevirt.io/managed-by': 'another-tool' };

    // Neither ours (another value) nor unlabelled: it must still wake the pass (the resync is 5 minutes away).
    await client.create(labelled);

    await waitForCompliance(op, SERIES, 0, 60_000);
  });
});
