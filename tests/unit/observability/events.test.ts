import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ObjectRef } from '../../../operator/kube/types.js';
import {
  EventRecorder,
  REASONS,
  SERIES_WINDOW_MS,
  type EventSpec,
} from '../../../operator/observability/events.js';
import { createLogger } from '../../../operator/observability/logger.js';

const START = Date.UTC(2026, 10, 22, 7, 0, 0);

interface Call {
  verb: 'create' | 'patch';
  body: unknown;
  ref?: ObjectRef;
}

/** Records writes; `failNext` makes the next call of a verb throw. */
class FakeEventsClient {
  readonly calls: Call[] = [];
  failNext: Call['verb'] | undefined;
  private created = 0;

  async create(obj: KubeObject): Promise<KubeObject> {
    this.calls.push({ verb: 'create', body: obj });
    if (this.failNext === 'create') return this.fail();
    this.created += 1;
    return { ...obj, metadata: { ...obj.metadata, name: `event-${this.created}` } };
  }

  async mergePatch(ref: ObjectRef, patch: unknown): Promise<KubeObject> {
    this.calls.push({ verb: 'patch', body: patch, ref });
    if (this.failNext === 'patch') return this.fail();
    return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name } };
  }

  private fail(): never {
    this.failNext = undefined;
    throw new Error('create Event/ns/x failed (HTTP 403): forbidden');
  }
}

function setup(): {
  recorder: EventRecorder;
  client: FakeEventsClient;
  clock: { t: number };
  log: () => string;
} {
  const client = new FakeEventsClient();
  const clock = { t: START };
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const recorder = new EventRecorder({
    client,
    instance: 'virt-platform-autopilot-7d9f-abcde',
    clock: { now: () => clock.t },
    logger: createLogger({ level: 'debug', stream }),
  });
  return { recorder, client, clock, log: () => text };
}

function throttled(note = 'kubectl-edit keeps changing spec.replicas'): EventSpec {
  return {
    regarding: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      namespace: 'openshift-cnv',
      uid: 'u-1',
    },
    type: 'Warning',
    reason: REASONS.Throttled,
    action: REASONS.Throttled,
    note,
  };
}

describe('EventRecorder', () => {
  it('creates an events.k8s.io/v1 Event regarding the object, with a MicroTime', async () => {
    const { recorder, client } = setup();

    await recorder.emit(throttled());

    expect(client.calls).toEqual([
      {
        verb: 'create',
        body: {
          apiVersion: 'events.k8s.io/v1',
          kind: 'Event',
          metadata: { generateName: 'web-', namespace: 'openshift-cnv' },
          eventTime: '2026-11-22T07:00:00.000000Z',
          reportingController: 'virt-platform-autopilot',
          reportingInstance: 'virt-platform-autopilot-7d9f-abcde',
          action: 'Throttled',
          reason: 'Throttled',
          note: 'kubectl-edit keeps changing spec.replicas',
          type: 'Warning',
          regarding: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            namespace: 'openshift-cnv',
            uid: 'u-1',
          },
        },
      },
    ]);
  });

  it('patches the series of the existing Event for identical repeats within the window', async () => {
    const { recorder, client, clock } = setup();
    await recorder.emit(throttled());

    clock.t += 60_000;
    await recorder.emit(throttled());
    clock.t += 60_000;
    await recorder.emit(throttled());

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'patch', 'patch']);
    expect(client.calls[2]).toEqual({
      verb: 'patch',
      ref: { apiVersion: 'events.k8s.io/v1', kind: 'Event', name: 'event-1', namespace: 'openshift-cnv' },
      body: { series: { count: 3, lastObservedTime: '2026-11-22T07:02:00.000000Z' } },
    });
  });

  it('starts a new Event when the note names a different problem, so the old note never hides it', async () => {
    const { recorder, client, clock } = setup();
    await recorder.emit(throttled());

    clock.t += 60_000;
    await recorder.emit(throttled('a different note'));

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'create']);
  });

  it('measures the window from the last occurrence, so a steady series keeps growing', async () => {
    const { recorder, client, clock } = setup();

    for (let i = 0; i < 4; i++) {
      await recorder.emit(throttled());
      clock.t += SERIES_WINDOW_MS - 1000;
    }

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'patch', 'patch', 'patch']);
  });

  it('starts a new Event once the window since the last occurrence has passed', async () => {
    const { recorder, client, clock } = setup();
    await recorder.emit(throttled());

    clock.t += SERIES_WINDOW_MS + 1;
    await recorder.emit(throttled());

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'create']);
  });

  it.each([
    ['reason', { reason: REASONS.ApplyFailed }],
    ['action', { action: 'Apply' }],
    ['type', { type: 'Normal' as const }],
    [
      'regarding object',
      { regarding: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'x' } },
    ],
  ])('creates a separate Event when the %s differs', async (_what, change) => {
    const { recorder, client } = setup();

    await recorder.emit(throttled());
    await recorder.emit({ ...throttled(), ...change });

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'create']);
  });

  it('sends one create and ordered patches for occurrences that arrive together', async () => {
    const { recorder, client } = setup();

    await Promise.all([1, 2, 3, 4, 5].map(() => recorder.emit(throttled())));
    const counts = client.calls.map((c) => (c.body as { series?: { count: number } }).series?.count);

    expect(client.calls.filter((c) => c.verb === 'create')).toHaveLength(1);
    expect(counts.at(-1)).toBe(5);
    expect(counts.slice(1)).toEqual([...counts.slice(1)].sort());
  });

  it('puts Events about cluster-scoped objects in the default namespace', async () => {
    const { recorder, client } = setup();
    const spec = {
      ...throttled(),
      regarding: {
        apiVersion: 'machineconfiguration.openshift.io/v1',
        kind: 'MachineConfig',
        name: '50-swap',
      },
    };

    await recorder.emit(spec);

    expect((client.calls[0]?.body as KubeObject).metadata.namespace).toBe('default');
  });

  it('logs and drops a failed create without throwing, and tries again next time', async () => {
    const { recorder, client, log } = setup();
    client.failNext = 'create';

    await recorder.emit(throttled());
    await recorder.emit(throttled());

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'create']);
    expect(JSON.parse(log().split('\n')[0] ?? '{}')).toMatchObject({
      level: 'warn',
      message: 'event dropped: write failed',
      reason: 'Throttled',
      kind: 'Deployment',
      name: 'web',
      namespace: 'openshift-cnv',
      error: expect.stringContaining('HTTP 403'),
    });
  });

  it('starts a new Event when patching the series fails (the old one may have expired)', async () => {
    const { recorder, client } = setup();
    await recorder.emit(throttled());
    client.failNext = 'patch';

    await recorder.emit(throttled());
    await recorder.emit(throttled());

    expect(client.calls.map((c) => c.verb)).toEqual(['create', 'patch', 'create']);
  });
});
