import { parse } from 'yaml';
import { ANNOTATIONS, AnnotationError, MAX_ANNOTATION_BYTES } from '../annotations.js';
import { isRecord } from './json.js';
import { yamlNestingBound } from './yaml-depth.js';

/** Never create or update objects of this kind whose name (and namespace) match the globs. */
export interface DisabledRule {
  kind: string;
  name: string;
  namespace?: string;
}

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
/** A list of flat rules nests 3 levels at most; the parser never sees anything much deeper. */
const MAX_NESTING = 8;
const RULE_KEYS = new Set(['kind', 'name', 'namespace']);

function invalid(problem: string): AnnotationError {
  return new AnnotationError(ANNOTATIONS.disabledResources, problem);
}

function checkedRule(kind: unknown, name: unknown, namespace: unknown, where: string): DisabledRule {
  if (typeof kind !== 'string' || !KIND.test(kind))
    throw invalid(`${where}: kind must be a Kind such as MachineConfig`);
  if (typeof name !== 'string' || name === '' || /\s/.test(name)) {
    throw invalid(`${where}: name must be a non-empty name or glob without spaces`);
  }
  if (namespace === undefined) return { kind, name };
  if (typeof namespace !== 'string' || namespace === '' || /\s/.test(namespace)) {
    throw invalid(`${where}: namespace must be a non-empty namespace or glob (omit it to match any)`);
  }
  return { kind, name, namespace };
}

/** One `Kind/name` or `Kind/namespace/name` entry of the short form. */
function parseShortEntry(entry: string, where: string): DisabledRule {
  const parts = entry.split('/');
  if (parts.length === 2) return checkedRule(parts[0], parts[1], undefined, where);
  if (parts.length === 3) return checkedRule(parts[0], parts[2], parts[1], where);
  throw invalid(`${where}: "${entry}" is not Kind/name or Kind/namespace/name`);
}

function parseShortForm(value: string): DisabledRule[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, i) => parseShortEntry(entry, `entry ${i}`));
}

function parseItem(item: unknown, index: number): DisabledRule {
  const where = `rule ${index}`;
  if (typeof item === 'string') return parseShortEntry(item.trim(), where);
  if (!isRecord(item)) throw invalid(`${where} must be a mapping with kind, name and optional namespace`);
  const unknown = Object.keys(item).find((key) => !RULE_KEYS.has(key));
  if (unknown !== undefined) throw invalid(`${where} has unknown field "${unknown}"`);
  return checkedRule(item.kind, item.name, item.namespace, where);
}

function parseYaml(value: string): unknown {
  try {
    // failsafe: every scalar stays a string, so a name such as 0644 is not turned into a number
    return parse(value, { schema: 'failsafe', uniqueKeys: true, maxAliasCount: 100, logLevel: 'error' });
  } catch (err) {
    throw invalid(`not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

/**
 * Parses the HCO's disabled-resources rules: a YAML/JSON list of `{kind, name, namespace?}`, or
 * the short form `"KubeDescheduler/cluster, MachineConfig/50-swap-enable"` (also `Kind/ns/name`).
 * Absent or blank means no rules; anything malformed is an AnnotationError.
 */
export function parseDisabledResources(value: string | undefined): DisabledRule[] {
  if (value === undefined || value.trim() === '') return [];
  if (Buffer.byteLength(value, 'utf8') > MAX_ANNOTATION_BYTES) throw invalid('value is larger than 256 KiB');
  // the short form has no YAML structure, and YAML would refuse some of it (a leading comma)
  if (!/^\s*[-[{]/.test(value) && !value.includes(':')) return parseShortForm(value);
  if (yamlNestingBound(value) > MAX_NESTING) {
    throw invalid(
      `nests deeper than ${MAX_NESTING} levels: a list of {kind, name, namespace?} rules is flat`,
    );
  }
  const parsed = parseYaml(value);
  if (typeof parsed === 'string') return parseShortForm(parsed);
  if (Array.isArray(parsed)) return parsed.map(parseItem);
  if (isRecord(parsed)) return [parseItem(parsed, 0)];
  throw invalid('must be a list of {kind, name, namespace?} rules or "Kind/name, Kind/name"');
}

/**
 * The first rule matching the object: same Kind (case-sensitive), name glob, and namespace glob
 * when the rule has one (a rule without namespace matches any namespace and cluster scope).
 */
export function findDisabledRule(
  rules: readonly DisabledRule[],
  obj: { kind: string; metadata: { name?: string; namespace?: string } },
): DisabledRule | undefined {
  const name = obj.metadata.name ?? '';
  const namespace = obj.metadata.namespace ?? '';
  return rules.find(
    (rule) =>
      rule.kind === obj.kind &&
      globMatch(rule.name, name) &&
      (rule.namespace === undefined || globMatch(rule.namespace, namespace)),
  );
}

/**
 * Shell-style match of the whole `text`: `*` is any run of characters, `?` exactly one, every
 * other character literal. Iterative with one backtrack point, so it is linear-ish in the input
 * and cannot be driven into catastrophic backtracking by a hostile pattern.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (pattern[p] === '*') {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
