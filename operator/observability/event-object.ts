import type { KubeObject } from '../kube/types.js';

/** What a caller says about one occurrence; the recorder adds time, identity and aggregation. */
export interface EventSpec {
  regarding: { apiVersion: string; kind: string; name: string; namespace?: string; uid?: string };
  type: 'Normal' | 'Warning';
  reason: string;
  action: string;
  note: string;
}

export const REPORTING_CONTROLLER = 'virt-platform-autopilot';

/** events.k8s.io/v1 validation limits (bytes): note 1 KiB; reason, action, instance 128. */
export const NOTE_LIMIT_BYTES = 1024;
const FIELD_LIMIT_BYTES = 128;
const ELLIPSIS = '...';

/** Cuts `text` to at most `limit` UTF-8 bytes on a character boundary, marking the cut. */
export function truncateUtf8(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const budget = limit - ELLIPSIS.length;
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > budget) break;
    used += size;
    out += ch;
  }
  return out + ELLIPSIS;
}

/** A Kubernetes MicroTime: RFC 3339 with exactly six fractional digits (`...07:00:00.000000Z`). */
export function microTime(epochMs: number): string {
  const micros = Math.floor((epochMs - Math.floor(epochMs)) * 1000);
  return new Date(Math.floor(epochMs)).toISOString().replace(/Z$/, `${String(micros).padStart(3, '0')}Z`);
}

/**
 * The aggregation key: occurrences with the same key are one series (count + lastObservedTime).
 * Unlike client-go, the note is part of it: a Warning that names a problem must never keep
 * showing an older, different problem. Callers keep notes free of counters and timestamps.
 */
export function eventKey(spec: EventSpec): string {
  const r = spec.regarding;
  return JSON.stringify([
    r.apiVersion,
    r.kind,
    r.namespace ?? '',
    r.name,
    r.uid ?? '',
    spec.type,
    spec.reason,
    spec.action,
    spec.note,
  ]);
}

/** Where the API server accepts an Event whose `regarding` object is cluster-scoped. */
export const CLUSTER_SCOPED_EVENT_NAMESPACE = 'default';

/**
 * Where the Event lives: with the regarding object. For a cluster-scoped object the API server
 * rejects any namespace but `default` and `kube-system` ("does not match event.namespace").
 */
export function eventNamespace(spec: EventSpec): string {
  return spec.regarding.namespace || CLUSTER_SCOPED_EVENT_NAMESPACE;
}

/**
 * A `generateName` prefix from the regarding object's name: DNS-label characters only, ending in
 * `-` (the API server validates the prefix itself and appends five random characters).
 */
export function eventNamePrefix(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 52)
    .replace(/^-+|-+$/g, '');
  return `${cleaned || 'object'}-`;
}

/** The events.k8s.io/v1 Event for the first occurrence of a series. */
export function buildEvent(
  spec: EventSpec,
  opts: { namespace: string; instance: string; epochMs: number },
): KubeObject {
  const { regarding } = spec;
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { generateName: eventNamePrefix(regarding.name), namespace: opts.namespace },
    eventTime: microTime(opts.epochMs),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: truncateUtf8(opts.instance, FIELD_LIMIT_BYTES),
    action: truncateUtf8(spec.action, FIELD_LIMIT_BYTES),
    reason: truncateUtf8(spec.reason, FIELD_LIMIT_BYTES),
    note: truncateUtf8(spec.note, NOTE_LIMIT_BYTES),
    type: spec.type,
    regarding: {
      apiVersion: regarding.apiVersion,
      kind: regarding.kind,
      name: regarding.name,
      ...(regarding.namespace ? { namespace: regarding.namespace } : {}),
      ...(regarding.uid ? { uid: regarding.uid } : {}),
    },
  };
}
