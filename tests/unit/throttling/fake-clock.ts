import type { Clock } from '../../../operator/throttling/clock.js';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private ms = 1_000_000) {}

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
