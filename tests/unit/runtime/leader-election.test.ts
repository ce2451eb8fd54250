import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { KubeApiError } from '../../../operator/errors.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { LeaderElector, type LeaderElectionOptions } from '../../../operator/runtime/leader-election.js';
import { formatMicroTime, type LeaseSpec } from '../../../operator/runtime/lease-record.js';
import { FakeKubeClient } from '../../support/fake-kube-client.js';

// Fake timers also fake Date.now, so the elector's clock and its sleeps move together; no jitter.
const clock = { now: () => Date.now() };
const LEASE = 'Lease/ns/autopilot';

/** A Lease as another candidate (or we) wrote it at `renewedAtMs`. */
function lease(holderIdentity: string, renewedAtMs: number, extra: Partial<LeaseSpec> = {}): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'autopilot', namespace: 'ns' },
    spec: {
      holderIdentity,
      leaseDurationSeconds: 15,
      acquireTime: formatMicroTime(renewedAtMs),
      renewTime: formatMicroTime(renewedAtMs),
      leaseTransitions: 2,
      ...extra,
    },
  };
}

function election(options: Partial<LeaderElectionOptions> = {}) {
  const client = new FakeKubeClient();
  const logs: { level: string; message: string; [k: string]: unknown }[] = [];
  const stream = new Writable({
    write: (chunk, _e, done) => {
      logs.push(JSON.parse(String(chunk)) as { level: string; message: string });
      done();
    },
  });
  const calls: string[] = [];
  const elector = new LeaderElector(client, {
    namespace: 'ns',
    name: 'autopilot',
    identity: 'me',
    clock,
    logger: createLogger({ level: 'debug', stream }),
    ...options,
  });
  const start = (): void =>
    elector.run({
      onStartedLeading: () => void calls.push('started'),
      onStoppedLeading: () => void calls.push('stopped'),
    });
  const spec = (): LeaseSpec => (client.objects.get(LEASE)?.spec ?? {}) as LeaseSpec;
  const messages = (): string[] => logs.map((l) => l.message);
  return { client, elector, calls, start, spec, logs, messages };
}

/** Lets the elector's promises run and moves the fake time on. */
const tick = (ms = 0): Promise<void> => jest.advanceTimersByTimeAsync(ms);

describe('leader election on a Lease', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T07:00:00.000Z') });
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('creates a missing lease, holds it and starts leading once', async () => {
    const e = election({ leaseDurationMs: 20_400 });

    e.start();
    await tick();

    expect(e.calls).toEqual(['started']);
    expect(e.elector.isLeader).toBe(true);
    expect(e.spec()).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 20,
      acquireTime: '2026-11-22T07:00:00.000000Z',
      renewTime: '2026-11-22T07:00:00.000000Z',
      leaseTransitions: 0,
    });
    expect(e.messages()).toContain('became leader');
    expect(e.client.objects.get(LEASE)?.apiVersion).toBe('coordination.k8s.io/v1');
  });

  it('writes a lease duration of at least one second', async () => {
    const e = election({ leaseDurationMs: 200 });

    e.start();
    await tick();

    expect(e.spec().leaseDurationSeconds).toBe(1);
  });

  it('renews every retry period, keeping acquireTime and the transition count', async () => {
    const e = election({ retryPeriodMs: 2000 });
    e.start();
    await tick();

    await tick(1999);
    const before = e.spec().renewTime;
    await tick(1);

    expect(before).toBe('2026-11-22T07:00:00.000000Z');
    expect(e.spec()).toMatchObject({
      renewTime: '2026-11-22T07:00:02.000000Z',
      acquireTime: '2026-11-22T07:00:00.000000Z',
      leaseTransitions: 0,
    });
    expect(e.calls).toEqual(['started']);
  });

  it('does not take a lease another holder keeps renewing', async () => {
    const e = election();
    e.client.seed(lease('other', Date.now()));

    e.start();
    for (let i = 0; i < 20; i++) {
      await tick(2000);
      e.client.seed(lease('other', Date.now()));
    }

    expect(e.calls).toEqual([]);
    expect(e.elector.isLeader).toBe(false);
    expect(e.spec().holderIdentity).toBe('other');
  });

  it('takes over a lease whose holder stopped renewing, once expired and unchanged for a full duration', async () => {
    const e = election({ retryPeriodMs: 2000 });
    const start = Date.now();
    // Renewed 14 s ago by the holder's clock, 15 s duration: expires in 1 s, but we only now start watching.
    e.client.seed(lease('other', start - 14_000));

    e.start();
    await tick(14_000);
    const whileObserving = e.calls.length;
    await tick(2000);

    expect(whileObserving).toBe(0);
    expect(e.calls).toEqual(['started']);
    expect(e.spec()).toMatchObject({ holderIdentity: 'me', leaseTransitions: 3 });
    expect(Date.parse(e.spec().acquireTime as string)).toBeGreaterThan(start + 15_000);
  });

  it('takes a released lease (no holder) at once', async () => {
    const e = election();
    e.client.seed(lease('', Date.now()));

    e.start();
    await tick();

    expect(e.calls).toEqual(['started']);
    expect(e.spec()).toMatchObject({ holderIdentity: 'me', leaseTransitions: 3 });
  });

  it('steps down when another holder took the lease, then campaigns again', async () => {
    const e = election({ retryPeriodMs: 2000 });
    e.start();
    await tick();

    e.client.seed(lease('other', Date.now()));
    await tick(2000);
    const afterLoss = [...e.calls];
    const leaderAfterLoss = e.elector.isLeader;
    e.client.seed(lease('', Date.now()));
    await tick(2000);

    expect(afterLoss).toEqual(['started', 'stopped']);
    expect(leaderAfterLoss).toBe(false);
    expect(e.messages()).toContain('leader lease taken by another holder');
    expect(e.messages()).toContain('stopped leading: lease lost');
    expect(e.calls).toEqual(['started', 'stopped', 'started']);
  });

  it('keeps leading when a renewal succeeds within the renew deadline of the last one', async () => {
    const e = election({ retryPeriodMs: 2000, renewDeadlineMs: 10_000 });
    e.start();
    await tick();
    e.client.failNext('get', new KubeApiError('unavailable', 503, 'ServiceUnavailable'), 3);

    await tick(8000);
    await tick(8000);

    expect(e.calls).toEqual(['started']);
    expect(e.elector.isLeader).toBe(true);
    expect(e.spec().renewTime).toBe('2026-11-22T07:00:16.000000Z');
    expect(e.messages().filter((m) => m === 'leader lease attempt failed')).toHaveLength(3);
  });

  it('steps down when it cannot renew within the renew deadline', async () => {
    const e = election({ retryPeriodMs: 2000, renewDeadlineMs: 10_000 });
    e.start();
    await tick();
    e.client.failNext('get', new KubeApiError('unavailable', 503, 'ServiceUnavailable'), 100);

    await tick(8000);
    const before = [...e.calls];
    await tick(2000);

    expect(before).toEqual(['started']);
    expect(e.calls).toEqual(['started', 'stopped']);
    // One acquire, four renewals, none at the deadline itself, then the new campaign's first attempt.
    expect(e.client.count('get')).toBe(6);
    expect(e.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'leader lease attempt failed',
        error: 'unavailable',
      }),
    );
    expect(e.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'leader lease not renewed within the renew deadline',
        renewDeadlineMs: 10_000,
      }),
    );
  });

  it('steps down when a renewal hangs past the renew deadline', async () => {
    const e = election({ retryPeriodMs: 2000, renewDeadlineMs: 5000 });
    e.start();
    await tick();
    const get = e.client.get.bind(e.client);
    jest.spyOn(e.client, 'get').mockImplementation(() => new Promise(() => undefined));

    await tick(4999);
    const before = [...e.calls];
    await tick(1);
    jest.spyOn(e.client, 'get').mockImplementation(get);

    expect(before).toEqual(['started']);
    expect(e.calls).toEqual(['started', 'stopped']);
  });

  it('counts a lost write race (409) as a failed attempt and logs it only at debug', async () => {
    const e = election();
    e.client.failNext('create', new KubeApiError('already exists', 409, 'AlreadyExists'));

    e.start();
    await tick();
    const first = [...e.calls];
    await tick(2000);

    expect(first).toEqual([]);
    expect(e.calls).toEqual(['started']);
    expect(e.logs).toContainEqual(
      expect.objectContaining({ level: 'debug', message: 'leader lease write lost a race' }),
    );
    expect(e.messages()).not.toContain('leader lease attempt failed');
  });

  it('waits the retry period between acquire attempts', async () => {
    const e = election({ retryPeriodMs: 3000 });
    e.client.seed(lease('other', Date.now()));

    e.start();
    await tick();
    const first = e.client.count('get');
    await tick(2999);
    const beforePeriod = e.client.count('get');
    await tick(1);

    expect([first, beforePeriod, e.client.count('get')]).toEqual([1, 1, 2]);
  });

  it('logs a callback that throws and keeps leading', async () => {
    const e = election();

    e.elector.run({
      onStartedLeading: () => {
        throw new Error('boom');
      },
      onStoppedLeading: () => undefined,
    });
    await tick();

    expect(e.elector.isLeader).toBe(true);
    expect(e.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'leader election callback failed',
        callback: 'onStartedLeading',
        error: 'boom',
      }),
    );
  });

  it('campaigns once however often run is called', async () => {
    const e = election();

    e.start();
    e.start();
    await tick();

    expect(e.calls).toEqual(['started']);
    expect(e.client.count('get')).toBe(1);
  });

  it('labels its log lines with the lease and its identity', async () => {
    const e = election();

    e.start();
    await tick();

    expect(e.logs).toContainEqual(
      expect.objectContaining({ message: 'became leader', lease: 'ns/autopilot', identity: 'me' }),
    );
  });
});

describe('releasing the lease', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-22T07:00:00.000Z') });
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('hands a held lease back (no holder, 1 s) without calling onStoppedLeading', async () => {
    const e = election();
    e.start();
    await tick(5000);

    await e.elector.release();

    expect(e.elector.isLeader).toBe(false);
    expect(e.calls).toEqual(['started']);
    expect(e.spec()).toMatchObject({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      renewTime: '2026-11-22T07:00:05.000000Z',
      acquireTime: '2026-11-22T07:00:05.000000Z',
      leaseTransitions: 0,
    });
    expect(e.messages()).toEqual(expect.arrayContaining(['stopped leading', 'leader lease released']));
    expect(e.logs).toContainEqual(
      expect.objectContaining({ message: 'stopped leading', reason: 'released' }),
    );
  });

  it('stops renewing and never campaigns again after release', async () => {
    const e = election();
    e.start();
    await tick();
    await e.elector.release();
    const requests = e.client.served.length;

    e.start();
    await tick(60_000);

    expect(e.client.served.length).toBe(requests);
    expect(e.calls).toEqual(['started']);
  });

  it('leaves a lease someone else holds alone', async () => {
    const e = election();
    e.client.seed(lease('other', Date.now()));
    e.start();
    await tick();

    await e.elector.release();

    expect(e.spec().holderIdentity).toBe('other');
    expect(e.client.count('replace')).toBe(0);
    expect(e.messages()).not.toContain('stopped leading');
  });

  it('does nothing when there is no lease at all', async () => {
    const e = election();

    await e.elector.release();

    expect(e.client.objects.size).toBe(0);
    expect(e.client.count('replace')).toBe(0);
  });

  it('retries a conflicting release, up to three times', async () => {
    const e = election();
    e.start();
    await tick();
    e.client.failNext('replace', new KubeApiError('conflict', 409, 'Conflict'), 2);

    await e.elector.release();

    expect(e.spec().holderIdentity).toBe('');
    expect(e.client.count('replace')).toBe(3);
  });

  it('gives up after three conflicts', async () => {
    const e = election();
    e.start();
    await tick();
    e.client.failNext('replace', new KubeApiError('conflict', 409, 'Conflict'), 5);

    await e.elector.release();

    expect(e.spec().holderIdentity).toBe('me');
    expect(e.client.count('replace')).toBe(3);
  });

  it('gives up at once on any other error, and says so', async () => {
    const e = election();
    e.start();
    await tick();
    e.client.failNext('replace', new KubeApiError('forbidden', 403, 'Forbidden'), 5);

    await e.elector.release();

    expect(e.client.count('replace')).toBe(1);
    expect(e.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'leader lease release failed', error: 'forbidden' }),
    );
  });

  it('hands back a lease an attempt in flight won just as it was stopped', async () => {
    const e = election();
    let resolveGet: (o: KubeObject | undefined) => void = () => undefined;
    const get = e.client.get.bind(e.client);
    const spy = jest.spyOn(e.client, 'get').mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          resolveGet = resolve;
        }),
    );
    e.start();
    await tick();

    const released = e.elector.release();
    spy.mockImplementation(get);
    resolveGet(undefined);
    await tick();
    await released;

    expect(e.calls).toEqual([]);
    expect(e.client.count('create') + e.client.count('replace')).toBeGreaterThanOrEqual(1);
    expect(e.spec().holderIdentity ?? '').toBe('');
  });
});
