import { describe, expect, it } from '@jest/globals';
import { KubeApiError } from '../../../../operator/errors.js';
import { driftStep } from '../../../../operator/pipeline/steps/drift.js';
import { isStop, type PipelineState } from '../../../../operator/pipeline/step.js';
import { withOwnershipMarks } from '../../../../operator/pipeline/ownership.js';
import { ASSET, harness, keyOf, service, state } from './support.js';

const outcome = (r: Awaited<ReturnType<typeof driftStep.run>>): string => (isStop(r) ? r.stop : 'next');

describe('the drift step (dry-run and compare)', () => {
  it('reports drift without a request when there is no live object (creation)', async () => {
    const h = harness();

    const result = await driftStep.run(state({ desired: service() }), h.deps);

    expect(isStop(result)).toBe(false);
    expect(!isStop(result) && result.next.drift).toEqual({ drifted: true, paths: [] });
    expect(h.client.served).toEqual([]);
  });

  it('finds a compliant object unchanged, remembers it, and skips the next dry-run', async () => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service()));
    const input = state({ desired: service(), live, intentHash: 'intent' });

    const first = await driftStep.run(input, h.deps);
    const second = await driftStep.run(input, h.deps);

    expect([outcome(first), outcome(second)]).toEqual(['unchanged', 'unchanged']);
    expect(h.client.count('dry-run')).toBe(1);
    expect(h.verified.lastIntent(keyOf(live))).toBe('intent');
  });

  it("applies a shared asset's object without the ownership marks, and finds it compliant unmarked", async () => {
    const h = harness();
    const live = h.client.seed(service());
    const shared = { ...ASSET, shared: true as const };

    const ours = await driftStep.run(state({ desired: service(), live }), h.deps);
    const theirs = await driftStep.run(state({ asset: shared, desired: service(), live }), h.deps);

    expect(outcome(ours)).toBe('next');
    expect(outcome(theirs)).toBe('unchanged');
    expect(isStop(theirs) && theirs.state.desired?.metadata.labels).toBeUndefined();
    expect(isStop(theirs) && theirs.state.desired?.metadata.annotations).toBeUndefined();
  });

  it('reports the drifted paths when the dry-run differs from the live object', async () => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service({ app: 'rival' })));

    const result = await driftStep.run(state({ desired: service(), live }), h.deps);

    expect(outcome(result)).toBe('next');
    expect(!isStop(result) && result.next.drift).toEqual({ drifted: true, paths: ['/spec/selector/app'] });
  });

  it('asks the server again when forced, even if nothing changed', async () => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service()));
    await driftStep.run(state({ desired: service(), live }), h.deps);

    await driftStep.run(state({ desired: service(), live, forced: true }), h.deps);

    expect(h.client.count('dry-run')).toBe(2);
  });

  it('ends a wait for a token once the object is compliant again', async () => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service()));
    h.deps.throttle.waitUntil.set(keyOf(live), h.clock.now() + 10_000);

    await driftStep.run(state({ desired: service(), live }), h.deps);

    expect(h.deps.throttle.waitUntil.has(keyOf(live))).toBe(false);
  });

  const invalid = new KubeApiError('apply Service/ns/metrics failed (HTTP 422): invalid', 422, 'Invalid');
  const typed = new KubeApiError(
    'apply failed (HTTP 500): failed to create typed patch object: .spec.x: expected numeric',
    500,
    'InternalError',
  );
  const unavailable = new KubeApiError('apply failed (HTTP 503): unavailable', 503, 'ServiceUnavailable');
  it.each<[string, KubeApiError, boolean, number, string]>([
    // case, dry-run error, patch in play, errors queued (2 = the template alone is rejected too), outcome
    [
      'holds a patched object the server rejects (422) when the template alone is accepted',
      invalid,
      true,
      1,
      'held',
    ],
    ['holds a patched object the server cannot type (500 typed patch)', typed, true, 1, 'held'],
    ['fails when the template alone is rejected too', invalid, true, 2, 'failed'],
    ['fails on a rejection without a user patch', invalid, false, 1, 'failed'],
    ['fails on a server that cannot answer, patch or not', unavailable, true, 1, 'failed'],
  ])('%s', async (_case, error, patched, errors, expected) => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service({ app: 'rival' })));
    h.client.failNext('dry-run', error, errors);
    const input: PipelineState = state({
      desired: service({ port: 1 }),
      rendered: service(),
      live,
      customizations: patched ? ['patch'] : [],
    });

    const result = await driftStep.run(input, h.deps);

    expect(outcome(result)).toBe(expected);
    if (expected === 'held' && isStop(result)) expect(result.annotation).toBe('platform.kubevirt.io/patch');
  });
});

describe('the drift step: requests it makes', () => {
  it('skips a state with nothing rendered', async () => {
    const result = await driftStep.run(state(), harness().deps);

    expect(isStop(result) && [result.stop, result.reason]).toEqual(['skipped', 'nothing rendered']);
  });

  it('asks for a forced Server-Side Apply dry-run as the autopilot, with the ownership marks', async () => {
    const h = harness();
    const live = h.client.seed(withOwnershipMarks(service({ app: 'rival' })));
    const applied: unknown[] = [];
    const client = h.client;
    const deps = {
      ...h.deps,
      client: {
        apply: (obj: Parameters<typeof client.apply>[0], options: Parameters<typeof client.apply>[1]) => {
          applied.push([obj.metadata.labels, options]);
          return client.apply(obj, options);
        },
      },
    };

    await driftStep.run(state({ desired: service(), live }), deps);

    expect(applied).toEqual([
      [
        { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' },
        { fieldManager: 'virt-platform-autopilot', force: true, dryRun: true },
      ],
    ]);
  });
});
