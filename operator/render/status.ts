import { REASONS } from '../observability/events.js';
import type { DiffStatus, ObjectDiff } from './diff.js';
import type { OperatorEvent } from './operator-events.js';

/** Deferrals older than this are history, not part of the current state. */
export const RECENT_MS = 60 * 60_000;

export type Compliance =
  | 'compliant'
  | 'drifted'
  | 'missing'
  | 'held'
  | 'failed'
  | 'unmanaged'
  | 'not-managed';

/** One catalog asset in `status`: the object, whether it matches, and what the operator reported. */
export interface AssetStatusRow {
  asset: string;
  kind: string;
  name?: string;
  namespace?: string;
  compliance: Compliance;
  /** What the next reconcile would do (diff's verdict, from a Server-Side Apply dry-run). */
  outcome: DiffStatus;
  reason?: string;
  /** Customisation annotations in effect on the live object. */
  customisations: string[];
  /** The operator's latest Event about the object. */
  lastEvent?: { reason: string; type: string; note: string; at: string };
  /** Corrections deferred by the token bucket in the last hour (Throttled Events), with who fought. */
  deferrals?: { count: number; last: string; note: string };
  /** The latest MachineConfigPool wait, while it is the latest thing the operator said. */
  poolWait?: { note: string; at: string };
}

const COMPLIANCE: Record<DiffStatus, Compliance> = {
  unchanged: 'compliant',
  'would-change': 'drifted',
  'would-create': 'missing',
  held: 'held',
  failed: 'failed',
  unmanaged: 'unmanaged',
  excluded: 'not-managed',
  'missing-crd': 'not-managed',
};

function about(diff: ObjectDiff, event: OperatorEvent): boolean {
  const r = event.regarding;
  return r.kind === diff.kind && r.name === diff.name && (r.namespace ?? '') === (diff.namespace ?? '');
}

function customisationsOf(diff: ObjectDiff): string[] {
  const names = diff.customisations.map((c) => c.annotation);
  if (diff.status === 'held' && diff.annotation) names.push(diff.annotation);
  if (diff.status === 'unmanaged') names.push('platform.kubevirt.io/mode=unmanaged');
  return [...new Set(names)];
}

/** The status row of one asset from its diff and the operator's Events. Pure. */
export function statusOf(diff: ObjectDiff, events: readonly OperatorEvent[], now: number): AssetStatusRow {
  const mine =
    diff.name === undefined ? [] : events.filter((e) => about(diff, e)).sort((a, b) => a.last - b.last);
  const latest = mine.at(-1);
  const throttled = mine.filter((e) => e.reason === REASONS.Throttled && now - e.last <= RECENT_MS);
  const lastThrottle = throttled.at(-1);
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    asset: diff.asset,
    kind: diff.kind,
    ...(diff.name !== undefined ? { name: diff.name } : {}),
    ...(diff.namespace !== undefined ? { namespace: diff.namespace } : {}),
    compliance: COMPLIANCE[diff.status],
    outcome: diff.status,
    ...(diff.reason !== undefined ? { reason: diff.reason } : {}),
    customisations: customisationsOf(diff),
    ...(latest
      ? { lastEvent: { reason: latest.reason, type: latest.type, note: latest.note, at: iso(latest.last) } }
      : {}),
    ...(lastThrottle
      ? {
          deferrals: {
            count: throttled.reduce((sum, e) => sum + e.count, 0),
            last: iso(lastThrottle.last),
            note: lastThrottle.note,
          },
        }
      : {}),
    ...(latest?.reason === REASONS.WaitingForPool
      ? { poolWait: { note: latest.note, at: iso(latest.last) } }
      : {}),
  };
}
