import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { EventRecorder, REASONS, type EventSpec } from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { adminClient, createNamespace, uniqueName } from '../../support/cluster.js';

const EVENTS_V1 = { group: 'events.k8s.io', version: 'v1', kind: 'Event' };
const CORE_EVENTS = { group: '', version: 'v1', kind: 'Event' };

interface SeriesEvent extends KubeObject {
  series?: { count: number; lastObservedTime: string };
  reportingController?: string;
  involvedObject?: { name: string; kind: string };
  regarding?: { name: string };
}

describe('Events written to the real API server', () => {
  let client: NodeKubeClient;
  let ns: string;
  let recorder: EventRecorder;
  let logged: string;

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'events');
    const stream = new PassThrough();
    logged = '';
    stream.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    recorder = new EventRecorder({
      client,
      instance: 'autopilot-test-pod',
      clock: { now: () => Date.now() },
      logger: createLogger({ level: 'debug', stream }),
    });
  });
  afterAll(() => client.close());

  function spec(name: string, reason: string, namespace: string | undefined = ns): EventSpec {
    return {
      regarding: { apiVersion: 'v1', kind: 'ConfigMap', name, ...(namespace ? { namespace } : {}) },
      type: 'Warning',
      reason,
      action: reason,
      note: `something about ${name}`,
    };
  }

  async function eventsAbout(name: string, namespace = ns): Promise<SeriesEvent[]> {
    const list = await client.list(EVENTS_V1, { namespace, fieldSelector: `regarding.name=${name}` });
    return list.items as SeriesEvent[];
  }

  it('is found by regarding.name and by the core involvedObject.name field selector', async () => {
    const name = uniqueName('cm');

    await recorder.emit(spec(name, REASONS.Held));
    const modern = await eventsAbout(name);
    const core = await client.list(CORE_EVENTS, {
      namespace: ns,
      fieldSelector: `involvedObject.name=${name}`,
    });

    expect(logged).toBe('');
    expect(modern).toHaveLength(1);
    expect(modern[0]?.reportingController).toBe('virt-platform-autopilot');
    expect(modern[0]?.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(core.items.map((e) => (e as SeriesEvent).involvedObject?.name)).toEqual([name]);
  });

  it('is found by the reportingController, reason and type selectors the runbooks use', async () => {
    const name = uniqueName('cm');
    const selectors = [
      'reportingController=virt-platform-autopilot',
      `reason=${REASONS.DriftCorrected},type=Warning`,
    ];

    await recorder.emit(spec(name, REASONS.DriftCorrected));
    const found = await Promise.all(
      selectors.map(async (fieldSelector) => {
        const list = await client.list(EVENTS_V1, { namespace: ns, fieldSelector });
        return list.items.some((e) => (e as SeriesEvent).regarding?.name === name);
      }),
    );
    const core = await client.list(CORE_EVENTS, {
      namespace: ns,
      fieldSelector: `reason=${REASONS.DriftCorrected}`,
    });

    expect(found).toEqual([true, true]);
    expect(core.items.map((e) => (e as SeriesEvent).involvedObject?.name)).toContain(name);
  });

  it('folds five repeats within the window into one Event whose series counts five', async () => {
    const name = uniqueName('cm');

    for (let i = 0; i < 5; i++) await recorder.emit(spec(name, REASONS.Throttled));
    const events = await eventsAbout(name);

    expect(events).toHaveLength(1);
    expect(events[0]?.series?.count).toBe(5);
    expect(events[0]?.series?.lastObservedTime).toMatch(/\.\d{6}Z$/);
  });

  it('writes a second Event when the reason differs', async () => {
    const name = uniqueName('cm');

    await recorder.emit(spec(name, REASONS.Throttled));
    await recorder.emit(spec(name, REASONS.ApplyFailed));
    const events = await eventsAbout(name);

    expect(events.map((e) => e.reason).sort()).toEqual([REASONS.ApplyFailed, REASONS.Throttled]);
  });

  it('records an Event about a cluster-scoped object where kubectl can find it', async () => {
    const name = uniqueName('mc');
    const clusterScoped: EventSpec = {
      ...spec(name, REASONS.TombstoneSkipped, undefined),
      regarding: { apiVersion: 'machineconfiguration.openshift.io/v1', kind: 'MachineConfig', name },
    };

    await recorder.emit(clusterScoped);
    const core = await client.list(CORE_EVENTS, { fieldSelector: `involvedObject.name=${name}` });

    expect(logged).toBe('');
    expect(core.items.map((e) => e.metadata.namespace)).toEqual(['default']);
  });

  it('accepts a note far over the 1 KiB limit, cut on a character boundary', async () => {
    const name = uniqueName('cm');
    const long = { ...spec(name, REASONS.ApplyFailed), note: 'é'.repeat(1500) };

    await recorder.emit(long);
    const events = await eventsAbout(name);

    expect(logged).toBe('');
    expect(Buffer.byteLength(String(events[0]?.note))).toBeLessThanOrEqual(1024);
    expect(String(events[0]?.note)).toMatch(/^é+\.\.\.$/);
  });
});
