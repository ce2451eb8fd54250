import { describe, expect, it } from '@jest/globals';
import { AGAIN_AFTER_MS, parentGone, signalAction } from '../../../hack/demo/signals.js';

describe('signalAction', () => {
  it.each<[string, number | undefined, number, string]>([
    ['the first signal', undefined, 5_000, 'stop'],
    ['the same Ctrl-C re-sent at once', 5_000, 5_000, 'ignore'],
    ['re-sent by a wrapper 30 ms later', 5_000, 5_030, 'ignore'],
    ['exactly at the grace period', 5_000, 5_000 + AGAIN_AFTER_MS, 'ignore'],
    ['a second Ctrl-C after the grace period', 5_000, 5_001 + AGAIN_AFTER_MS, 'exit-now'],
  ])('%s', (_case, firstAt, now, action) => {
    expect(signalAction(firstAt, now)).toBe(action);
  });
});

describe('parentGone', () => {
  it.each<[string, number, number, boolean]>([
    ['same parent', 400, 400, false],
    ['re-parented to init', 400, 1, true],
    ['re-parented to a subreaper', 400, 77, true],
  ])('%s', (_case, start, now, gone) => {
    expect(parentGone(start, now)).toBe(gone);
  });
});
