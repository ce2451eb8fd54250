import { jsonEqual } from '../../kube/json-walk.js';
import type { KubeObject } from '../../kube/types.js';
import { ANNOTATION_PREFIX } from '../annotations.js';
import { isRecord } from './json.js';
import { toPointer, type Tokens } from './json-pointer.js';

const IDENTITY = 'it identifies the object';
const SERVER = 'it is set by the API server';
const CONTROLLERS = 'it belongs to garbage collection and other controllers';

/**
 * Paths a user patch may not touch, with why: they identify the object, belong to the server
 * or to other controllers. Segment-aware: `/metadata/names-x` is allowed.
 */
const FORBIDDEN: readonly (readonly [Tokens, string])[] = [
  [['apiVersion'], IDENTITY],
  [['kind'], IDENTITY],
  [['metadata', 'name'], IDENTITY],
  [['metadata', 'namespace'], IDENTITY],
  [['metadata', 'managedFields'], SERVER],
  [['metadata', 'uid'], SERVER],
  [['metadata', 'resourceVersion'], SERVER],
  [['metadata', 'generation'], SERVER],
  [['metadata', 'creationTimestamp'], SERVER],
  [['metadata', 'deletionTimestamp'], SERVER],
  [['metadata', 'deletionGracePeriodSeconds'], SERVER],
  [['metadata', 'ownerReferences'], CONTROLLERS],
  [['metadata', 'finalizers'], CONTROLLERS],
  [['status'], 'it is written by controllers through the status subresource'],
];

const MARK_MAPS = new Set(['labels', 'annotations']);

/** Why a patch may not write or read `tokens`, or undefined when it may. */
export function forbiddenPathProblem(tokens: Tokens): string | undefined {
  if (tokens.length === 0) return 'the whole object cannot be patched';
  const hit = FORBIDDEN.find(([f]) => f.length <= tokens.length && f.every((t, i) => t === tokens[i]));
  if (hit) return `${toPointer(hit[0])} and everything below it cannot be patched (${hit[1]})`;
  const [meta, map, key] = tokens;
  if (meta === 'metadata' && MARK_MAPS.has(map ?? '') && key?.startsWith(ANNOTATION_PREFIX)) {
    return `${toPointer(tokens.slice(0, 3))} cannot be patched (${ANNOTATION_PREFIX}* ${map} are the autopilot's own controls and marks)`;
  }
  return undefined;
}

/** The `platform.kubevirt.io/*` entries of a labels or annotations map. */
function platformEntries(map: unknown): Record<string, unknown> {
  if (!isRecord(map)) return {};
  return Object.fromEntries(Object.entries(map).filter(([k]) => k.startsWith(ANNOTATION_PREFIX)));
}

/** What identifies an object or belongs to the server; a patch must leave all of it as it was. */
function protectedParts(obj: KubeObject): Record<string, unknown> {
  const meta: unknown = obj.metadata;
  const m = isRecord(meta) ? meta : {};
  const parts: Record<string, unknown> = { apiVersion: obj.apiVersion, kind: obj.kind, status: obj.status };
  for (const [path] of FORBIDDEN) {
    if (path[0] === 'metadata' && path[1] !== undefined) parts[`metadata.${path[1]}`] = m[path[1]];
  }
  parts[`metadata.labels ${ANNOTATION_PREFIX}*`] = platformEntries(m.labels);
  parts[`metadata.annotations ${ANNOTATION_PREFIX}*`] = platformEntries(m.annotations);
  return parts;
}

/** Names the protected part a patch changed (also catches edits through ancestors like /metadata). */
export function identityChangeProblem(before: KubeObject, after: unknown): string | undefined {
  if (!isRecord(after)) return 'the result is not an object';
  if (!isRecord(after.metadata)) return 'metadata would no longer be an object';
  const was = protectedParts(before);
  const now = protectedParts(after as KubeObject);
  const changed = Object.keys(was).find((k) => !jsonEqual(was[k], now[k]));
  return changed ? `${changed} would change` : undefined;
}
