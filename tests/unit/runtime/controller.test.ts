import { describe, expect, it } from '@jest/globals';
import { OperatorError, TerminalError } from '../../../operator/errors.js';
import { createLogger } from '../../../operator/observability/logger.js';
import { Metrics } from '../../../operator/observability/metrics.js';
import type { ReconcileResult } from '../../../operator/reconcile.js';
import { Controller } from '../../../operator/runtime/controller.js';
import { WorkQueue } from '../../../operator/runtime/work-queue.js';
import { FakeClock } from '../throttling/fake-clock.js';

type Req = { name: string };

/** A controller over a queue on a fake clock, whose reconcile answers from a script per request. */
function setup(script: (req: Req, call: number) => ReconcileResult<Req> | Error) {
  const clock = new FakeClock();
  const queue = new WorkQueue({ clock, qps: 1000, burst: 1000 });
  const calls: string[] = [];
  const metrics = new Metrics();
  const controller = new Controller<Req>(
    queue,
    {
      key: (r) => r.name,
      reconcile: async (r) => {
        calls.push(r.name);
        const answer = script(r, calls.filter((c) => c === r.name).length);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    metrics,
    createLogger({ level: 'error' }),
  );
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return { clock, queue, calls, metrics, controller, settle };
}

const counted = async (metrics: Metrics, result: string): Promise<number> => {
  const text = await metrics.registry.metrics();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`virt_platform_reconcile_total{result="${result}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
};

describe('the controller', () => {
  it('runs each request once however often it was enqueued before it ran', async () => {
    const { controller, calls, settle, queue } = setup(() => ({}));
    controller.enqueue({ name: 'a' });
    controller.enqueue({ name: 'a' });
    controller.enqueue({ name: 'b' });

    controller.start();
    await settle();
    queue.shutDown();

    expect(calls).toEqual(['a', 'b']);
  });

  it('schedules the follow-ups of a request that failed, and backs the request itself off', async () => {
    const { controller, queue, settle } = setup((r) =>
      r.name === 'hco'
        ? {
            error: new OperatorError('asset hco failed: etcd timeout'),
            followUps: [{ request: { name: 'other-asset' }, backoff: true }],
          }
        : {},
    );
    controller.enqueue({ name: 'hco' });

    controller.start();
    await settle();

    expect(queue.failures('hco')).toBe(1);
    expect(queue.failures('other-asset')).toBe(1);
    queue.shutDown();
  });

  it('schedules the follow-ups a result asks for: later, or with backoff', async () => {
    const { controller, queue, settle } = setup((r) =>
      r.name === 'pass'
        ? {
            followUps: [
              { request: { name: 'later' }, afterMs: 5000 },
              { request: { name: 'retry' }, backoff: true },
            ],
          }
        : {},
    );
    controller.enqueue({ name: 'pass' });

    controller.start();
    await settle();

    expect(queue.failures('retry')).toBe(1);
    expect(queue.failures('later')).toBe(0);
    queue.shutDown();
  });

  it.each([
    ['a transient error backs off and counts a failure', new OperatorError('boom'), 1, 'error'],
    ['a terminal error is dropped (no retry) and counted as an error', new TerminalError('bad'), 0, 'error'],
  ])('%s', async (_case, error, failures, result) => {
    const { controller, queue, settle, metrics } = setup(() => error);
    controller.enqueue({ name: 'a' });

    controller.start();
    await settle();

    expect(queue.failures('a')).toBe(failures);
    expect(await counted(metrics, result)).toBe(1);
    queue.shutDown();
  });

  it('counts a deferral as deferred and a requeue for resync as success', async () => {
    const { controller, queue, settle, metrics } = setup((r) =>
      r.name === 'deferred' ? { requeueAfterMs: 1000, deferred: true } : { requeueAfterMs: 60_000 },
    );
    controller.enqueue({ name: 'deferred' });
    controller.enqueue({ name: 'pass' });

    controller.start();
    await settle();

    expect(await counted(metrics, 'deferred')).toBe(1);
    expect(await counted(metrics, 'success')).toBe(1);
    queue.shutDown();
  });

  it('forgets earlier failures after a success', async () => {
    const { controller, queue, settle } = setup((_r, call) => (call === 1 ? new Error('first') : {}));
    controller.enqueue({ name: 'a' });
    controller.start();
    await settle();

    controller.enqueue({ name: 'a' });
    await settle();

    expect(queue.failures('a')).toBe(0);
    queue.shutDown();
  });
});
