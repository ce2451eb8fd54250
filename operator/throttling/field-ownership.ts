import { jsonEqual } from '../kube/json-walk.js';
import type { KubeObject } from '../kube/types.js';

/**
 * Who owns what, read from `metadata.managedFields` (fieldsV1). A path is owned by a manager when
 * its fieldsV1 reaches the path (the field itself or something below it is owned), or when an
 * ancestor is owned as a whole (an empty node: a leaf or an atomic value).
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonKey(key: string): unknown {
  try {
    return JSON.parse(key.slice(2));
  } catch {
    return undefined;
  }
}

/** Whether a `k:{...}` or `v:...` list-item key names `element`. */
function itemKeyMatches(key: string, element: unknown): boolean {
  if (key.startsWith('v:')) return jsonEqual(parseJsonKey(key), element);
  if (!key.startsWith('k:') || !isRecord(element)) return false;
  const keys = parseJsonKey(key);
  return isRecord(keys) && Object.entries(keys).every(([k, v]) => jsonEqual(element[k], v));
}

/** The fieldsV1 node for `token` below `node`, given the live value at this level. */
function fieldsChild(node: Record<string, unknown>, liveValue: unknown, token: string): unknown {
  if (Array.isArray(liveValue) || (liveValue === undefined && /^\d+$/.test(token))) {
    const byIndex = node[`i:${token}`];
    if (byIndex !== undefined) return byIndex;
    const element = Array.isArray(liveValue) ? liveValue[Number(token)] : undefined;
    if (element === undefined) return undefined;
    const key = Object.keys(node).find((k) => itemKeyMatches(k, element));
    return key === undefined ? undefined : node[key];
  }
  return Object.prototype.hasOwnProperty.call(node, `f:${token}`) ? node[`f:${token}`] : undefined;
}

function liveChild(value: unknown, token: string): unknown {
  if (Array.isArray(value)) return /^\d+$/.test(token) ? value[Number(token)] : undefined;
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, token) ? value[token] : undefined;
}

/** Whether a fieldsV1 tree owns the field at `tokens` (or below it) in `live`. */
export function fieldsOwnPath(fieldsV1: unknown, live: unknown, tokens: readonly string[]): boolean {
  let node = fieldsV1;
  let value = live;
  for (const [depth, token] of tokens.entries()) {
    if (!isRecord(node)) return false;
    if (depth > 0 && Object.keys(node).length === 0) return true;
    node = fieldsChild(node, value, token);
    value = liveChild(value, token);
  }
  return isRecord(node);
}

/** Managers other than `self` that own the field at `tokens` in `live`, sorted and de-duplicated. */
export function managersOwning(live: KubeObject, tokens: readonly string[], self: string): string[] {
  const owners = new Set<string>();
  const entries: unknown = live.metadata.managedFields;
  if (!Array.isArray(entries) || tokens.length === 0) return [];
  for (const entry of entries as unknown[]) {
    if (!isRecord(entry) || typeof entry.manager !== 'string' || entry.manager === self) continue;
    if (fieldsOwnPath(entry.fieldsV1, live, tokens)) owners.add(entry.manager);
  }
  return [...owners].sort();
}

/**
 * The shortest strict prefix of `tokens` that some manager owns as a whole (an empty fieldsV1
 * node: an atomic map or list such as a Service selector). Such a value can only be owned,
 * changed or left alone in one piece. Object metadata is never atomic, whatever a (malformed)
 * managedFields entry claims: treating it so would drop the object's identity.
 */
export function atomicAncestor(live: KubeObject, tokens: readonly string[]): string[] | undefined {
  const entries: unknown = live.metadata.managedFields;
  if (!Array.isArray(entries) || tokens[0] === 'metadata') return undefined;
  let shortest: number | undefined;
  for (const entry of entries as unknown[]) {
    let node: unknown = isRecord(entry) ? entry.fieldsV1 : undefined;
    let value: unknown = live;
    for (const [depth, token] of tokens.entries()) {
      if (!isRecord(node)) break;
      if (depth > 0 && Object.keys(node).length === 0) {
        shortest = Math.min(shortest ?? depth, depth);
        break;
      }
      node = fieldsChild(node, value, token);
      value = liveChild(value, token);
    }
  }
  return shortest === undefined ? undefined : tokens.slice(0, shortest);
}
