import { describe, expect, it } from '@jest/globals';
import type { ObjectDiff } from '../../../operator/render/diff.js';
import { toOperatorEvent, type OperatorEvent } from '../../../operator/render/operator-events.js';
import { statusOf } from '../../../operator/render/status.js';
import { formatStatusTable } from '../../../operator/render/status-format.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const minutesAgo = (m: number): number => NOW - m * 60_000;

const service: ObjectDiff = {
  asset: 'metrics-service',
  kind: 'Service',
  name: 'm',
  namespace: 'ns',
  status: 'would-change',
  changes: [],
  customisations: [{ annotation: 'platform.kubevirt.io/patch', effect: 'patch', paths: ['/spec/x'] }],
};

function event(reason: string, minutes: number, count = 1, name = 'm'): OperatorEvent {
  return {
    regarding: { kind: 'Service', name, namespace: 'ns' },
    reason,
    type: 'Warning',
    note: `${reason} note`,
    count,
    last: minutesAgo(minutes),
  };
}

describe('statusOf', () => {
  it('sums the recent Throttled series as deferrals and names the latest Event', () => {
    const events = [
      event('Throttled', 90, 7),
      event('Throttled', 10, 3),
      event('Throttled', 2, 2),
      event('Created', 300),
    ];

    const row = statusOf(service, [...events, event('Throttled', 1, 9, 'other')], NOW);

    expect(row).toMatchObject({
      compliance: 'drifted',
      customisations: ['platform.kubevirt.io/patch'],
      deferrals: { count: 5, last: new Date(minutesAgo(2)).toISOString() },
      lastEvent: { reason: 'Throttled' },
    });
    expect(row.poolWait).toBeUndefined();
  });

  it('shows a pool wait while it is the latest thing the operator said', () => {
    const waiting = statusOf(service, [event('Created', 9), event('WaitingForPool', 1)], NOW);
    const over = statusOf(service, [event('WaitingForPool', 9), event('Updated', 1)], NOW);

    expect(waiting.poolWait?.note).toBe('WaitingForPool note');
    expect(over.poolWait).toBeUndefined();
  });

  it.each<[ObjectDiff['status'], string]>([
    ['unchanged', 'compliant'],
    ['would-create', 'missing'],
    ['held', 'held'],
    ['failed', 'failed'],
    ['unmanaged', 'unmanaged'],
    ['excluded', 'not-managed'],
    ['missing-crd', 'not-managed'],
  ])('maps %s to compliance %s', (status, compliance) => {
    expect(statusOf({ ...service, status, customisations: [] }, [], NOW).compliance).toBe(compliance);
  });

  it('lists mode=unmanaged among the customisations of an unmanaged object', () => {
    expect(statusOf({ ...service, status: 'unmanaged', customisations: [] }, [], NOW).customisations).toEqual(
      ['platform.kubevirt.io/mode=unmanaged'],
    );
  });
});

describe('toOperatorEvent', () => {
  it('reads the series count and last observed time, or the event time without a series', () => {
    const base = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'e' } };
    const regarding = { kind: 'Service', name: 'm', namespace: 'ns' };

    const series = toOperatorEvent({
      ...base,
      regarding,
      reason: 'Throttled',
      eventTime: '2026-12-01T11:00:00.000000Z',
      series: { count: 4, lastObservedTime: '2026-12-01T11:30:00.000000Z' },
    });
    const single = toOperatorEvent({
      ...base,
      regarding,
      reason: 'Created',
      eventTime: '2026-12-01T11:00:00.000000Z',
    });

    expect(series).toMatchObject({ count: 4, last: Date.parse('2026-12-01T11:30:00Z') });
    expect(single).toMatchObject({ count: 1, last: Date.parse('2026-12-01T11:00:00Z') });
  });
});

describe('formatStatusTable', () => {
  it('has a column for every field, pool waits included, and a summary', () => {
    const text = formatStatusTable([statusOf(service, [event('Throttled', 2, 2)], NOW)], NOW);

    expect(text.split('\n')[0]).toMatch(
      /^ASSET\s+OBJECT\s+COMPLIANCE\s+REASON\s+CUSTOMISED\s+DEFERRALS\s+POOL WAIT\s+LAST EVENT$/,
    );
    expect(text).toMatch(
      /metrics-service\s+Service\/ns\/m\s+drifted\s+patch\s+2 \(last 2m ago\)\s+-\s+Throttled 2m ago/,
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 drifted');
  });
});
