import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { processTombstones } from '../../../operator/handlers/tombstones.js';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import { EventRecorder } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import { adminClient, createNamespace, uniqueName } from '../../support/cluster.js';

const LABEL = 'platform.kubevirt.io/managed-by';

/** The real client, with `between` run after each read returns and before the caller sees it. */
function racingClient(client: NodeKubeClient, between: (read: KubeObject) => Promise<void>): KubeClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'get') return Reflect.get(target, prop, receiver) as unknown;
      return async (ref: ObjectRef) => {
        const read = await target.get(ref);
        if (read) await between(read);
        return read;
      };
    },
  });
}

describe('tombstones against a label removed between the read and the delete', () => {
  let client: NodeKubeClient;
  let ns: string;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'tombstone-race');
  });
  afterAll(() => client.close());

  it('deletes nothing when the managed-by label disappears after the read', async () => {
    const name = uniqueName('retired');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: ns };
    await client.create({
      ...ref,
      metadata: { name, namespace: ns, labels: { [LABEL]: 'virt-platform-autopilot' } },
    });
    let raced = false;
    const racing = racingClient(client, async () => {
      if (raced) return;
      raced = true; // an admin takes the object over: the label goes just after the autopilot read it
      await client.mergePatch(ref, { metadata: { labels: { [LABEL]: null } } }, { fieldManager: 'admin' });
    });
    const logger = createLogger({ level: 'error' });

    const [status] = await processTombstones({
      tombstones: [
        {
          release: 'v0',
          file: 'tombstones/v0/retired.yaml',
          object: {
            ...ref,
            metadata: { name, namespace: ns, labels: { [LABEL]: 'virt-platform-autopilot' } },
          },
        },
      ],
      client: racing,
      metrics: new Metrics({ prefix: 'race_' }),
      events: new EventRecorder({ client, instance: 'race-test', clock: { now: () => Date.now() }, logger }),
      logger,
    });

    expect(raced).toBe(true);
    expect(await client.get(ref)).toBeDefined();
    expect(status).toMatchObject({ status: 'skipped' });
  });

  it('still deletes an object that stays ours through a conflicting edit', async () => {
    const name = uniqueName('retired');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: ns };
    const labels = { [LABEL]: 'virt-platform-autopilot' };
    await client.create({ ...ref, metadata: { name, namespace: ns, labels } });
    let edits = 0;
    const racing = racingClient(client, async () => {
      if (edits++ > 0) return;
      await client.mergePatch(ref, { data: { touched: 'yes' } }, { fieldManager: 'admin' });
    });
    const logger = createLogger({ level: 'error' });

    const [status] = await processTombstones({
      tombstones: [
        {
          release: 'v0',
          file: 'tombstones/v0/retired.yaml',
          object: { ...ref, metadata: { name, namespace: ns, labels } },
        },
      ],
      client: racing,
      metrics: new Metrics({ prefix: 'race_' }),
      events: new EventRecorder({ client, instance: 'race-test', clock: { now: () => Date.now() }, logger }),
      logger,
    });

    expect(status).toMatchObject({ status: 'deleted' });
    expect(await client.get(ref)).toBeUndefined();
  });
});
