import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { OperatorError, RetryLaterError, TerminalError } from '../../../operator/errors.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import type { ReconcileResult } from '../../../operator/reconcile.js';
import { Controller } from '../../../operator/runtime/controller.js';
import { WorkQueue } from '../../../operator/runtime/work-queue.js';

// Fake timers also fake Date.now, so the queue's clock and its timers move together.
const clock = { now: () => Date.now() };

type Req = { name: string; version?: number };

/** A controller over a queue on fake time; each reconcile answers from a script and is recorded with its time. */
function setup(script: (req: Req, call: number) => ReconcileResult<Req> | Error) {
  const queue = new WorkQueue({ clock, qps: 1000, burst: 1000 });
  const runs: { name: string; at: number; version?: number }[] = [];
  const t0 = Date.now();
  const metrics = new Metrics();
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write: (chunk, _e, done) => {
      logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const controller = new Controller<Req>(
    queue,
    {
      key: (r) => r.name,
      reconcile: async (r) => {
        runs.push({ name: r.name, at: Date.now() - t0, ...(r.version ? { version: r.version } : {}) });
        const answer = script(r, runs.filter((c) => c.name === r.name).length);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    metrics,
    createLogger({ level: 'info', stream }),
  );
  const times = (name: string): number[] => runs.filter((r) => r.name === name).map((r) => r.at);
  const counted = async (family: string, label = ''): Promise<number> => {
    const line = (await metrics.registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${family}${label} `) || l.startsWith(`${family}${label}{`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { queue, controller, runs, times, logs, counted };
}

const tick = (ms = 0): Promise<void> => jest.advanceTimersByTimeAsync(ms);

describe('the controller requeues what the policy decides, on time', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs a request again after the requeueAfter its result asks for, not before', async () => {
    const s = setup((_r, call) => (call === 1 ? { requeueAfterMs: 5000 } : {}));
    s.controller.enqueue({ name: 'a' });
    s.controller.start();

    await tick(4999);
    const early = s.times('a');
    await tick(1);

    expect(early).toEqual([0]);
    expect(s.times('a')).toEqual([0, 5000]);
    s.queue.shutDown();
  });

  it('retries a transient error with the queue’s per-key backoff: 1 s, then 2 s, then 4 s', async () => {
    const s = setup(() => new OperatorError('unavailable'));
    s.controller.enqueue({ name: 'a' });
    s.controller.start();

    await tick(7000);

    expect(s.times('a')).toEqual([0, 1000, 3000, 7000]);
    expect(await s.counted('virt_platform_workqueue_retries_total')).toBe(4);
    expect(await s.counted('virt_platform_reconcile_total', '{result="error"}')).toBe(4);
    expect(s.logs[0]).toMatchObject({
      level: 'warn',
      message: 'reconcile failed; retrying with backoff',
      key: 'a',
      retryInMs: 1000,
      error: 'unavailable',
    });
    s.queue.shutDown();
  });

  it('never retries a terminal error by itself: only a new event brings the request back', async () => {
    const s = setup((_r, call) => (call === 1 ? new TerminalError('rejected') : {}));
    s.controller.enqueue({ name: 'a' });
    s.controller.start();

    await tick(600_000);
    const alone = s.times('a');
    s.controller.enqueue({ name: 'a' });
    await tick();

    expect(alone).toEqual([0]);
    expect(s.times('a')).toEqual([0, 600_000]);
    expect(s.queue.failures('a')).toBe(0);
    expect(await s.counted('virt_platform_workqueue_retries_total')).toBe(0);
    expect(s.logs[0]).toMatchObject({
      level: 'warn',
      message: 'reconcile failed permanently; waiting for the next change',
      key: 'a',
      error: 'rejected',
    });
    s.queue.shutDown();
  });

  it('waits out a RetryLaterError’s delay without counting a failure', async () => {
    const s = setup((_r, call) => (call === 1 ? new RetryLaterError('pool updating', 30_000) : {}));
    s.controller.enqueue({ name: 'a' });
    s.controller.start();

    await tick(30_000);

    expect(s.times('a')).toEqual([0, 30_000]);
    expect(s.queue.failures('a')).toBe(0);
    expect(await s.counted('virt_platform_reconcile_total', '{result="requeue"}')).toBe(1);
    expect(await s.counted('virt_platform_workqueue_retries_total')).toBe(0);
    s.queue.shutDown();
  });

  it('forgets earlier failures when a request is requeued after a success', async () => {
    const s = setup((_r, call) => (call === 1 ? new OperatorError('once') : { requeueAfterMs: 60_000 }));
    s.controller.enqueue({ name: 'a' });
    s.controller.start();

    await tick(1000);

    expect(s.times('a')).toEqual([0, 1000]);
    expect(s.queue.failures('a')).toBe(0);
    s.queue.shutDown();
  });

  it('runs a follow-up after its delay, and a backoff follow-up after the first backoff step', async () => {
    const s = setup((r) =>
      r.name === 'pass'
        ? {
            followUps: [
              { request: { name: 'later' }, afterMs: 5000 },
              { request: { name: 'retry' }, backoff: true },
            ],
          }
        : {},
    );
    s.controller.enqueue({ name: 'pass' });
    s.controller.start();

    await tick(10_000);

    expect(s.times('later')).toEqual([5000]);
    expect(s.times('retry')).toEqual([1000]);
    s.queue.shutDown();
  });

  it('runs an enqueueAfter request after its delay, the earlier of two delays winning', async () => {
    const s = setup(() => ({}));
    s.controller.start();

    s.controller.enqueueAfter({ name: 'a' }, 8000);
    s.controller.enqueueAfter({ name: 'a' }, 3000);
    await tick(10_000);

    expect(s.times('a')).toEqual([3000]);
    s.queue.shutDown();
  });

  it('runs a request enqueued while it runs once more afterwards, with the latest version of it', async () => {
    const hook: { during?: () => void } = {};
    const s = setup((_r, call) => {
      if (call === 1) hook.during?.();
      return {};
    });
    hook.during = () => {
      s.controller.enqueue({ name: 'a', version: 2 });
      s.controller.enqueue({ name: 'a', version: 3 });
    };
    s.controller.enqueue({ name: 'a', version: 1 });
    s.controller.start();

    await tick();

    expect(s.runs.map((r) => r.version)).toEqual([1, 3]);
    s.queue.shutDown();
  });

  it('runs one loop however often it is started, and stops when the queue shuts down', async () => {
    const s = setup(() => ({}));
    s.controller.start();
    s.controller.start();
    s.controller.enqueue({ name: 'a' });
    await tick();

    s.queue.shutDown();
    await s.controller.stopped();
    s.controller.enqueue({ name: 'b' });
    await tick(1000);

    expect(s.runs.map((r) => r.name)).toEqual(['a']);
  });

  it('drops a request whose result carries a terminal error, after scheduling its follow-ups', async () => {
    const s = setup((r, call) =>
      r.name === 'pass' && call === 1
        ? {
            error: new TerminalError('template broken'),
            followUps: [{ request: { name: 'other' }, afterMs: 1000 }],
          }
        : {},
    );
    s.controller.enqueue({ name: 'pass' });
    s.controller.start();

    await tick(600_000);

    expect(s.times('pass')).toEqual([0]);
    expect(s.times('other')).toEqual([1000]);
    expect(s.logs[0]).toMatchObject({
      message: 'reconcile failed permanently; waiting for the next change',
      error: 'template broken',
    });
    s.queue.shutDown();
  });

  it('forgets the failures a request had when it then fails terminally', async () => {
    const s = setup((_r, call) =>
      call === 1 ? new OperatorError('transient') : new TerminalError('now terminal'),
    );
    s.controller.enqueue({ name: 'a' });
    s.controller.start();
    await tick();
    const afterFirst = s.queue.failures('a');

    await tick(1000);

    expect(afterFirst).toBe(1);
    expect(s.times('a')).toEqual([0, 1000]);
    expect(s.queue.failures('a')).toBe(0);
    s.queue.shutDown();
  });

  it('is stopped only once the request in flight when the queue shut down has finished', async () => {
    let finish: () => void = () => undefined;
    const s = setup(() => ({}));
    const slow = new Controller<Req>(
      s.queue,
      { key: (r) => r.name, reconcile: () => new Promise((resolve) => (finish = () => resolve({}))) },
      new Metrics(),
      createLogger({ level: 'error', stream: new Writable({ write: (_c, _e, done) => done() }) }),
    );
    slow.enqueue({ name: 'a' });
    slow.start();
    await tick();
    s.queue.shutDown();
    let stopped = false;
    void slow.stopped().then(() => (stopped = true));

    await tick();
    const whileInFlight = stopped;
    finish();
    await tick();

    expect([whileInFlight, stopped]).toEqual([false, true]);
  });
});
