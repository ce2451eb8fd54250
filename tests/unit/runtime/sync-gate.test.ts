import { describe, expect, it } from '@jest/globals';
import { OperatorError } from '../../../operator/errors.js';
import { SyncGate } from '../../../operator/runtime/sync-gate.js';

/** Whether the promise settled by now, and how. */
async function state(p: Promise<void>): Promise<string> {
  let out = 'pending';
  p.then(
    () => (out = 'resolved'),
    (err: unknown) => (out = `rejected: ${(err as Error).message}`),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return out;
}

describe('the sync gate: a one-way latch', () => {
  it('starts closed to waiters and opens them all at once', async () => {
    const gate = new SyncGate('Node informer');
    const a = gate.wait();
    const b = gate.wait();
    const before = await state(a);

    gate.open();

    expect(before).toBe('pending');
    expect(gate.isOpen).toBe(true);
    expect([await state(a), await state(b)]).toEqual(['resolved', 'resolved']);
  });

  it('lets a wait after opening through at once', async () => {
    const gate = new SyncGate('Node informer');
    gate.open();

    expect(await state(gate.wait())).toBe('resolved');
  });

  it('rejects pending waiters when closed before it synced, naming the subject', async () => {
    const gate = new SyncGate('Node informer');
    const pending = gate.wait();

    gate.close();

    expect(gate.isOpen).toBe(false);
    expect(await state(pending)).toBe('rejected: Node informer stopped before it synced');
    await expect(gate.wait()).rejects.toThrow(new OperatorError('Node informer stopped before it synced'));
  });

  it('stays open once open, and closed once closed', async () => {
    const opened = new SyncGate('a');
    opened.open();
    opened.close();
    const closed = new SyncGate('b');
    closed.close();
    closed.open();

    expect([opened.isOpen, closed.isOpen]).toEqual([true, false]);
    expect(await state(opened.wait())).toBe('resolved');
    expect(await state(closed.wait())).toBe('rejected: b stopped before it synced');
  });

  it('rejects a wait whose signal is already aborted, or aborts while waiting; the others still open', async () => {
    const gate = new SyncGate('CRD informer');
    const early = new AbortController();
    early.abort();
    const late = new AbortController();
    const aborted = gate.wait(early.signal);
    const waiting = gate.wait(late.signal);
    const other = gate.wait();

    late.abort();
    gate.open();

    expect(await state(aborted)).toBe('rejected: CRD informer: wait for sync aborted');
    expect(await state(waiting)).toBe('rejected: CRD informer: wait for sync aborted');
    expect(await state(other)).toBe('resolved');
  });
});
