import { describe, expect, it } from '@jest/globals';
import { KubeApiError, OperatorError, RetryLaterError, TerminalError } from '../../../operator/errors.js';
import {
  decideRequeue,
  type QueueAction,
  type ReconcileOutcome,
} from '../../../operator/runtime/requeue-policy.js';

const forget: QueueAction = { kind: 'forget', result: 'success' };
const backoff: QueueAction = { kind: 'backoff', result: 'error' };

const cases: [string, ReconcileOutcome, QueueAction][] = [
  ['success without a result forgets the key', { ok: undefined }, forget],
  ['success with an empty result forgets the key', { ok: {} }, forget],
  [
    'success asking for a resync forgets and requeues after that delay',
    { ok: { requeueAfterMs: 300_000 } },
    { kind: 'forget-and-requeue-after', delayMs: 300_000, result: 'success' },
  ],
  [
    'a deferral requeues after its delay and counts as deferred',
    { ok: { requeueAfterMs: 2000, deferred: true } },
    { kind: 'forget-and-requeue-after', delayMs: 2000, result: 'deferred' },
  ],
  ['a deferral without a usable delay just forgets', { ok: { requeueAfterMs: 0, deferred: true } }, forget],
  ['success with a zero requeue delay just forgets', { ok: { requeueAfterMs: 0 } }, forget],
  ['success with a negative requeue delay just forgets', { ok: { requeueAfterMs: -5 } }, forget],
  ['success with a NaN requeue delay just forgets', { ok: { requeueAfterMs: Number.NaN } }, forget],
  [
    'a terminal error drops the key',
    { error: new TerminalError('bad annotation') },
    { kind: 'drop', result: 'error' },
  ],
  [
    'an expected wait requeues after its delay without counting a failure',
    { error: new RetryLaterError('throttled', 7000) },
    { kind: 'forget-and-requeue-after', delayMs: 7000, result: 'requeue' },
  ],
  [
    'an expected wait without a usable delay backs off instead of spinning',
    { error: new RetryLaterError('throttled', 0) },
    backoff,
  ],
  [
    'an expected wait with an infinite delay backs off',
    { error: new RetryLaterError('throttled', Number.POSITIVE_INFINITY) },
    backoff,
  ],
  ['an API error backs off', { error: new KubeApiError('apply X failed', 500, 'InternalError') }, backoff],
  ['an operator error backs off', { error: new OperatorError('render failed') }, backoff],
  ['a plain Error backs off', { error: new Error('boom') }, backoff],
  ['a thrown string backs off', { error: 'boom' }, backoff],
  ['a thrown undefined backs off', { error: undefined }, backoff],
];

describe('decideRequeue', () => {
  it.each(cases)('%s', (_name, outcome, expected) => {
    const action = decideRequeue(outcome);

    expect(action).toEqual(expected);
  });
});
