import { describe, expect, it } from '@jest/globals';
import {
  canAcquire,
  formatMicroTime,
  isLeaseExpired,
  nextLeaseSpec,
  parseMicroTime,
  releasedLeaseSpec,
  type LeaseSpec,
} from '../../../operator/runtime/lease-record.js';

const T0 = Date.parse('2026-11-22T07:00:00.000Z');
const held = (holder: string, renewedAt = T0, seconds = 15): LeaseSpec => ({
  holderIdentity: holder,
  leaseDurationSeconds: seconds,
  acquireTime: formatMicroTime(T0 - 60_000),
  renewTime: formatMicroTime(renewedAt),
  leaseTransitions: 3,
});

describe('MicroTime', () => {
  it('formats with six fractional digits', () => {
    const text = formatMicroTime(Date.parse('2026-11-22T07:00:00.123Z'));

    expect(text).toBe('2026-11-22T07:00:00.123000Z');
  });

  it.each([
    ['2026-11-22T07:00:00.123456Z', Date.parse('2026-11-22T07:00:00.123Z')],
    ['2026-11-22T07:00:00Z', Date.parse('2026-11-22T07:00:00.000Z')],
    ['2026-11-22T07:00:00.5Z', Date.parse('2026-11-22T07:00:00.500Z')],
    ['2026-11-22T09:00:00.000001+02:00', Date.parse('2026-11-22T07:00:00.000Z')],
    ['yesterday', undefined],
    [undefined, undefined],
  ])('parses %s', (text, expected) => {
    const ms = parseMicroTime(text);

    expect(ms).toBe(expected);
  });
});

describe('lease expiry: now > renewTime + leaseDurationSeconds', () => {
  it.each([
    ['1 ms after renewal', T0 + 1, false],
    ['exactly at the duration', T0 + 15_000, false],
    ['1 ms past the duration', T0 + 15_001, true],
    ['long past the duration', T0 + 3_600_000, true],
    ['a clock behind the holder (before renewTime)', T0 - 5000, false],
  ])('%s', (_name, now, expired) => {
    const result = isLeaseExpired(held('a'), now);

    expect(result).toBe(expired);
  });

  it('treats a lease without renewTime or duration as expired', () => {
    const result = [isLeaseExpired({ holderIdentity: 'a' }, T0), isLeaseExpired({ renewTime: 'x' }, T0)];

    expect(result).toEqual([true, true]);
  });
});

describe('canAcquire', () => {
  it.each([
    ['a lease nobody holds', { holderIdentity: '' }, T0, T0, true],
    ['a lease without holder field', {}, T0, T0, true],
    ['our own lease', held('me'), T0 + 1, T0, true],
    ['another holder renewing recently', held('other'), T0 + 5000, T0, false],
    [
      'another holder past expiry, unchanged in our sight for the duration',
      held('other'),
      T0 + 16_000,
      T0,
      true,
    ],
    [
      'another holder past expiry by renewTime but first seen just now (our clock may run ahead)',
      held('other'),
      T0 + 16_000,
      T0 + 15_000,
      false,
    ],
    [
      'another holder unchanged in our sight but renewTime still valid',
      held('other', T0 + 20_000),
      T0 + 16_000,
      T0,
      false,
    ],
  ])('%s → %s', (_name, spec: LeaseSpec, nowMs, observedAtMs, expected) => {
    const result = canAcquire(spec, { identity: 'me', nowMs, observedAtMs });

    expect(result).toBe(expected);
  });
});

describe('nextLeaseSpec', () => {
  const next = { identity: 'me', nowMs: T0 + 1000, leaseDurationSeconds: 15 };

  it('creates a first lease with zero transitions and acquireTime = renewTime = now', () => {
    const spec = nextLeaseSpec(undefined, next);

    expect(spec).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: '2026-11-22T07:00:01.000000Z',
      renewTime: '2026-11-22T07:00:01.000000Z',
      leaseTransitions: 0,
    });
  });

  it('renews our lease: keeps acquireTime and transitions, moves renewTime', () => {
    const old = held('me');

    const spec = nextLeaseSpec(old, next);

    expect(spec.acquireTime).toBe(old.acquireTime);
    expect(spec.leaseTransitions).toBe(3);
    expect(spec.renewTime).toBe('2026-11-22T07:00:01.000000Z');
  });

  it('takes over from another holder: counts a transition and resets acquireTime', () => {
    const spec = nextLeaseSpec(held('other'), next);

    expect(spec.holderIdentity).toBe('me');
    expect(spec.leaseTransitions).toBe(4);
    expect(spec.acquireTime).toBe('2026-11-22T07:00:01.000000Z');
  });

  it('takes over a released lease as a transition too', () => {
    const released = releasedLeaseSpec(held('other'), T0);

    const spec = nextLeaseSpec(released, next);

    expect(spec.leaseTransitions).toBe(4);
  });

  it('keeps fields it does not manage (e.g. a preferred holder)', () => {
    const spec = nextLeaseSpec({ ...held('other'), preferredHolder: 'x' }, next);

    expect(spec.preferredHolder).toBe('x');
  });
});

describe('releasedLeaseSpec', () => {
  it('clears the holder and shortens the duration to 1 s, keeping the transition count', () => {
    const spec = releasedLeaseSpec(held('me'), T0 + 2000);

    expect(spec).toMatchObject({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      renewTime: '2026-11-22T07:00:02.000000Z',
      leaseTransitions: 3,
    });
  });
});
