import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { WorkQueue } from '../../../operator/runtime/work-queue.js';

// Fake timers also fake Date.now, so the queue's clock and its timers move together.
const clock = { now: () => Date.now() };

describe('WorkQueue', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('hands out a key added twice only once', async () => {
    const queue = new WorkQueue({ clock });

    queue.add('a');
    queue.add('a');
    queue.add('b');

    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
    expect(queue.length).toBe(0);
  });

  it('queues a key added while in flight again exactly once when it is done', async () => {
    const queue = new WorkQueue({ clock });
    queue.add('a');
    const key = await queue.get();

    queue.add('a');
    queue.add('a');
    const lengthWhileInFlight = queue.length;
    queue.done('a');

    expect(key).toBe('a');
    expect(lengthWhileInFlight).toBe(0);
    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
  });

  it('wakes a waiting get when a key arrives', async () => {
    const queue = new WorkQueue({ clock });
    const pending = queue.get();

    queue.add('late');

    expect(await pending).toBe('late');
  });

  it('keeps the earliest time when a key is delayed twice', () => {
    const queue = new WorkQueue({ clock });

    queue.addAfter('a', 5000);
    queue.addAfter('a', 1000);
    queue.addAfter('a', 3000);
    jest.advanceTimersByTime(999);
    const before = queue.length;
    jest.advanceTimersByTime(1);

    expect(before).toBe(0);
    expect(queue.length).toBe(1);
  });

  it('delivers a delayed key once even when later delays were asked for too', async () => {
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 1000);
    queue.addAfter('a', 2000);

    jest.advanceTimersByTime(5000);

    expect(queue.length).toBe(1);
    expect(await queue.get()).toBe('a');
    expect(queue.length).toBe(0);
  });

  it('backs a failing key off 1 s, 2 s, 4 s … capped at 300 s', () => {
    const queue = new WorkQueue({ clock });

    const delays = Array.from({ length: 12 }, () => queue.addRateLimited('a'));

    expect(delays).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(queue.failures('a')).toBe(12);
  });

  it('starts the backoff over after forget', () => {
    const queue = new WorkQueue({ clock });
    queue.addRateLimited('a');
    queue.addRateLimited('a');

    queue.forget('a');
    const delay = queue.addRateLimited('a');

    expect(delay).toBe(1000);
    expect(queue.failures('a')).toBe(1);
  });

  it('counts failures per key', () => {
    const queue = new WorkQueue({ clock });
    queue.addRateLimited('a');
    queue.addRateLimited('a');

    const first = queue.addRateLimited('b');

    expect(first).toBe(1000);
    expect(queue.failures('a')).toBe(2);
  });

  it('delays retries by the overall token bucket once the burst is spent', () => {
    const queue = new WorkQueue({ clock, baseDelayMs: 1, qps: 10, burst: 2 });

    const delays = ['a', 'b', 'c', 'd'].map((key) => queue.addRateLimited(key));

    expect(delays).toEqual([1, 1, 100, 200]);
  });

  it('reports the depth of ready keys as it changes', async () => {
    const depths: number[] = [];
    const queue = new WorkQueue({ clock, onDepth: (n) => depths.push(n) });

    queue.add('a');
    queue.add('b');
    await queue.get();

    expect(depths).toEqual([1, 2, 1]);
  });

  it('answers waiting and later gets with undefined after shutDown, and ignores new keys', async () => {
    const queue = new WorkQueue({ clock });
    const waiting = queue.get();

    queue.shutDown();
    queue.add('a');
    queue.addAfter('b', 10);
    jest.advanceTimersByTime(100);

    expect(await waiting).toBeUndefined();
    expect(await queue.get()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('drains: waits for the key in flight, then reports success', async () => {
    const queue = new WorkQueue({ clock });
    queue.add('a');
    await queue.get();

    const drained = queue.drain(10_000);
    queue.done('a');

    await expect(drained).resolves.toBe(true);
  });

  it('drains with a bound: reports failure when a key is still in flight at the timeout', async () => {
    const queue = new WorkQueue({ clock });
    queue.add('stuck');
    await queue.get();

    const drained = queue.drain(500);
    jest.advanceTimersByTime(500);

    await expect(drained).resolves.toBe(false);
  });

  it('does not requeue a key that was re-added in flight once the queue shut down', async () => {
    const queue = new WorkQueue({ clock });
    queue.add('a');
    await queue.get();
    queue.add('a');

    queue.shutDown();
    queue.done('a');

    expect(queue.length).toBe(0);
  });

  it.each([0, -5])('queues a key delayed by %i ms at once', (delay) => {
    const queue = new WorkQueue({ clock });

    queue.addAfter('a', delay);

    expect(queue.length).toBe(1);
  });

  it('delivers several delayed keys each at its own time', () => {
    const queue = new WorkQueue({ clock });
    queue.addAfter('late', 3000);
    queue.addAfter('early', 1000);

    jest.advanceTimersByTime(1000);
    const first = queue.length;
    jest.advanceTimersByTime(1999);
    const beforeLate = queue.length;
    jest.advanceTimersByTime(1);

    expect([first, beforeLate, queue.length]).toEqual([1, 1, 2]);
  });

  it('does not queue a delayed key twice when it was queued meanwhile', () => {
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 1000);
    queue.add('a');

    jest.advanceTimersByTime(1000);

    expect(queue.length).toBe(1);
  });

  it('keeps a later delay from pushing an earlier one back, and lets an earlier one pull it forward', () => {
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 2000);
    queue.addAfter('b', 4000);
    queue.addAfter('b', 1000);

    jest.advanceTimersByTime(1000);

    expect(queue.length).toBe(1);
    jest.advanceTimersByTime(1000);
    expect(queue.length).toBe(2);
  });

  it('ignores delayed keys after shutDown', () => {
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 1000);

    queue.shutDown();
    queue.addAfter('b', 1000);
    queue.addAfter('c', 0);
    jest.advanceTimersByTime(5000);

    expect(queue.length).toBe(0);
  });
});
