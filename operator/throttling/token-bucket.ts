import type { Clock } from './clock.js';

/** One bucket's shape: how many corrective writes in a row, and how fast the allowance returns. */
export interface BucketSpec {
  burst: number;
  refillPerMinute: number;
}

export interface ThrottleConfig {
  default: BucketSpec;
  /** Stricter or looser buckets by Kind (exact, case-sensitive). */
  perKind: Record<string, BucketSpec>;
}

/** Each MachineConfig or KubeletConfig write can reboot a node pool, so they get a smaller burst. */
const REBOOTING_KINDS = {
  MachineConfig: { burst: 2, refillPerMinute: 1 },
  KubeletConfig: { burst: 2, refillPerMinute: 1 },
};

export function validateBucketSpec(spec: BucketSpec, what: string): void {
  if (!Number.isInteger(spec.burst) || spec.burst < 1) {
    throw new RangeError(`throttle ${what}: burst must be an integer of at least 1, got ${spec.burst}`);
  }
  if (!Number.isFinite(spec.refillPerMinute) || spec.refillPerMinute <= 0) {
    throw new RangeError(
      `throttle ${what}: refillPerMinute must be a positive number, got ${spec.refillPerMinute}`,
    );
  }
}

/**
 * The SPEC §6 defaults (burst 5, 1 token per minute; MachineConfig and KubeletConfig burst 2),
 * with `overrides` on top: `default` replaces the default, `perKind` entries add or replace kinds.
 */
export function defaultThrottleConfig(overrides: Partial<ThrottleConfig> = {}): ThrottleConfig {
  const config: ThrottleConfig = {
    default: { ...(overrides.default ?? { burst: 5, refillPerMinute: 1 }) },
    perKind: { ...REBOOTING_KINDS, ...overrides.perKind },
  };
  validateBucketSpec(config.default, 'default');
  for (const [kind, spec] of Object.entries(config.perKind)) validateBucketSpec(spec, kind);
  return config;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export interface Bucket {
  tokens: number;
  /** When the last whole token was credited; the fraction since then carries over. */
  lastFill: number;
  lastTouched: number;
  burst: number;
  intervalMs: number;
}

/**
 * One token bucket per object key (`Kind/namespace/name`): integer tokens, refilled
 * continuously at the kind's rate. State is in memory; a key seen for the first time (also after
 * a restart) starts full, unless the caller knows when the autopilot last wrote the object: then
 * it starts with what an emptied bucket would have earned since that write (at least one token),
 * so a restart loop cannot reopen an edit war at full burst (see docs/reliability.md).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly config: ThrottleConfig,
  ) {
    validateBucketSpec(config.default, 'default');
    for (const [kind, spec] of Object.entries(config.perKind)) validateBucketSpec(spec, kind);
  }

  /**
   * Spends one token when there is one; otherwise says how long until the next. `lastWriteMs`
   * (the autopilot's last write to the object, from managedFields) only matters for a key this
   * process has no bucket for yet.
   */
  take(key: string, kind: string, lastWriteMs?: number): TakeResult {
    const now = this.clock.now();
    const bucket = this.current(key, kind, now, lastWriteMs);
    bucket.lastTouched = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return { ok: false, retryAfterMs: this.untilNext(bucket, now) };
    bucket.tokens -= 1;
    return { ok: true, remaining: bucket.tokens };
  }

  /**
   * Starts tracking a key without spending (a free write: creation, our own desired state
   * changed): the process knows that write was free, so no restart evidence applies to the key.
   */
  track(key: string, kind: string): void {
    if (this.buckets.has(key)) return;
    this.buckets.set(key, this.current(key, kind, this.clock.now()));
  }

  /** Whether this process keeps a bucket for the key (it created, wrote or checked the object). */
  has(key: string): boolean {
    return this.buckets.has(key);
  }

  /** Milliseconds until `take` would succeed: 0 when a token is available now. */
  waitMs(key: string, kind: string): number {
    const now = this.clock.now();
    const bucket = this.current(key, kind, now);
    return bucket.tokens >= 1 ? 0 : this.untilNext(bucket, now);
  }

  /** Drops the key's bucket (object gone or no longer managed); it starts full if seen again. */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that are full again and untouched for `idleMs`: they hold no information. */
  prune(idleMs: number): void {
    const now = this.clock.now();
    for (const [key, stored] of this.buckets) {
      const bucket = refill(stored, now);
      if (bucket.tokens >= bucket.burst && now - bucket.lastTouched >= idleMs) this.buckets.delete(key);
    }
  }

  private spec(kind: string): BucketSpec {
    return Object.hasOwn(this.config.perKind, kind)
      ? (this.config.perKind[kind] ?? this.config.default)
      : this.config.default;
  }

  private current(key: string, kind: string, now: number, lastWriteMs?: number): Bucket {
    const stored = this.buckets.get(key);
    if (stored) return refill(stored, now);
    const { burst, refillPerMinute } = this.spec(kind);
    const fresh = {
      tokens: burst,
      lastFill: now,
      lastTouched: now,
      burst,
      intervalMs: 60_000 / refillPerMinute,
    };
    return lastWriteMs === undefined ? fresh : seeded(fresh, now, lastWriteMs);
  }

  private untilNext(bucket: Bucket, now: number): number {
    return Math.max(1, Math.ceil(bucket.lastFill + bucket.intervalMs - now));
  }
}

/**
 * A new bucket for an object the autopilot last wrote at `lastWriteMs`, in a process that kept no
 * bucket for it (a restart): assume that write emptied the bucket and credit what refilled since,
 * but never less than one token, so one correction still goes through at once after a failover.
 */
export function seeded(bucket: Bucket, now: number, lastWriteMs: number): Bucket {
  const since = Math.max(0, now - Math.min(lastWriteMs, now));
  const earned = Math.floor(since / bucket.intervalMs);
  if (earned >= bucket.burst) return bucket;
  return { ...bucket, tokens: Math.max(1, earned), lastFill: now - (since - earned * bucket.intervalMs) };
}

/** The bucket as of `now`: whole tokens credited, the remainder kept; a full bucket does not bank time. */
function refill(bucket: Bucket, now: number): Bucket {
  const lastFill = Math.min(bucket.lastFill, now); // a clock that steps back must not stall the bucket
  const gained = Math.floor((now - lastFill) / bucket.intervalMs);
  const tokens = Math.min(bucket.burst, bucket.tokens + gained);
  return {
    ...bucket,
    tokens,
    lastFill: tokens >= bucket.burst ? now : lastFill + gained * bucket.intervalMs,
  };
}
