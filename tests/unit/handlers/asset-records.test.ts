import { describe, expect, it } from '@jest/globals';
import { AssetRecords } from '../../../operator/handlers/asset-records.js';
import { newThrottleMemory } from '../../../operator/handlers/live-reader.js';
import { StatusBoard } from '../../../operator/handlers/status-board.js';
import { keyOfObject, objectKey, type KubeObject } from '../../../operator/kube/types.js';
import type { Metrics, SeriesRef } from '../../../operator/observability/metrics.js';
import type { Outcome, Stop } from '../../../operator/pipeline/step.js';
import type { TokenBuckets } from '../../../operator/throttling/token-bucket.js';
import { FakeClock } from '../throttling/fake-clock.js';
import { ASSET, service, state } from '../pipeline/steps/support.js';

function records() {
  const forgottenSeries: string[] = [];
  const forgottenTokens: string[] = [];
  const metrics = {
    forgetObject: (ref: SeriesRef) => forgottenSeries.push(objectKey(ref)),
  } as unknown as Metrics;
  const tokens = { forget: (key: string) => forgottenTokens.push(key) } as unknown as TokenBuckets;
  const throttle = newThrottleMemory();
  const board = new StatusBoard();
  const clock = new FakeClock();
  const r = new AssetRecords({ metrics, tokens, throttle, board, clock });
  return { r, board, throttle, forgottenSeries, forgottenTokens };
}

const stopWith = (outcome: Outcome, desired?: KubeObject, reason?: string): Stop => ({
  stop: outcome,
  state: state(desired ? { desired } : {}),
  ...(reason ? { reason } : {}),
});

const renamed = (): KubeObject => {
  const svc = service();
  svc.metadata.name = 'metrics-v2';
  return svc;
};

describe('what the reconciler remembers per asset', () => {
  it('maps the rendered object back to its asset, and adds it to the pass’s rendered set', () => {
    const s = records();
    const rendered = new Set<string>();

    s.r.ran(ASSET, stopWith('created', service()), rendered);

    expect(s.r.assetFor(keyOfObject(service()))).toBe('metrics-service');
    expect([...rendered]).toEqual([keyOfObject(service())]);
    expect(s.board.assetStatuses()).toEqual([
      expect.objectContaining({
        asset: 'metrics-service',
        outcome: 'created',
        object: { kind: 'Service', name: 'metrics', namespace: 'ns' },
      }),
    ]);
  });

  it('drops the series of the object an asset rendered before when it renders another one', () => {
    const s = records();
    s.r.ran(ASSET, stopWith('created', service()), new Set());

    s.r.ran(ASSET, stopWith('created', renamed()), new Set());

    expect(s.forgottenSeries).toEqual([keyOfObject(service())]);
  });

  it('keeps the series while the asset renders the same object', () => {
    const s = records();
    s.r.ran(ASSET, stopWith('created', service()), new Set());

    s.r.ran(ASSET, stopWith('unchanged', service()), new Set());

    expect(s.forgottenSeries).toEqual([]);
  });

  it('shows the reason of an outcome without an object on the board', () => {
    const s = records();

    s.r.ran(ASSET, stopWith('skipped', undefined, 'namespace missing'), new Set());

    expect(s.board.assetStatuses()[0]).toMatchObject({ outcome: 'skipped', reason: 'namespace missing' });
    expect(s.board.assetStatuses()[0]?.object).toBeUndefined();
  });

  it('forgets an asset that is no longer eligible: its series, its tokens and its wait, and says why', () => {
    const s = records();
    s.r.ran(ASSET, stopWith('deferred', service()), new Set());
    s.throttle.waitUntil.set(keyOfObject(service()), 123);

    s.r.skipped('metrics-service', 'excluded', 'not in the allowlist');

    expect(s.forgottenSeries).toEqual([keyOfObject(service())]);
    expect(s.forgottenTokens).toEqual([keyOfObject(service())]);
    expect(s.throttle.waitUntil.size).toBe(0);
    expect(s.board.assetStatuses()[0]).toMatchObject({ outcome: 'excluded', reason: 'not in the allowlist' });
  });

  it('forgets every asset when the autopilot goes idle, and each only once', () => {
    const s = records();
    s.r.ran(ASSET, stopWith('created', service()), new Set());
    s.r.ran({ ...ASSET, name: 'other' }, stopWith('created', renamed()), new Set());

    s.r.forgetAll();
    s.r.forgetAll();

    expect(s.forgottenSeries.sort()).toEqual([keyOfObject(service()), keyOfObject(renamed())].sort());
  });

  it('stops managing an asset that rendered nothing this time (skipped): the object it rendered before loses its series', () => {
    const s = records();
    s.r.ran(ASSET, stopWith('created', service()), new Set());

    s.r.ran(ASSET, stopWith('skipped', undefined, 'not applicable'), new Set());

    expect(s.forgottenSeries).toEqual(['Service/ns/metrics']);
    expect(s.forgottenTokens).toEqual(['Service/ns/metrics']);
  });

  it.each<Outcome>(['failed', 'held', 'excluded'])(
    'keeps the series of the object rendered before after a %s outcome without an object',
    (outcome) => {
      const s = records();
      s.r.ran(ASSET, stopWith('created', service()), new Set());

      s.r.ran(ASSET, stopWith(outcome, undefined, 'why'), new Set());

      expect(s.forgottenSeries).toEqual([]);
    },
  );

  it('stamps each board entry with the clock’s time', () => {
    const s = records();

    s.r.ran(ASSET, stopWith('created', service()), new Set());

    expect(s.board.assetStatuses()[0]?.at).toBe(new Date(1_000_000).toISOString());
  });

  it('shows a nameless object on the board with an empty name', () => {
    const s = records();
    const nameless = service();
    delete nameless.metadata.name;

    s.r.ran(ASSET, stopWith('created', nameless), new Set());

    expect(s.board.assetStatuses()[0]?.object).toStrictEqual({ kind: 'Service', name: '', namespace: 'ns' });
  });
});
