import { describe, expect, it } from '@jest/globals';
import { KubeApiError, OperatorError, RetryLaterError, TerminalError } from '../../../operator/errors.js';
import {
  decideRequeue,
  type QueueAction,
  type ReconcileOutcome,
} from '../../../operator/runtime/requeue-policy.js';

const cases: [string, ReconcileOutcome, QueueAction][] = [
  ['success without a result forgets the key', { ok: undefined }, { kind: 'forget' }],
  ['success with an empty result forgets the key', { ok: {} }, { kind: 'forget' }],
  [
    'success asking for a resync forgets and requeues after that delay',
    { ok: { requeueAfterMs: 300_000 } },
    { kind: 'forget-and-requeue-after', delayMs: 300_000 },
  ],
  ['success with a zero requeue delay just forgets', { ok: { requeueAfterMs: 0 } }, { kind: 'forget' }],
  ['success with a negative requeue delay just forgets', { ok: { requeueAfterMs: -5 } }, { kind: 'forget' }],
  [
    'success with a NaN requeue delay just forgets',
    { ok: { requeueAfterMs: Number.NaN } },
    { kind: 'forget' },
  ],
  ['a terminal error drops the key', { error: new TerminalError('bad annotation') }, { kind: 'drop' }],
  [
    'an expected wait requeues after its delay without counting a failure',
    { error: new RetryLaterError('throttled', 7000) },
    { kind: 'forget-and-requeue-after', delayMs: 7000 },
  ],
  [
    'an expected wait without a usable delay backs off instead of spinning',
    { error: new RetryLaterError('throttled', 0) },
    { kind: 'backoff' },
  ],
  [
    'an expected wait with an infinite delay backs off',
    { error: new RetryLaterError('throttled', Number.POSITIVE_INFINITY) },
    { kind: 'backoff' },
  ],
  [
    'an API error backs off',
    { error: new KubeApiError('apply X failed', 500, 'InternalError') },
    { kind: 'backoff' },
  ],
  ['an operator error backs off', { error: new OperatorError('render failed') }, { kind: 'backoff' }],
  ['a plain Error backs off', { error: new Error('boom') }, { kind: 'backoff' }],
  ['a thrown string backs off', { error: 'boom' }, { kind: 'backoff' }],
  ['a thrown undefined backs off', { error: undefined }, { kind: 'backoff' }],
];

describe('decideRequeue', () => {
  it.each(cases)('%s', (_name, outcome, expected) => {
    const action = decideRequeue(outcome);

    expect(action).toEqual(expected);
  });
});
