import { describe, expect, it } from '@jest/globals';
import { isNewForceValue } from '../../../../operator/pipeline/decisions/force.js';
import { waitRemaining } from '../../../../operator/pipeline/decisions/wait.js';
import { forceStep } from '../../../../operator/pipeline/steps/force.js';
import { waitStep } from '../../../../operator/pipeline/steps/wait.js';
import { isStop } from '../../../../operator/pipeline/step.js';
import { harness, keyOf, service, state } from './support.js';

const FORCE = 'platform.kubevirt.io/force-reconcile';

describe('isNewForceValue', () => {
  it.each<[string, { seen: string | null } | undefined, string | undefined, boolean]>([
    ['a value on an object never seen since the start is not new', undefined, '1', false],
    ['a first value on a seen object is new', { seen: null }, '1', true],
    ['a changed value is new', { seen: '1' }, '2', true],
    ['the same value is not new', { seen: '1' }, '1', false],
    ['a removed value is not new', { seen: '1' }, undefined, false],
  ])('%s', (_case, previous, value, expected) => {
    expect(isNewForceValue(previous, value)).toBe(expected);
  });
});

describe('waitRemaining', () => {
  it.each<[string, number | undefined, boolean, boolean, number]>([
    ['not waiting', undefined, false, false, 0],
    ['waiting', 1500, false, false, 500],
    ['the wait is over', 900, false, false, 0],
    ['forced', 1500, true, false, 0],
    ['our intent changed', 1500, false, true, 0],
  ])('%s', (_case, until, forced, intentChanged, expected) => {
    expect(waitRemaining({ until, now: 1000, forced, intentChanged })).toBe(expected);
  });
});

describe('the force step', () => {
  const run = async (h: ReturnType<typeof harness>, value?: string) => {
    const live = service(value ? { annotations: { [FORCE]: value } } : {});
    const result = await forceStep.run(state({ desired: service(), live }), h.deps);
    if (isStop(result)) throw new Error('the force step never stops');
    return result.next.forced;
  };

  it('forces once per new value and ends the wait for a token', async () => {
    const h = harness();
    h.deps.throttle.waitUntil.set(keyOf(service()), h.clock.now() + 60_000);

    const runs = [await run(h), await run(h, 'a'), await run(h, 'a'), await run(h, 'b')];

    expect(runs).toEqual([false, true, false, true]);
    expect(h.deps.throttle.waitUntil.size).toBe(0);
  });

  it('grants nothing for a value found on first sight (a restart)', async () => {
    const h = harness();

    expect(await run(h, 'old')).toBe(false);
  });
});

describe('the wait step', () => {
  const key = keyOf(service());
  const waiting = (h: ReturnType<typeof harness>, intent = 'i') => {
    h.verified.remember(key, { desired: 'd', intent: 'i' }, '1');
    h.deps.throttle.waitUntil.set(key, h.clock.now() + 30_000);
    return state({ desired: service(), live: service({ rv: '2' }), intentHash: intent });
  };

  it('stops a waiting object without any request, marked as the same wait', async () => {
    const h = harness();

    const result = await waitStep.run(waiting(h), h.deps);

    expect(isStop(result) && [result.stop, result.waiting, result.retryAfterMs]).toEqual([
      'deferred',
      true,
      30_000,
    ]);
    expect(h.client.served).toEqual([]);
  });

  it.each([
    ['the wait is over', (h: ReturnType<typeof harness>) => h.clock.advance(30_000), 'i'],
    ['our intent changed', () => undefined, 'j'],
  ])('lets the object through when %s', async (_case, act, intent) => {
    const h = harness();
    const input = waiting(h, intent);
    act(h);

    const result = await waitStep.run(input, h.deps);

    expect(isStop(result)).toBe(false);
    expect(h.deps.throttle.waitUntil.has(key)).toBe(false);
  });

  it('lets a forced object through', async () => {
    const h = harness();

    const result = await waitStep.run({ ...waiting(h), forced: true }, h.deps);

    expect(isStop(result)).toBe(false);
  });
});

describe('the force and wait steps with nothing rendered, and the wait’s reason', () => {
  it.each([
    ['force', forceStep],
    ['wait', waitStep],
  ])('the %s step passes a state with nothing rendered untouched', async (_name, step) => {
    const h = harness();
    h.deps.throttle.waitUntil.set(keyOf(service()), h.clock.now() + 30_000);
    const input = state({ live: service({ annotations: { [FORCE]: 'x' } }) });

    const result = await step.run(input, h.deps);

    expect(result).toEqual({ next: input });
    expect(h.deps.throttle.forceSeen.size).toBe(0);
  });

  it('says how many seconds (rounded up) the object still waits, and for which bucket', async () => {
    const h = harness();
    const key = keyOf(service());
    h.verified.remember(key, { desired: 'd', intent: 'i' }, '1');
    h.deps.throttle.waitUntil.set(key, h.clock.now() + 1_500);

    const result = await waitStep.run(state({ desired: service(), intentHash: 'i' }), h.deps);

    expect(isStop(result) && result.reason).toBe(
      'throttled: waiting 2s for a token of the token bucket for Service/ns/metrics',
    );
  });
});
