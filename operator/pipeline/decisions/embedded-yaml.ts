import { parseDocument, stringify } from 'yaml';
import { isRecord } from '../../assets/json.js';
import type { KubeObject } from '../../kube/types.js';
import { clone } from '../../kube/types.js';
import { yamlNestingBound } from './yaml-depth.js';

/** Deeper than any real configuration document; the YAML parser never sees deeper text. */
const MAX_NESTING = 64;

/**
 * A string field that holds a YAML document owned by several parties (the cluster monitoring
 * ConfigMap's `config.yaml`): the autopilot's document is merged into the live one, so that only
 * its own keys change and everything else the admin set stays. When the live document already
 * says what the autopilot wants, the live text is kept byte for byte (no write at all). Pure.
 */
export function mergeEmbeddedYaml(
  desired: KubeObject,
  live: KubeObject | undefined,
  path: string,
): KubeObject {
  const ours = dataValue(desired, path);
  const theirs = live === undefined ? undefined : dataValue(live, path);
  if (typeof ours !== 'string' || typeof theirs !== 'string' || theirs.trim() === '') return desired;
  const base = parseYamlMapping(theirs, path);
  const merged = deepMerge(base, parseYamlMapping(ours, path));
  const text = sameJson(merged, base) ? theirs : stringify(merged, { sortMapEntries: true, lineWidth: 0 });
  return withValueAt(desired, path, text);
}

/** The embedded document must be a YAML mapping (or empty); anything else is refused, never overwritten. */
export function parseYamlMapping(text: string, path: string): Record<string, unknown> {
  if (yamlNestingBound(text) > MAX_NESTING)
    throw new Error(`${path} nests deeper than ${MAX_NESTING} levels: left as it is`);
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem)
    throw new Error(`${path} is not valid YAML (${problem.message.split('\n')[0]}): left as it is`);
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw new Error(`${path} is not a YAML mapping: left as it is`);
  return value;
}

/** `over` wins on every key it sets; mappings merge recursively, anything else is replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k])]),
  );
}

/** `data.config.yaml`: the field `data`, then the key `config.yaml` (keys may hold dots). */
function splitPath(path: string): [string, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}

function dataValue(obj: KubeObject, path: string): unknown {
  const [field, key] = splitPath(path);
  const map = obj[field];
  return isRecord(map) ? map[key] : undefined;
}

function withValueAt(obj: KubeObject, path: string, value: string): KubeObject {
  const [field, key] = splitPath(path);
  const copy = clone(obj);
  copy[field] = { ...(copy[field] as Record<string, unknown>), [key]: value };
  return copy;
}
