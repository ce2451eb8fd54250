/**
 * Runs an async task one at a time. A call while a run is in flight gets the next run, started
 * when the current one ends, so every caller sees a run that began after it asked; calls while
 * that next run waits share it. Two runs never interleave, so a slower, older run can never
 * overwrite what a newer one found.
 */
export class SingleFlight<T> {
  private current: Promise<T> | undefined;
  private next: Promise<T> | undefined;

  constructor(private readonly task: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.next) return this.next;
    if (!this.current) return this.begin();
    const settled = this.current.then(
      () => undefined,
      () => undefined,
    );
    this.next = settled.then(() => {
      this.next = undefined;
      return this.begin();
    });
    return this.next;
  }

  private begin(): Promise<T> {
    const run = this.task().finally(() => {
      if (this.current === run) this.current = undefined;
    });
    this.current = run;
    return run;
  }
}
