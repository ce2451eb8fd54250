import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import {
  metricValue,
  startOperator,
  waitForCompliance,
  type RunningOperator,
} from '../../support/operator.js';

const REF = { apiVersion: 'operator.openshift.io/v1', kind: 'MachineConfiguration', name: 'cluster' };
const SERIES = { kind: 'MachineConfiguration', name: 'cluster', namespace: '' };
const SWAP = '/etc/openshift/kubelet.conf.d/90-swap.conf';
const KSM = '/usr/local/bin/kubevirt-ksm-zero-pages.sh';
const OURS = [SWAP, KSM];
const ADMIN = ['/etc/admin/registries.conf', '/etc/admin/policy.json'];
const MANAGED_BY = 'platform.kubevirt.io/managed-by';
const MANAGED = 'platform.kubevirt.io/managed';

interface PolicyFile {
  path: string;
  actions: { type: string }[];
}

const files = (obj: KubeObject | undefined): PolicyFile[] =>
  ((obj?.spec as { nodeDisruptionPolicy?: { files?: PolicyFile[] } } | undefined)?.nodeDisruptionPolicy
    ?.files ?? []) as PolicyFile[];

/** Server-Side Apply of one admin entry, as `oc apply --server-side` would send it. */
function adminEntry(path: string): KubeObject {
  return {
    apiVersion: REF.apiVersion,
    kind: REF.kind,
    metadata: { name: REF.name },
    spec: { nodeDisruptionPolicy: { files: [{ path, actions: [{ type: 'None' }] }] } },
  };
}

/** The paths of spec.nodeDisruptionPolicy.files a field manager owns, from managedFields. */
function ownedPaths(obj: KubeObject | undefined, manager: string): string[] {
  const entry = obj?.metadata.managedFields?.find((m) => m.manager === manager && m.operation === 'Apply');
  const fields = JSON.stringify(entry?.fieldsV1 ?? {});
  return [...fields.matchAll(/k:\{\\"path\\":\\"([^\\]+)\\"\}/g)].map((m) => m[1] ?? '').sort();
}

describe('nodeDisruptionPolicy: the autopilot owns only its own file entries', () => {
  let client: NodeKubeClient;
  let ns: string;
  let op: RunningOperator;
  const setHcoAnnotations = (annotations: Record<string, string | null>): Promise<KubeObject> =>
    client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: ns,
      },
      { metadata: { annotations } },
    );

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'disruption');
    await client.delete(REF);
    await client.apply(adminEntry('/etc/admin/registries.conf'), {
      fieldManager: 'admin',
      force: false,
      dryRun: false,
    });
    // What the release before this one left behind: its ownership marks, applied as ours.
    await client.apply(
      {
        apiVersion: REF.apiVersion,
        kind: REF.kind,
        metadata: {
          name: REF.name,
          labels: { [MANAGED_BY]: 'virt-platform-autopilot' },
          annotations: { [MANAGED]: 'true' },
        },
      },
      { fieldManager: 'virt-platform-autopilot', force: false, dryRun: false },
    );
    await client.create(
      hco(ns, {
        'platform.kubevirt.io/autopilot': 'node-disruption-policy',
        'platform.kubevirt.io/enable-ksm-zero-only': 'true',
      }),
    );
    op = await startOperator({ namespace: ns });
  });
  afterAll(async () => {
    await op?.stop();
    await client.delete(REF);
    client.close();
  });

  it("adds the autopilot's entries and leaves the admin's entry and its ownership alone", async () => {
    const live = await eventually(
      async () => {
        const obj = await client.get(REF);
        return OURS.every((p) => files(obj).some((f) => f.path === p)) ? obj : undefined;
      },
      { what: "the autopilot's nodeDisruptionPolicy entries" },
    );

    expect(files(live).map((f) => f.path)).toContain('/etc/admin/registries.conf');
    expect(ownedPaths(live, 'admin')).toEqual(['/etc/admin/registries.conf']);
    expect(ownedPaths(live, 'virt-platform-autopilot')).toEqual([...OURS].sort());
    await waitForCompliance(op, SERIES, 1);
  });

  it('never marks the cluster MachineConfiguration as ours, and withdraws the marks an older release put there', async () => {
    const live = await eventually(
      async () => {
        const obj = await client.get(REF);
        return obj?.metadata.labels?.[MANAGED_BY] === undefined ? obj : undefined;
      },
      { what: 'the managed-by label gone from MachineConfiguration/cluster' },
    );

    expect(live?.metadata.annotations?.[MANAGED]).toBeUndefined();
    expect(files(live).map((f) => f.path)).toEqual(expect.arrayContaining(OURS));
  });

  it("keeps an entry the admin adds later, and stays compliant (another manager's entry is no drift)", async () => {
    await client.apply(adminEntry('/etc/admin/policy.json'), {
      fieldManager: 'admin-2',
      force: false,
      dryRun: false,
    });
    await client.mergePatch(REF, { metadata: { annotations: { 'test.example/nudge': '1' } } });

    await waitForCompliance(op, SERIES, 1);
    const paths = files(await client.get(REF)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([...ADMIN, ...OURS]));
  });

  it('lists the KSM script only while KSM zero-pages is on: switching it off withdraws that entry alone', async () => {
    await setHcoAnnotations({ 'platform.kubevirt.io/enable-ksm-zero-only': null });

    const live = await eventually(
      async () => {
        const obj = await client.get(REF);
        return files(obj).some((f) => f.path === KSM) ? undefined : obj;
      },
      { what: 'the KSM entry withdrawn' },
    );
    expect(
      files(live)
        .map((f) => f.path)
        .sort(),
    ).toEqual([...ADMIN, SWAP].sort());
    await waitForCompliance(op, SERIES, 1);
  });

  it.each([
    [
      'disabled-resources names it',
      { 'platform.kubevirt.io/disabled-resources': 'MachineConfiguration/cluster' },
    ],
    ['the asset leaves the allowlist', { 'platform.kubevirt.io/autopilot': 'swap-enable' }],
    ['the autopilot is switched off', { 'platform.kubevirt.io/autopilot': 'false' }],
  ])(
    'when %s, leaves the object, the admin entries and its own entries in place, unmarked',
    async (_what, annotations: Record<string, string>) => {
      await setHcoAnnotations(annotations);

      await eventually(
        async () => metricValue(await op.scrape(), 'virt_platform_compliance_status', SERIES) === undefined,
        { what: 'the node-disruption-policy series removed (the asset is off)' },
      );
      const live = await client.get(REF);
      expect(
        files(live)
          .map((f) => f.path)
          .sort(),
      ).toEqual([...ADMIN, SWAP].sort());
      expect(live?.metadata.labels?.[MANAGED_BY]).toBeUndefined();

      await setHcoAnnotations({
        'platform.kubevirt.io/disabled-resources': null,
        'platform.kubevirt.io/autopilot': 'node-disruption-policy',
      });
      await waitForCompliance(op, SERIES, 1);
    },
  );
});
