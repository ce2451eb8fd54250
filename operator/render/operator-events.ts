import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { REPORTING_CONTROLLER } from '../observability/event-object.js';

const EVENTS = { group: 'events.k8s.io', version: 'v1', kind: 'Event' };

/** One Event the operator wrote, reduced to what `status` shows. */
export interface OperatorEvent {
  regarding: { kind: string; name: string; namespace?: string };
  reason: string;
  type: string;
  note: string;
  /** Occurrences in its series (1 without a series). */
  count: number;
  /** Epoch ms of the last occurrence. */
  last: number;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The reduced form of an events.k8s.io/v1 Event; undefined for one without a regarding object. Pure. */
export function toOperatorEvent(event: KubeObject): OperatorEvent | undefined {
  const regarding = event.regarding as { kind?: unknown; name?: unknown; namespace?: unknown } | undefined;
  if (!regarding || typeof regarding.name !== 'string') return undefined;
  const series = event.series as { count?: unknown; lastObservedTime?: unknown } | undefined;
  const last = Date.parse(text(series?.lastObservedTime) || text(event.eventTime));
  return {
    regarding: {
      kind: text(regarding.kind),
      name: regarding.name,
      ...(text(regarding.namespace) ? { namespace: text(regarding.namespace) } : {}),
    },
    reason: text(event.reason),
    type: text(event.type),
    note: text(event.note),
    count: typeof series?.count === 'number' ? series.count : 1,
    last: Number.isNaN(last) ? 0 : last,
  };
}

/** Every Event the operator wrote, in every namespace (cluster-scoped objects' live in `default`). */
export async function readOperatorEvents(client: KubeClient): Promise<OperatorEvent[]> {
  const list = await client.list(EVENTS, { fieldSelector: `reportingController=${REPORTING_CONTROLLER}` });
  return list.items.map(toOperatorEvent).filter((e): e is OperatorEvent => e !== undefined);
}
