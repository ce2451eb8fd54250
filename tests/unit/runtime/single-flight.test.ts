import { describe, expect, it } from '@jest/globals';
import { SingleFlight } from '../../../operator/runtime/single-flight.js';

/** A task whose runs the test finishes one by one; it records how many runs overlapped. */
function scriptedTask() {
  const finishers: ((value: number) => void)[] = [];
  const state = { started: 0, running: 0, maxRunning: 0 };
  const task = (): Promise<number> => {
    state.started += 1;
    state.running += 1;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    const run = state.started;
    return new Promise<number>((resolve) =>
      finishers.push(() => {
        state.running -= 1;
        resolve(run);
      }),
    );
  };
  const finishNext = async (): Promise<void> => {
    finishers.shift()?.(0);
    await new Promise((r) => setImmediate(r));
  };
  return { task, state, finishNext };
}

describe('SingleFlight', () => {
  it('never runs the task twice at once', async () => {
    const { task, state, finishNext } = scriptedTask();
    const flight = new SingleFlight(task);

    const answers = [flight.run(), flight.run(), flight.run()];
    await finishNext();
    await finishNext();

    expect(state.maxRunning).toBe(1);
    expect(await Promise.all(answers)).toEqual([1, 2, 2]);
  });

  it('gives a caller during a run the next run, which callers while it waits share', async () => {
    const { task, state, finishNext } = scriptedTask();
    const flight = new SingleFlight(task);

    const first = flight.run();
    const second = flight.run();
    const third = flight.run();
    await finishNext();
    const startedAfterFirst = state.started;
    await finishNext();

    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    expect(startedAfterFirst).toBe(2);
  });

  it('starts a fresh run once the last one ended', async () => {
    const { task, finishNext } = scriptedTask();
    const flight = new SingleFlight(task);

    const first = flight.run();
    await finishNext();
    const later = flight.run();
    await finishNext();

    expect([await first, await later]).toEqual([1, 2]);
  });

  it('runs the waiting call after a run that failed, and hands the failure only to its callers', async () => {
    let calls = 0;
    const flight = new SingleFlight(async () => {
      calls += 1;
      if (calls === 1) throw new Error('discovery failed');
      return calls;
    });

    const failing = flight.run();
    const next = flight.run();

    await expect(failing).rejects.toThrow('discovery failed');
    expect(await next).toBe(2);
  });
});
