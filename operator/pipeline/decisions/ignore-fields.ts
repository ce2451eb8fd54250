import { clone, type KubeObject } from '../../kube/types.js';
import { managersOwning, atomicAncestor } from '../../throttling/field-ownership.js';
import { ANNOTATIONS, AnnotationError, MAX_ANNOTATION_BYTES } from '../annotations.js';
import { arrayIndex, child, lookup, parsePointer, type Tokens } from './json-pointer.js';
import { hasOwn, isRecord, UNSAFE_KEYS } from './json.js';

/** A field path as unescaped tokens; numeric tokens index into arrays. */
export type FieldPath = readonly string[];

/** Paths that identify the object: ignoring them would leave nothing to apply. */
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace']);

function invalid(problem: string): AnnotationError {
  return new AnnotationError(ANNOTATIONS.ignoreFields, problem);
}

function parseOne(entry: string): FieldPath {
  let tokens: string[];
  if (entry.startsWith('/')) {
    const parsed = parsePointer(entry);
    if (!parsed.ok) throw invalid(parsed.problem);
    tokens = parsed.tokens;
  } else {
    tokens = entry.split('.');
    if (tokens.some((t) => /\s/.test(t)))
      throw invalid(`"${entry}" contains whitespace inside a dotted path`);
  }
  if (tokens.some((t) => t === '')) throw invalid(`"${entry}" has an empty path segment`);
  const unsafe = tokens.find((t) => UNSAFE_KEYS.has(t));
  if (unsafe !== undefined) throw invalid(`"${entry}": path segment "${unsafe}" is not allowed`);
  if (IDENTITY.has(tokens.join('.'))) throw invalid(`"${entry}" identifies the object and cannot be ignored`);
  return tokens;
}

/**
 * Parses the comma-separated ignore-fields value: `/a/b` entries are JSON Pointers (RFC 6901),
 * others dotted paths (`spec.replicas`); empty entries are dropped, malformed ones rejected.
 */
export function parseIgnoreFields(value: string): FieldPath[] {
  if (Buffer.byteLength(value, 'utf8') > MAX_ANNOTATION_BYTES) throw invalid('value is larger than 256 KiB');
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseOne);
}

/**
 * `desired` with the live value at `path` copied in. Where the two disagree in shape (or an
 * array index cannot be placed), the nearest live subtree is taken whole: it never changes
 * the ignored field, at the cost of also keeping that subtree's other live values. A loop, not
 * recursion: a path may be as deep as the live object.
 */
function withLiveValue(desired: unknown, live: unknown, path: Tokens): unknown {
  const root: { value: unknown } = { value: desired };
  let holder: Record<string, unknown> | unknown[] = root as Record<string, unknown>;
  let slot: string | number = 'value';
  let liveNode = live;
  for (const token of path) {
    const current: unknown = (holder as Record<string | number, unknown>)[slot];
    const liveNext = child(liveNode, token);
    if (!liveNext.found) return root.value;
    if (isRecord(liveNode)) {
      const base: Record<string, unknown> = isRecord(current) ? current : {};
      (holder as Record<string | number, unknown>)[slot] = base;
      if (!hasOwn(base, token)) base[token] = undefined;
      [holder, slot, liveNode] = [base, token, liveNext.value];
      continue;
    }
    const index = arrayIndex(token) ?? Number.MAX_SAFE_INTEGER;
    if (!Array.isArray(current) || index > current.length) {
      (holder as Record<string | number, unknown>)[slot] = clone(liveNode);
      return root.value;
    }
    if (index === current.length) {
      current[index] = clone(liveNext.value);
      return root.value;
    }
    [holder, slot, liveNode] = [current, index, liveNext.value];
  }
  (holder as Record<string | number, unknown>)[slot] = clone(liveNode);
  return root.value;
}

/** Removes the field at `path`; inside arrays only the last element can go (others would shift). */
function removeAt(desired: KubeObject, path: Tokens): void {
  const parent = lookup(desired, path.slice(0, -1));
  const last = path[path.length - 1] ?? '';
  if (!parent.found) return;
  if (isRecord(parent.value) && hasOwn(parent.value, last)) delete parent.value[last];
  if (Array.isArray(parent.value) && arrayIndex(last) === parent.value.length - 1) parent.value.pop();
}

function endsInArrayElement(live: KubeObject | undefined, path: Tokens): boolean {
  const parent = live === undefined ? undefined : lookup(live, path.slice(0, -1));
  return parent?.found === true && Array.isArray(parent.value);
}

function maskOne(out: KubeObject, input: MaskInput, requested: Tokens): KubeObject {
  const { live, manager } = input;
  if (requested.length === 0 || requested.some((t) => UNSAFE_KEYS.has(t))) return out;
  // Inside an atomic value (owned as one piece) the whole value is the unit that is ignored.
  const path = (live !== undefined ? atomicAncestor(live, requested) : undefined) ?? requested;
  const ownedByOthers = live !== undefined && managersOwning(live, path, manager).length > 0;
  const liveHas = live !== undefined && lookup(live, path).found;
  if (liveHas && (!ownedByOthers || endsInArrayElement(live, path))) {
    return withLiveValue(out, live, path) as KubeObject;
  }
  removeAt(out, path);
  return out;
}

export interface MaskInput {
  desired: KubeObject;
  live: KubeObject | undefined;
  paths: readonly FieldPath[];
  manager: string;
}

/**
 * Takes ignored fields out of the autopilot's hands (SPEC §5): a field another manager owns is
 * left out of desired (so the forced apply neither changes nor claims it); otherwise desired
 * gets the live value, or loses the field when live has none. Paths that do not exist are no-ops.
 * Array indexes are positional: if elements are inserted before it, an index path points at a
 * different element, and an element another manager owns keeps the live value instead of
 * being left out (leaving it out would shift its siblings).
 */
export function maskIgnoredFields(input: MaskInput): KubeObject {
  return input.paths.reduce((out, path) => maskOne(out, input, path), clone(input.desired));
}
