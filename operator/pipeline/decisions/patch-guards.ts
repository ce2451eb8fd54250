import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../kube/types.js';
import { isRecord } from './json.js';
import { toPointer, type Tokens } from './json-pointer.js';

/**
 * Paths a user patch may not touch: they identify the object, belong to the server, or (the
 * empty path) replace the whole object. Segment-aware: `/metadata/names-x` is allowed.
 */
const FORBIDDEN: readonly Tokens[] = [
  ['apiVersion'],
  ['kind'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'managedFields'],
  ['status'],
];

/** Why a patch may not write or read `tokens`, or undefined when it may. */
export function forbiddenPathProblem(tokens: Tokens): string | undefined {
  if (tokens.length === 0) return 'the whole object cannot be patched';
  const hit = FORBIDDEN.find((f) => f.length <= tokens.length && f.every((t, i) => t === tokens[i]));
  return hit ? `${toPointer(hit)} and everything below it cannot be patched` : undefined;
}

/** What identifies an object or belongs to the server; a patch must leave all of it as it was. */
function protectedParts(obj: KubeObject): Record<string, unknown> {
  const meta: unknown = obj.metadata;
  const m = isRecord(meta) ? meta : {};
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    'metadata.name': m.name,
    'metadata.namespace': m.namespace,
    'metadata.managedFields': m.managedFields,
    status: obj.status,
  };
}

/** Names the protected part a patch changed (also catches edits through ancestors like /metadata). */
export function identityChangeProblem(before: KubeObject, after: unknown): string | undefined {
  if (!isRecord(after)) return 'the result is not an object';
  if (!isRecord(after.metadata)) return 'metadata would no longer be an object';
  const was = protectedParts(before);
  const now = protectedParts(after as KubeObject);
  const changed = Object.keys(was).find((k) => !isDeepStrictEqual(was[k], now[k]));
  return changed ? `${changed} would change` : undefined;
}
