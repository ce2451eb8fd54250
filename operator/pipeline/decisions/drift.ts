import { createHash } from 'node:crypto';
import type { KubeObject } from '../../kube/types.js';
import { canonicalJson, hasOwn, isRecord, type JsonRecord } from './json.js';
import { escapeToken } from './json-pointer.js';

export interface DriftResult {
  drifted: boolean;
  /** JSON Pointers of the differing values, sorted, at most MAX_DRIFT_PATHS. */
  paths: string[];
}

export const MAX_DRIFT_PATHS = 20;

const KEPT_METADATA = ['name', 'namespace', 'labels', 'annotations'] as const;

/** What drift compares: everything but status, and of metadata only what a user or template sets. */
export function sanitizeForDrift(obj: KubeObject): JsonRecord {
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key !== 'status' && key !== 'metadata' && value !== undefined) out[key] = value;
  }
  const meta: JsonRecord = {};
  for (const key of KEPT_METADATA) {
    const value: unknown = isRecord(obj.metadata) ? obj.metadata[key] : undefined;
    // an empty map and a missing one mean the same to the API server
    if (value === undefined || (isRecord(value) && Object.keys(value).length === 0)) continue;
    meta[key] = value;
  }
  out.metadata = meta;
  return out;
}

/** Pointers where `a` and `b` differ; an explicit stack, so any nesting depth is safe. */
function collectDiffs(a: unknown, b: unknown, out: string[]): void {
  const stack: [unknown, unknown, string][] = [[a, b, '']];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [x, y, pointer] = item;
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if (i >= x.length || i >= y.length) out.push(`${pointer}/${i}`);
        else stack.push([x[i], y[i], `${pointer}/${i}`]);
      }
    } else if (isRecord(x) && isRecord(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const path = `${pointer}/${escapeToken(key)}`;
        if (hasOwn(x, key) && hasOwn(y, key)) stack.push([x[key], y[key], path]);
        else out.push(path);
      }
    } else if (!Object.is(x, y) && !(x === 0 && y === 0)) {
      out.push(pointer);
    }
  }
}

/**
 * Compares the server's dry-run answer with the live object, both sanitised (no status, no
 * server-owned metadata): drifted when anything differs, with the differing paths.
 */
export function compareForDrift(dryRun: KubeObject, live: KubeObject): DriftResult {
  const paths: string[] = [];
  collectDiffs(sanitizeForDrift(dryRun), sanitizeForDrift(live), paths);
  paths.sort();
  return { drifted: paths.length > 0, paths: paths.slice(0, MAX_DRIFT_PATHS) };
}

/** A stable SHA-256 (hex) of the object: the same content in any key order gives the same hash. */
export function desiredHash(obj: KubeObject): string {
  return createHash('sha256').update(canonicalJson(obj)).digest('hex');
}
