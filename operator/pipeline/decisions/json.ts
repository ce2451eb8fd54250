import { sortedJson } from '../../kube/json-walk.js';

/** Small helpers for plain JSON values (what crosses the KubeClient port and lives in annotations). */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** Keys that would reach an object's prototype when assigned with `obj[key] = ...`. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in a user-supplied document (Kubernetes objects stay far below it). */
export const MAX_JSON_DEPTH = 100;

/**
 * The first problem that makes a parsed user document unsafe to merge into plain objects:
 * nesting deeper than MAX_JSON_DEPTH or a prototype-reaching key; undefined when it is fine.
 */
export function unsafeJsonProblem(value: unknown, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return `nesting deeper than ${MAX_JSON_DEPTH} levels`;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (!Array.isArray(value) && UNSAFE_KEYS.has(key)) return `key "${key}" is not allowed`;
    const problem = unsafeJsonProblem(child, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** JSON text with object keys sorted at every level, so equal values give equal text (any depth). */
export function canonicalJson(value: unknown): string {
  return sortedJson(value);
}
