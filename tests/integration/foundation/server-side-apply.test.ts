import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient, createNamespace, hco } from '../../support/cluster.js';

const MANAGER = 'virt-platform-autopilot';

function migrations(obj: KubeObject): { parallelMigrationsPerCluster: number } {
  return (obj.spec as { virtualization: { liveMigrationConfig: { parallelMigrationsPerCluster: number } } })
    .virtualization.liveMigrationConfig;
}

describe('the API server ground the pipeline stands on', () => {
  let client: NodeKubeClient;
  let ns: string;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'ssa');
  });
  afterAll(() => client.close());

  it('reports the control plane version it runs', async () => {
    const version = JSON.parse(await client.getRaw('/version')) as { gitVersion: string };

    expect(version.gitVersion).toMatch(/^v1\.36\./);
    process.stderr.write(`[foundation] kube-apiserver ${version.gitVersion}\n`);
  });

  it('creates a HyperConverged through the real CRD schema, with defaults filled in', async () => {
    const created = await client.create(hco(ns));

    expect(created.metadata.uid).toBeTruthy();
    expect(
      (created.spec as { virtualization?: { liveMigrationConfig?: unknown } }).virtualization
        ?.liveMigrationConfig,
    ).toBeDefined(); // a CRD default
  });

  it('applies with the autopilot field manager and a dry-run of the same object changes nothing', async () => {
    const desired = hco(
      ns,
      { 'platform.kubevirt.io/managed': 'true' },
      { deployment: { deployVmConsoleProxy: false } },
    );
    desired.metadata.namespace = await createNamespace(client, 'ssa-dry');
    const applied = await client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: false });

    const dry = await client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: true });
    const live = await client.get({
      ...desired,
      name: 'kubevirt-hyperconverged',
      namespace: desired.metadata.namespace,
    });

    expect(
      applied.metadata.managedFields?.some((f) => f.manager === MANAGER && f.operation === 'Apply'),
    ).toBe(true);
    expect(dry.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
    expect(live?.metadata.resourceVersion).toBe(applied.metadata.resourceVersion);
  });

  it('shows another manager in managedFields and a dry-run apply reveals its drift', async () => {
    const desired = hco(
      ns,
      {},
      { virtualization: { liveMigrationConfig: { parallelMigrationsPerCluster: 5 } } },
    );
    desired.metadata.namespace = await createNamespace(client, 'ssa-drift');
    await client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: false });
    const live = (await client.get({
      ...desired,
      name: 'kubevirt-hyperconverged',
      namespace: desired.metadata.namespace,
    })) as KubeObject;
    migrations(live).parallelMigrationsPerCluster = 9;

    const edited = await client.replace(live, { fieldManager: 'kubectl-edit' });
    const dry = await client.apply(desired, { fieldManager: MANAGER, force: true, dryRun: true });

    expect(edited.metadata.managedFields?.map((f) => f.manager)).toEqual(
      expect.arrayContaining([MANAGER, 'kubectl-edit']),
    );
    expect(migrations(edited).parallelMigrationsPerCluster).toBe(9);
    expect(migrations(dry).parallelMigrationsPerCluster).toBe(5);
  });

  it('keeps unknown fields of a built-in kind through the raw JSON round trip', async () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'raw', namespace: ns, annotations: { 'x/y': 'z' } },
      data: { 'config.yaml': 'a: 1\n' },
      binaryData: { blob: Buffer.from([0, 1, 2]).toString('base64') },
      immutable: false,
    };

    await client.apply(cm, { fieldManager: MANAGER, force: true, dryRun: false });
    const live = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'raw', namespace: ns });

    expect(live?.binaryData).toEqual(cm.binaryData);
    expect(live?.immutable).toBe(false);
    expect(live?.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('answers not found as a value and not served as undefined', async () => {
    const missing = await client.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'nope', namespace: ns });
    const unserved = await client.resolve({ group: 'example.invalid', version: 'v1', kind: 'Nothing' });

    expect(missing).toBeUndefined();
    expect(unserved).toBeUndefined();
  });
});
