/** The coordination.k8s.io/v1 Lease spec fields leader election reads and writes. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  [key: string]: unknown;
}

/** A MicroTime string (`2026-11-22T07:00:00.123456Z`): six fractional digits, as the API server emits. */
export function formatMicroTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // always `…ss.mmmZ`
  return `${iso.slice(0, -1)}000Z`;
}

/** Epoch milliseconds of a MicroTime or RFC 3339 string (sub-millisecond digits dropped); undefined if invalid. */
export function parseMicroTime(value: string | undefined): number | undefined {
  const match = value ? /^(.+T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const millis = (match[2] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${match[1]}.${millis}${match[3]}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Whether the holder's lease has run out by our clock: `now > renewTime + leaseDurationSeconds`.
 * Caveat: renewTime was written by the holder's clock, so clock skew shifts this moment; see
 * canAcquire for the guard that keeps a skewed clock from taking over early.
 */
export function isLeaseExpired(spec: LeaseSpec, nowMs: number): boolean {
  const renewedAt = parseMicroTime(spec.renewTime);
  if (renewedAt === undefined || spec.leaseDurationSeconds === undefined) return true;
  return nowMs > renewedAt + spec.leaseDurationSeconds * 1000;
}

export interface AcquireCheck {
  identity: string;
  nowMs: number;
  /** When we (by our clock) first saw the lease in its current state. */
  observedAtMs: number;
}

/**
 * Whether `identity` may write the lease now: it is free (no holder, or released), ours already,
 * or the holder stopped renewing. "Stopped" needs both the lease's own expiry and a full lease
 * duration of our own observation without change (client-go's rule), so a candidate whose clock
 * runs ahead of the holder's cannot take over while the holder still renews.
 */
export function canAcquire(spec: LeaseSpec, check: AcquireCheck): boolean {
  const holder = spec.holderIdentity ?? '';
  if (holder === '' || holder === check.identity) return true;
  const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
  return isLeaseExpired(spec, check.nowMs) && check.nowMs > check.observedAtMs + durationMs;
}

/**
 * The spec to write when `identity` acquires or renews: a renewal keeps acquireTime and the
 * transition count; a takeover from anyone else (or from a released lease) counts a transition.
 */
export function nextLeaseSpec(
  old: LeaseSpec | undefined,
  next: { identity: string; nowMs: number; leaseDurationSeconds: number },
): LeaseSpec {
  const now = formatMicroTime(next.nowMs);
  const renewing = old?.holderIdentity === next.identity;
  const transitions = old?.leaseTransitions ?? 0;
  return {
    ...old,
    holderIdentity: next.identity,
    leaseDurationSeconds: next.leaseDurationSeconds,
    acquireTime: renewing && old?.acquireTime ? old.acquireTime : now,
    renewTime: now,
    leaseTransitions: old === undefined ? 0 : renewing ? transitions : transitions + 1,
  };
}

/** The spec a leader writes when it lets go (client-go ReleaseOnCancel): no holder, 1 s duration. */
export function releasedLeaseSpec(old: LeaseSpec, nowMs: number): LeaseSpec {
  const now = formatMicroTime(nowMs);
  return { ...old, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now };
}

/** A stable fingerprint of the fields that change when the holder renews or changes. */
export function leaseFingerprint(spec: LeaseSpec): string {
  return [
    spec.holderIdentity ?? '',
    spec.renewTime ?? '',
    spec.leaseDurationSeconds ?? '',
    spec.leaseTransitions ?? '',
  ].join('|');
}
