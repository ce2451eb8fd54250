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

function collectDiffs(a: unknown, b: unknown, pointer: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) out.push(`${pointer}/${i}`);
      else collectDiffs(a[i], b[i], `${pointer}/${i}`, out);
    }
    return;
  }
  if (isRecord(a) && isRecord(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const path = `${pointer}/${escapeToken(key)}`;
      if (hasOwn(a, key) && hasOwn(b, key)) collectDiffs(a[key], b[key], path, out);
      else out.push(path);
    }
    return;
  }
  if (!Object.is(a, b) && !(a === 0 && b === 0)) out.push(pointer);
}

/**
 * Compares the server's dry-run answer with the live object, both sanitised (no status, no
 * server-owned metadata): drifted when anything differs, with the differing paths.
 */
export function compareForDrift(dryRun: KubeObject, live: KubeObject): DriftResult {
  const paths: string[] = [];
  collectDiffs(sanitizeForDrift(dryRun), sanitizeForDrift(live), '', paths);
  paths.sort();
  return { drifted: paths.length > 0, paths: paths.slice(0, MAX_DRIFT_PATHS) };
}

/** A stable SHA-256 (hex) of the object: the same content in any key order gives the same hash. */
export function desiredHash(obj: KubeObject): string {
  return createHash('sha256').update(canonicalJson(obj)).digest('hex');
}
