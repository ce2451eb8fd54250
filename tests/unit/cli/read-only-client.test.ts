import { describe, expect, it } from '@jest/globals';
import type { ApplyOptions, KubeClient } from '../../../operator/kube/client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { ReadOnlyClient, WriteRefusedError } from '../../../operator/render/read-only-client.js';

const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'm', namespace: 'ns' } };
const ref: ObjectRef = { apiVersion: 'v1', kind: 'Service', name: 'm', namespace: 'ns' };
const FORCE = { fieldManager: 'virt-platform-autopilot', force: true };

/** A server that answers reads and dry-runs and records every call it receives. */
function recordingServer(): { client: KubeClient; calls: string[] } {
  const calls: string[] = [];
  const client = {
    get: async () => {
      calls.push('get');
      return svc;
    },
    apply: async (obj: KubeObject, options: ApplyOptions) => {
      calls.push(`apply dryRun=${options.dryRun}`);
      return { ...obj, spec: { defaulted: true } };
    },
    create: async () => void calls.push('create'),
    replace: async () => void calls.push('replace'),
    mergePatch: async () => void calls.push('mergePatch'),
    delete: async () => void calls.push('delete'),
  };
  return { client: client as unknown as KubeClient, calls };
}

describe('ReadOnlyClient', () => {
  it('passes reads and dry-runs through and keeps the dry-run answer by object key', async () => {
    const server = recordingServer();
    const client = new ReadOnlyClient(server.client);

    const live = await client.get(ref);
    await client.apply(svc, { ...FORCE, dryRun: true });

    expect(live).toBe(svc);
    expect(server.calls).toEqual(['get', 'apply dryRun=true']);
    expect(client.dryRunOf('Service/ns/m')?.spec).toEqual({ defaulted: true });
  });

  it.each<[string, (c: ReadOnlyClient) => Promise<unknown>]>([
    ['a real apply', (c) => c.apply(svc, { ...FORCE, dryRun: false })],
    ['a create', (c) => c.create(svc)],
    ['a replace', (c) => c.replace(svc)],
    ['a merge patch', (c) => c.mergePatch(ref)],
    ['a delete', (c) => c.delete(ref)],
  ])('refuses %s without reaching the server', async (_case, write) => {
    const server = recordingServer();

    await expect(write(new ReadOnlyClient(server.client))).rejects.toThrow(WriteRefusedError);

    expect(server.calls).toEqual([]);
  });

  it('names the refused write and the object', async () => {
    const attempt = new ReadOnlyClient(recordingServer().client).delete(ref);

    await expect(attempt).rejects.toThrow('delete Service/ns/m refused: previews never write to the cluster');
  });

  it('fails every call when it has no cluster (offline render)', async () => {
    const client = new ReadOnlyClient();

    await expect(client.get(ref)).rejects.toThrow('get Service/ns/m: no cluster (offline render)');
    await expect(client.apply(svc, { ...FORCE, dryRun: true })).rejects.toThrow(/no cluster/);
  });
});
