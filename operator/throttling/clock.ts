/** Time as a dependency: `now()` in epoch milliseconds, so tests drive time instead of sleeping. */
export interface Clock {
  now(): number;
}

/** The wall clock; the composition root passes it in, tests pass a fake. */
export const systemClock: Clock = { now: () => Date.now() };
