/**
 * Time as a dependency: `now()` in epoch milliseconds. Structurally the same interface as
 * throttling's Clock, so either can be passed where the other is expected.
 */
export interface Clock {
  now(): number;
}

/** The wall clock; the composition root passes it in, tests pass a fake. */
export const systemClock: Clock = { now: () => Date.now() };
