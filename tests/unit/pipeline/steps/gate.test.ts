import { describe, expect, it } from '@jest/globals';
import { gateStep } from '../../../../operator/pipeline/steps/gate.js';
import { isStop, type PipelineState } from '../../../../operator/pipeline/step.js';
import { harness, keyOf, service, state } from './support.js';

const desired = service();
const key = keyOf(desired);
const drifted = (overrides: Partial<PipelineState> | 'no-live' = {}): PipelineState => {
  const base = state({
    desired,
    live: service({ app: 'rival', rv: '7' }),
    intentHash: 'intent-1',
    drift: { drifted: true, paths: ['/spec/selector/app'] },
    ...(overrides === 'no-live' ? {} : overrides),
  });
  if (overrides !== 'no-live') return base;
  const { live: _live, ...created } = base;
  return created;
};

describe('the gate step (token bucket)', () => {
  it.each<
    [string, Partial<PipelineState> | 'no-live', string | undefined, number, 'next' | 'deferred', number]
  >([
    // case, state overrides, last verified intent, tokens before, result, tokens spent
    ['creation is free', 'no-live', 'intent-1', 1, 'next', 0],
    ['a new force-reconcile value is free', { forced: true }, 'intent-1', 1, 'next', 0],
    ['a change of our own intent is free', { intentHash: 'intent-2' }, 'intent-1', 1, 'next', 0],
    ['the first check after a start is free (intent unknown)', {}, undefined, 1, 'next', 0],
    ['a correction of a foreign change spends a token', {}, 'intent-1', 1, 'next', 1],
    ['a correction with an empty bucket is deferred', {}, 'intent-1', 0, 'deferred', 0],
  ])('%s', async (_case, overrides, lastIntent, tokensBefore, expected, spent) => {
    const h = harness({ burst: 1 });
    if (lastIntent !== undefined) h.verified.remember(key, { desired: 'd', intent: lastIntent }, '6');
    if (tokensBefore === 0) h.tokens.take(key, 'Service');

    const result = await gateStep.run(drifted(overrides), h.deps);

    expect(isStop(result) ? result.stop : 'next').toBe(expected);
    const left = h.tokens.take(key, 'Service').ok ? 1 : 0;
    expect(tokensBefore - spent).toBe(left);
  });

  it('starts the wait for the next token, and names the competing managers', async () => {
    const h = harness({ burst: 1 });
    h.verified.remember(key, { desired: 'd', intent: 'intent-1' }, '6');
    h.tokens.take(key, 'Service');
    const live = service({ app: 'rival', rv: '7' });
    live.metadata.managedFields = [
      {
        manager: 'hpa-controller',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:selector': { 'f:app': {} } } },
      },
    ];

    const result = await gateStep.run(drifted({ live }), h.deps);

    expect(isStop(result) && result.stop).toBe('deferred');
    if (!isStop(result)) return;
    expect(result.retryAfterMs).toBe(60_000);
    expect(h.deps.throttle.waitUntil.get(key)).toBe(h.clock.now() + 60_000);
    expect(result.competitors?.managers).toEqual(['hpa-controller']);
    expect(result.reason).toContain('token bucket');
  });
});
