import { errorMessage } from '../errors.js';
import type { Logger } from '../observability/logger.js';

/** Something the manager starts and stops: an informer set, an HTTP server, the controller. */
export interface Runnable {
  readonly name: string;
  start(): Promise<void> | void;
  /** Must be safe to call when start() never ran or has not finished. */
  stop(): Promise<void> | void;
}

/** The leader election the manager needs: campaign with callbacks, and hand the lease back. */
export interface Election {
  run(callbacks: { onStartedLeading(): void; onStoppedLeading(): void }): void;
  release(): Promise<void>;
}

export interface ManagerOptions {
  logger: Logger;
  /** Without one, this replica leads from the start. */
  election?: Election;
  /** Told each time leadership starts (true) or is lost (false). */
  onLeadership?(leading: boolean): void;
}

/**
 * Runs runnables in two groups (controller-runtime's manager, in small): the ones every replica
 * runs (servers, informers) start in the order added; the leader-only ones start when this
 * replica wins the lease. Stopping goes the other way: leader-only runnables first (in-flight
 * work finishes), then the lease is released, then the others in reverse order.
 */
export class Manager {
  private readonly everywhere: Runnable[] = [];
  private readonly leaderOnly: Runnable[] = [];
  private leading = false;
  private lostLease: (() => void) | undefined;
  /** Resolves when this replica loses a lease it held (it must then stop: another replica writes). */
  readonly leaseLost = new Promise<void>((resolve) => (this.lostLease = resolve));

  constructor(private readonly options: ManagerOptions) {}

  add(runnable: Runnable, placement: { leaderOnly: boolean } = { leaderOnly: false }): this {
    (placement.leaderOnly ? this.leaderOnly : this.everywhere).push(runnable);
    return this;
  }

  /** Starts every replica's runnables, then campaigns (or leads at once without an election). */
  async start(): Promise<void> {
    for (const runnable of this.everywhere) await runnable.start();
    const { election } = this.options;
    if (!election) return this.lead();
    election.run({
      onStartedLeading: () =>
        void this.lead().catch((err: unknown) => {
          this.options.logger.error('a leader-only runnable failed to start: stopping', {
            error: errorMessage(err),
          });
          // Half started is not leading: the runnables that did start must not write while we stop.
          this.leading = false;
          this.options.onLeadership?.(false);
          this.lostLease?.();
        }),
      onStoppedLeading: () => this.lose(),
    });
  }

  /** Whether this replica leads now: false before the lease is won and from the moment it is lost. */
  isLeading(): boolean {
    return this.leading;
  }

  /** Graceful stop: leader-only runnables, the lease, then the rest (each even if it never started). */
  async stop(): Promise<void> {
    for (const runnable of [...this.leaderOnly].reverse()) await this.stopOne(runnable);
    await this.options.election?.release();
    for (const runnable of [...this.everywhere].reverse()) await this.stopOne(runnable);
  }

  private async lead(): Promise<void> {
    if (this.leading) return;
    this.leading = true;
    this.options.onLeadership?.(true);
    this.options.logger.info('leading: starting the leader-only runnables', {
      runnables: this.leaderOnly.map((r) => r.name),
    });
    for (const runnable of this.leaderOnly) await runnable.start();
  }

  private lose(): void {
    // At once: work still in flight must not write any more (the fence in main.ts reads this).
    this.leading = false;
    this.options.onLeadership?.(false);
    this.options.logger.error('lost the leader lease: stopping so that only one replica writes');
    this.lostLease?.();
  }

  private async stopOne(runnable: Runnable): Promise<void> {
    try {
      await runnable.stop();
    } catch (err) {
      this.options.logger.warn('runnable failed to stop', {
        runnable: runnable.name,
        error: errorMessage(err),
      });
    }
  }
}
