import { clone, type KubeObject } from '../../kube/types.js';
import { managersOwning, atomicAncestor } from '../../throttling/field-ownership.js';
import { ANNOTATIONS, AnnotationError, MAX_ANNOTATION_BYTES } from '../annotations.js';
import { arrayIndex, child, lookup, parsePointer, type Tokens } from './json-pointer.js';
import { hasOwn, isRecord, UNSAFE_KEYS } from './json.js';
import { jsonSize } from './json-size.js';

/** A field path as unescaped tokens; numeric tokens index into arrays. */
export type FieldPath = readonly string[];

/**
 * Whether the path is, or lies inside, a field that identifies the object: ignoring it (or a
 * made-up child of it, which another manager's ownership of the field would widen to the whole
 * field) would leave nothing to apply.
 */
function identifiesObject(tokens: readonly string[]): boolean {
  const [first, second] = tokens;
  if (first === 'apiVersion' || first === 'kind') return true;
  return first === 'metadata' && (tokens.length === 1 || second === 'name' || second === 'namespace');
}

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
  if (identifiesObject(tokens)) throw invalid(`"${entry}" identifies the object and cannot be ignored`);
  return tokens;
}

/** Distinct paths one ignore-fields value may name (SPEC §5: bad input costs nothing). */
export const MAX_IGNORE_PATHS = 256;

/** Bytes of live values the mask may copy into desired for one object (measured as JSON). */
export const MAX_MASK_COPY_BYTES = 16 * 1024 * 1024;

/**
 * Parses the comma-separated ignore-fields value: `/a/b` entries are JSON Pointers (RFC 6901),
 * others dotted paths (`spec.replicas`); empty entries and repeats are dropped, malformed ones
 * rejected, and more than MAX_IGNORE_PATHS distinct paths refused.
 */
export function parseIgnoreFields(value: string): FieldPath[] {
  if (Buffer.byteLength(value, 'utf8') > MAX_ANNOTATION_BYTES) throw invalid('value is larger than 256 KiB');
  const seen = new Set<string>();
  const paths: FieldPath[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    const path = parseOne(entry);
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    if (paths.length === MAX_IGNORE_PATHS) {
      throw invalid(
        `names more than ${MAX_IGNORE_PATHS} distinct paths; at most ${MAX_IGNORE_PATHS} are allowed`,
      );
    }
    paths.push(path);
  }
  return paths;
}

/** Live bytes copied so far for one object; copying past MAX_MASK_COPY_BYTES is refused first. */
interface CopyBudget {
  used: number;
}

function copyLive<T>(value: T, budget: CopyBudget): T {
  const size = jsonSize(value, MAX_MASK_COPY_BYTES - budget.used);
  if (size === Number.POSITIVE_INFINITY) {
    throw invalid(
      `copying the live values of the ignored paths exceeds the budget of ${MAX_MASK_COPY_BYTES} bytes`,
    );
  }
  budget.used += size;
  return clone(value);
}

/**
 * `desired` with the live value at `path` copied in. Where the two disagree in shape (or an
 * array index cannot be placed), the nearest live subtree is taken whole: it never changes
 * the ignored field, at the cost of also keeping that subtree's other live values. A loop, not
 * recursion: a path may be as deep as the live object.
 */
function withLiveValue(desired: unknown, live: unknown, path: Tokens, budget: CopyBudget): unknown {
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
      (holder as Record<string | number, unknown>)[slot] = copyLive(liveNode, budget);
      return root.value;
    }
    if (index === current.length) {
      current[index] = copyLive(liveNext.value, budget);
      return root.value;
    }
    [holder, slot, liveNode] = [current, index, liveNext.value];
  }
  (holder as Record<string | number, unknown>)[slot] = copyLive(liveNode, budget);
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

function maskOne(out: KubeObject, input: MaskInput, requested: Tokens, budget: CopyBudget): KubeObject {
  const { live, manager } = input;
  if (requested.length === 0 || requested.some((t) => UNSAFE_KEYS.has(t))) return out;
  // Inside an atomic value (owned as one piece) the whole value is the unit that is ignored.
  const path = (live !== undefined ? atomicAncestor(live, requested) : undefined) ?? requested;
  const ownedByOthers = live !== undefined && managersOwning(live, path, manager).length > 0;
  const liveHas = live !== undefined && lookup(live, path).found;
  if (liveHas && (!ownedByOthers || endsInArrayElement(live, path))) {
    return withLiveValue(out, live, path, budget) as KubeObject;
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
 * being left out (leaving it out would shift its siblings). Copying more than MAX_MASK_COPY_BYTES
 * of live values is refused (an AnnotationError: the object is held).
 */
export function maskIgnoredFields(input: MaskInput): KubeObject {
  const budget: CopyBudget = { used: 0 };
  return input.paths.reduce((out, path) => maskOne(out, input, path, budget), clone(input.desired));
}
