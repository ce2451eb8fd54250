import { describe, expect, it } from '@jest/globals';
import { gateStep } from '../../../../operator/pipeline/steps/gate.js';
import { isStop, type PipelineState } from '../../../../operator/pipeline/step.js';
import { harness, keyOf, service, state } from './support.js';

const desired = service();
const key = keyOf(desired);
/** State overrides; 'no-live' alone or first in a pair: the object does not exist. */
type Overrides = Partial<PipelineState> | 'no-live' | readonly ['no-live', Partial<PipelineState>];
const drifted = (overrides: Overrides = {}): PipelineState => {
  const noLive = overrides === 'no-live' || Array.isArray(overrides);
  const rest: Partial<PipelineState> =
    overrides === 'no-live'
      ? {}
      : Array.isArray(overrides)
        ? overrides[1]
        : (overrides as Partial<PipelineState>);
  const base = state({
    desired,
    live: service({ app: 'rival', rv: '7' }),
    intentHash: 'intent-1',
    drift: { drifted: true, paths: ['/spec/selector/app'] },
    ...rest,
  });
  if (!noLive) return base;
  const { live: _live, ...created } = base;
  return created;
};

describe('the gate step (token bucket)', () => {
  it.each<
    [string, Overrides, string | undefined, 'untracked' | 'full' | 'empty', 'next' | 'deferred', number]
  >([
    // case, state overrides, last verified intent, bucket before (burst 1), result, tokens spent
    ['creation is free', 'no-live', 'intent-1', 'untracked', 'next', 0],
    ['re-creating an object someone deleted spends a token', 'no-live', 'intent-1', 'full', 'next', 1],
    ['re-creating with an empty bucket is deferred', 'no-live', 'intent-1', 'empty', 'deferred', 0],
    [
      're-creating for a new force-reconcile value is free',
      ['no-live', { forced: true }],
      'intent-1',
      'empty',
      'next',
      0,
    ],
    [
      're-creating because our intent changed is free',
      ['no-live', { intentHash: 'intent-2' }],
      'intent-1',
      'empty',
      'next',
      0,
    ],
    ['a new force-reconcile value is free', { forced: true }, 'intent-1', 'untracked', 'next', 0],
    ['a change of our own intent is free', { intentHash: 'intent-2' }, 'intent-1', 'untracked', 'next', 0],
    ['the first check after a start is free (intent unknown)', {}, undefined, 'untracked', 'next', 0],
    ['a correction of a foreign change spends a token', {}, 'intent-1', 'untracked', 'next', 1],
    ['a correction with an empty bucket is deferred', {}, 'intent-1', 'empty', 'deferred', 0],
  ])('%s', async (_case, overrides, lastIntent, bucket, expected, spent) => {
    const h = harness({ burst: 1 });
    if (lastIntent !== undefined) h.verified.remember(key, { desired: 'd', intent: lastIntent }, '6');
    if (bucket === 'full') h.tokens.track(key, 'Service'); // this process created the object before
    if (bucket === 'empty') h.tokens.take(key, 'Service');
    const tokensBefore = bucket === 'empty' ? 0 : 1;

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

describe('which writes start the object’s bucket (restart evidence)', () => {
  /** The live object as the autopilot just wrote it: its managedFields entry is stamped now. */
  const writtenNow = (h: ReturnType<typeof harness>) => {
    const live = service({ app: 'rival', rv: '7' });
    live.metadata.managedFields = [
      {
        manager: 'virt-platform-autopilot',
        operation: 'Apply',
        time: new Date(h.clock.now()).toISOString(),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:selector': { 'f:app': {} } } },
      },
    ];
    return live;
  };

  it.each<[string, 'create' | 'forced' | 'intent' | 'restart', 'next' | 'deferred']>([
    // A write known to be free starts a full bucket (2 tokens): two corrections go through.
    ['a creation', 'create', 'next'],
    ['a forced write', 'forced', 'next'],
    ['a write for our changed intent', 'intent', 'next'],
    // The first check after a restart is free but unknown: the bucket is seeded from our last
    // write (just now), so it starts with the one token a failover always keeps.
    ['the first check after a restart', 'restart', 'deferred'],
  ])(
    'after %s, a second correction of an object we just wrote goes through: %s',
    async (_case, free, expected) => {
      const h = harness({ burst: 2 });
      if (free === 'forced' || free === 'intent')
        h.verified.remember(key, { desired: 'd', intent: 'intent-0' }, '6');
      const first =
        free === 'create'
          ? drifted('no-live')
          : drifted({
              live: writtenNow(h),
              forced: free === 'forced',
              intentHash: free === 'intent' ? 'intent-1' : 'intent-0',
            });
      if (free === 'restart') Object.assign(first, { intentHash: 'intent-1' });

      const freeWrite = await gateStep.run(first, h.deps);
      h.verified.remember(key, { desired: 'd', intent: 'intent-1' }, '7');
      const corrections = [
        await gateStep.run(drifted({ live: writtenNow(h) }), h.deps),
        await gateStep.run(drifted({ live: writtenNow(h) }), h.deps),
      ];

      expect(isStop(freeWrite)).toBe(false);
      expect(corrections.map((r) => (isStop(r) ? r.stop : 'next'))).toEqual(['next', expected]);
    },
  );

  it('passes a state with nothing rendered', async () => {
    const h = harness({ burst: 1 });
    const { desired: _d, ...rest } = drifted();

    expect(await gateStep.run(rest, h.deps)).toEqual({ next: rest });
  });
});

describe('what a deferral says', () => {
  it('names the competing managers and paths, and the wait in seconds', async () => {
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

    expect(isStop(result) && [result.competitors, result.reason]).toEqual([
      { managers: ['hpa-controller'], paths: ['spec.selector.app'] },
      'throttled: token bucket for Service/ns/metrics is empty; next correction in 60s',
    ]);
  });

  it('names no competitor without drift paths', async () => {
    const h = harness({ burst: 1 });
    h.verified.remember(key, { desired: 'd', intent: 'intent-1' }, '6');
    h.tokens.take(key, 'Service');
    const { drift: _drift, ...noDrift } = drifted();

    const result = await gateStep.run(noDrift, h.deps);

    expect(isStop(result) && result.competitors).toEqual({ managers: [], paths: [] });
  });

  it('says a deleted object keeps being deleted, without competitors', async () => {
    const h = harness({ burst: 1 });
    h.verified.remember(key, { desired: 'd', intent: 'intent-1' }, '6');
    h.tokens.track(key, 'Service');
    h.tokens.take(key, 'Service');

    const result = await gateStep.run(drifted('no-live'), h.deps);

    expect(isStop(result) && [result.stop, result.competitors, result.reason]).toEqual([
      'deferred',
      { managers: [], paths: [] },
      'throttled: token bucket for Service/ns/metrics is empty; next re-creation (the object keeps being deleted) in 60s',
    ]);
  });
});
