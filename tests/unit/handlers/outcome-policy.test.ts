import { describe, expect, it } from '@jest/globals';
import { RenderError } from '../../../operator/assets/renderer.js';
import { KubeApiError, OperatorError, TerminalError } from '../../../operator/errors.js';
import {
  assetAction,
  assetResult,
  DEFAULT_WAIT_MS,
  passFollowUps,
  type AssetAction,
} from '../../../operator/handlers/outcome-policy.js';
import type { Outcome, Stop } from '../../../operator/pipeline/step.js';
import { state } from '../pipeline/steps/support.js';

const stop = (outcome: Outcome, extra: Partial<Stop> = {}): Stop => ({
  stop: outcome,
  state: state(),
  ...extra,
});

describe('assetAction', () => {
  it.each<[string, Stop | undefined, AssetAction['kind'], number | undefined]>([
    ['an ineligible asset is done', undefined, 'done', undefined],
    ['an applied object is done', stop('applied'), 'done', undefined],
    ['a held object waits for the next event', stop('held'), 'done', undefined],
    ['a deferred object waits for its token', stop('deferred', { retryAfterMs: 1234 }), 'wait', 1234],
    ['a deferral without a delay waits a minute', stop('deferred'), 'wait', DEFAULT_WAIT_MS],
    [
      "a node change waiting for its pool comes back with the pool's other changes",
      stop('deferred', { retryAfterMs: 30_000, poolWait: { pool: 'worker', reason: 'updating' } }),
      'pool-wait',
      30_000,
    ],
    [
      "a KubeletConfig held for another tool's waits for the next event (KubeletConfigs are watched)",
      stop('held', { conflict: { pool: 'worker', others: ['performance-cnf'] } }),
      'done',
      undefined,
    ],
    [
      'an unavailable server is retried',
      stop('failed', { error: new KubeApiError('x', 503, 'ServiceUnavailable') }),
      'retry',
      undefined,
    ],
    [
      'an unknown failure is retried',
      stop('failed', { error: new Error('socket hang up') }),
      'retry',
      undefined,
    ],
    [
      'a rejected content is terminal',
      stop('failed', { error: new KubeApiError('x', 422, 'Invalid') }),
      'terminal',
      undefined,
    ],
    [
      'a broken template is terminal',
      stop('failed', { error: new RenderError('a', 'bad') }),
      'terminal',
      undefined,
    ],
  ])('%s', (_case, input, kind, delay) => {
    const action = assetAction('a', input);

    expect(action.kind).toBe(kind);
    if (action.kind === 'wait' || action.kind === 'pool-wait') expect(action.delayMs).toBe(delay);
  });
});

describe('assetResult', () => {
  it('requeues a wait as a deferral', () => {
    expect(assetResult({ kind: 'wait', delayMs: 5 })).toEqual({ requeueAfterMs: 5, deferred: true });
  });

  it('returns nothing to do when done', () => {
    expect(assetResult({ kind: 'done' })).toEqual({});
  });

  it.each([
    ['a transient failure as an OperatorError (backoff)', assetAction('a', stop('failed')), OperatorError],
    [
      'a terminal failure as a TerminalError (not retried)',
      assetAction('a', stop('failed', { error: new KubeApiError('x', 400, 'BadRequest') })),
      TerminalError,
    ],
  ])('throws %s', (_case, action, kind) => {
    expect(() => assetResult(action)).toThrow(kind);
    if (kind === OperatorError) expect(() => assetResult(action)).not.toThrow(TerminalError);
  });
});

describe('passFollowUps', () => {
  it('brings every node change waiting for a pool back in one pass, at the earliest recheck', () => {
    const followUps = passFollowUps([
      { asset: 'swap-enable', action: { kind: 'pool-wait', delayMs: 30_000 } },
      { asset: 'numa', action: { kind: 'pool-wait', delayMs: 20_000 } },
      { asset: 'b', action: { kind: 'wait', delayMs: 10 } },
    ]);

    expect(followUps).toEqual([
      { request: { kind: 'asset', asset: 'b' }, afterMs: 10 },
      { request: { kind: 'pass' }, afterMs: 20_000 },
    ]);
  });

  it('requeues waiting assets after their delay and retries transient failures with backoff', () => {
    const followUps = passFollowUps([
      { asset: 'a', action: { kind: 'done' } },
      { asset: 'b', action: { kind: 'wait', delayMs: 10 } },
      { asset: 'c', action: assetAction('c', stop('failed')) },
      {
        asset: 'd',
        action: assetAction('d', stop('failed', { error: new KubeApiError('x', 422, 'Invalid') })),
      },
    ]);

    expect(followUps).toEqual([
      { request: { kind: 'asset', asset: 'b' }, afterMs: 10 },
      { request: { kind: 'asset', asset: 'c' }, backoff: true },
    ]);
  });
});

describe('the error a failed asset carries', () => {
  it.each([
    ['a transient failure', new KubeApiError('unavailable', 503, 'ServiceUnavailable'), 'retry'],
    ['a rejected content', new KubeApiError('invalid', 422, 'Invalid'), 'terminal'],
  ])('names the asset and the reason of %s, and keeps the cause', (_case, cause, kind) => {
    const action = assetAction('swap-enable', stop('failed', { reason: 'apply failed', error: cause }));

    expect(action.kind).toBe(kind);
    const error = (action as { error: Error }).error;
    expect(error.message).toBe('asset swap-enable failed: apply failed');
    expect(error.cause).toBe(cause);
  });

  it('says "unknown error" when the step gave no reason', () => {
    const action = assetAction('a', stop('failed'));

    expect((action as { error: Error }).error.message).toBe('asset a failed: unknown error');
  });
});
