import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, eventually, hco } from '../../support/cluster.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';

const REF = { apiVersion: 'operator.openshift.io/v1', kind: 'MachineConfiguration', name: 'cluster' };
const SERIES = { kind: 'MachineConfiguration', name: 'cluster', namespace: '' };
const OURS = ['/etc/openshift/kubelet.conf.d/90-swap.conf', '/usr/local/bin/kubevirt-ksm-zero-pages.sh'];

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

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'disruption');
    await client.delete(REF);
    await client.apply(adminEntry('/etc/admin/registries.conf'), {
      fieldManager: 'admin',
      force: false,
      dryRun: false,
    });
    await client.create(hco(ns, { 'platform.kubevirt.io/autopilot': 'node-disruption-policy' }));
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

  it("keeps an entry the admin adds later, and stays compliant (another manager's entry is no drift)", async () => {
    await client.apply(adminEntry('/etc/admin/policy.json'), {
      fieldManager: 'admin-2',
      force: false,
      dryRun: false,
    });
    await client.mergePatch(REF, { metadata: { annotations: { 'test.example/nudge': '1' } } });

    await waitForCompliance(op, SERIES, 1);
    const paths = files(await client.get(REF)).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/etc/admin/registries.conf', '/etc/admin/policy.json', ...OURS]),
    );
  });
});
