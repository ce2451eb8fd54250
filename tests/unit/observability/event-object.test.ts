import { describe, expect, it } from '@jest/globals';
import {
  eventKey,
  eventNamePrefix,
  microTime,
  truncateUtf8,
  type EventSpec,
} from '../../../operator/observability/event-object.js';

describe('Event shape helpers', () => {
  it.each([
    [Date.UTC(2026, 10, 22, 7, 0, 0), '2026-11-22T07:00:00.000000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 678), '2026-01-02T03:04:05.678000Z'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.25, '2026-01-02T03:04:05.678250Z'],
  ])('formats %d as a MicroTime %s', (epochMs, expected) => {
    expect(microTime(epochMs)).toBe(expected);
  });

  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven chars', 10, 'eleven ...'],
    ['ééééé', 8, 'éé...'],
    ['日本語テキスト', 10, '日本...'],
  ])('cuts %j to at most %d bytes as %j', (text, limit, expected) => {
    const cut = truncateUtf8(text, limit);

    expect(cut).toBe(expected);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(limit);
  });

  it.each([
    ['web', 'web-'],
    ['90-Worker.Swap', '90-worker-swap-'],
    ['system:controller:x', 'system-controller-x-'],
    ['---', 'object-'],
    ['a'.repeat(80), `${'a'.repeat(52)}-`],
  ])('derives the generateName prefix of %s as %s', (name, expected) => {
    expect(eventNamePrefix(name)).toBe(expected);
  });

  it('keys occurrences without their note, so changing numbers still aggregate', () => {
    const spec: EventSpec = {
      regarding: { apiVersion: 'v1', kind: 'Service', name: 's', namespace: 'n' },
      type: 'Warning',
      reason: 'Throttled',
      action: 'Throttled',
      note: 'deferred 30s',
    };

    expect(eventKey({ ...spec })).toBe(eventKey(spec));
    expect(eventKey({ ...spec, note: 'a different problem' })).not.toBe(eventKey(spec));
    expect(eventKey({ ...spec, regarding: { ...spec.regarding, namespace: 'm' } })).not.toBe(eventKey(spec));
  });
});
