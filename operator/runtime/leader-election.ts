import type { Logger } from 'winston';
import { errorMessage, KubeApiError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject, ObjectRef } from '../kube/types.js';
import { sleep, withJitter } from './backoff.js';
import { systemClock, type Clock } from '../throttling/clock.js';
import {
  canAcquire,
  leaseFingerprint,
  nextLeaseSpec,
  releasedLeaseSpec,
  type LeaseSpec,
} from './lease-record.js';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  /** How long others wait after the last renewal before taking over (default 15 s). */
  leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it steps down (default 10 s). */
  renewDeadlineMs?: number;
  /** Pause between attempts (default 2 s). */
  retryPeriodMs?: number;
  clock?: Clock;
  logger: Logger;
}

export interface LeadershipCallbacks {
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

type Attempt = 'held' | 'taken' | 'failed';

/** client-go waits retryPeriod * (1 + 1.2 * random) between acquire attempts. */
const ACQUIRE_JITTER = 1.2;

/**
 * Leader election on a coordination.k8s.io/v1 Lease with client-go semantics: acquire loop, then
 * renew every retry period; a leader that cannot renew within the renew deadline, or that finds
 * another holder, steps down (onStoppedLeading) and campaigns again. Writes use the lease's
 * resourceVersion, so of two candidates writing at once exactly one wins (the other gets a 409).
 */
export class LeaderElector {
  private readonly ref: ObjectRef;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly stopSignal = new AbortController();
  private callbacks: LeadershipCallbacks | undefined;
  private loop: Promise<void> | undefined;
  private leading = false;
  private observed = { fingerprint: '', atMs: 0 };

  constructor(
    private readonly client: KubeClient,
    private readonly options: LeaderElectionOptions,
  ) {
    this.ref = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      name: options.name,
      namespace: options.namespace,
    };
    this.clock = options.clock ?? systemClock;
    this.log = options.logger.child({
      lease: `${options.namespace}/${options.name}`,
      identity: options.identity,
    });
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
  }

  /** Starts campaigning (once); the callbacks run each time leadership starts or ends. */
  run(callbacks: LeadershipCallbacks): void {
    if (this.loop || this.stopped) return;
    this.callbacks = callbacks;
    this.loop = this.campaign();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Stops campaigning and renewing; when we hold the lease, hands it back (no holder, 1 s
   * duration) so another candidate takes over at once. onStoppedLeading is not called for it.
   */
  async release(): Promise<void> {
    this.stopSignal.abort();
    await this.loop;
    // The caller gave leadership up itself, so onStoppedLeading (which means "lost") is not called.
    if (this.leading) {
      this.leading = false;
      this.log.info('stopped leading', { reason: 'released' });
    }
    // Even when not leading: an attempt that was in flight when we stopped may just have won.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = await this.client.get(this.ref);
        const spec = (current?.spec ?? {}) as LeaseSpec;
        if (!current || spec.holderIdentity !== this.options.identity) return;
        await this.client.replace({ ...current, spec: releasedLeaseSpec(spec, this.clock.now()) });
        this.log.info('leader lease released');
        return;
      } catch (err) {
        if (!(err instanceof KubeApiError && err.isConflict)) {
          this.log.warn('leader lease release failed', { error: errorMessage(err) });
          return;
        }
      }
    }
  }

  private get stopped(): boolean {
    return this.stopSignal.signal.aborted;
  }

  private async campaign(): Promise<void> {
    while (!this.stopped) {
      if (!(await this.acquire()) || this.stopped) return;
      this.leading = true;
      this.log.info('became leader');
      this.notify('onStartedLeading');
      await this.renewUntilLost();
      if (this.stopped) return; // release() steps down and hands the lease back
      this.stepDown();
    }
  }

  /** Tries every (jittered) retry period until we hold the lease; false when stopped first. */
  private async acquire(): Promise<boolean> {
    while (!this.stopped) {
      if ((await this.withDeadline(this.attempt(), this.renewDeadlineMs)) === 'held') return true;
      await sleep(withJitter(this.retryPeriodMs, ACQUIRE_JITTER), this.stopSignal.signal);
    }
    return false;
  }

  /** Renews every retry period; returns when another holder appears or the renew deadline passes. */
  private async renewUntilLost(): Promise<void> {
    let renewedAt = this.clock.now();
    while (!this.stopped) {
      await sleep(this.retryPeriodMs, this.stopSignal.signal);
      if (this.stopped) return;
      const remaining = renewedAt + this.renewDeadlineMs - this.clock.now();
      const result = remaining > 0 ? await this.withDeadline(this.attempt(), remaining) : 'failed';
      if (result === 'held') renewedAt = this.clock.now();
      if (result === 'taken') {
        this.log.warn('leader lease taken by another holder');
        return;
      }
      if (this.clock.now() - renewedAt >= this.renewDeadlineMs) {
        this.log.warn('leader lease not renewed within the renew deadline', {
          renewDeadlineMs: this.renewDeadlineMs,
        });
        return;
      }
    }
  }

  /** One get + create/replace; never throws (a failure is just a failed attempt). */
  private async attempt(): Promise<Attempt> {
    const identity = this.options.identity;
    const leaseDurationSeconds = Math.max(1, Math.round(this.leaseDurationMs / 1000));
    try {
      const nowMs = this.clock.now();
      const current = await this.client.get(this.ref);
      if (!current) {
        await this.client.create(
          this.leaseObject(nextLeaseSpec(undefined, { identity, nowMs, leaseDurationSeconds })),
        );
        return 'held';
      }
      const spec = (current.spec ?? {}) as LeaseSpec;
      this.observe(spec, nowMs);
      if (!canAcquire(spec, { identity, nowMs, observedAtMs: this.observed.atMs })) return 'taken';
      const written = await this.client.replace({
        ...current,
        spec: nextLeaseSpec(spec, { identity, nowMs, leaseDurationSeconds }),
      });
      this.observe((written.spec ?? {}) as LeaseSpec, nowMs);
      return 'held';
    } catch (err) {
      // 409 (AlreadyExists on create, Conflict on replace): another candidate wrote first.
      if (err instanceof KubeApiError && err.isConflict) this.log.debug('leader lease write lost a race');
      else this.log.warn('leader lease attempt failed', { error: errorMessage(err) });
      return 'failed';
    }
  }

  private observe(spec: LeaseSpec, nowMs: number): void {
    const fingerprint = leaseFingerprint(spec);
    if (fingerprint !== this.observed.fingerprint) this.observed = { fingerprint, atMs: nowMs };
  }

  /** The attempt's result, or 'failed' once `ms` pass or we are stopped (a hung request must not keep us leading). */
  private withDeadline(pending: Promise<Attempt>, ms: number): Promise<Attempt> {
    const signal = this.stopSignal.signal;
    return new Promise((resolve) => {
      const finish = (result: Attempt): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = (): void => finish('failed');
      const timer = setTimeout(onAbort, ms);
      signal.addEventListener('abort', onAbort, { once: true });
      void pending.then(finish);
    });
  }

  private stepDown(): void {
    this.leading = false;
    this.log.warn('stopped leading: lease lost');
    this.notify('onStoppedLeading');
  }

  private notify(which: keyof LeadershipCallbacks): void {
    try {
      this.callbacks?.[which]();
    } catch (err) {
      this.log.error('leader election callback failed', { callback: which, error: errorMessage(err) });
    }
  }

  private leaseObject(spec: LeaseSpec): KubeObject {
    return {
      apiVersion: this.ref.apiVersion,
      kind: 'Lease',
      metadata: { name: this.options.name, namespace: this.options.namespace },
      spec,
    };
  }
}
