import { applyPatch, type Operation } from 'rfc6902';
import { clone, type KubeObject } from '../../kube/types.js';
import { errorMessage } from '../../errors.js';
import { UNSAFE_KEYS } from './json.js';
import { arrayIndex, isPrefixOf, lookup, parsePointer, type Tokens } from './json-pointer.js';
import { forbiddenPathProblem, identityChangeProblem } from './patch-guards.js';

/** The patched copy, or the first failed operation: its index in the patch and why. */
export type JsonPatchResult =
  | { ok: true; object: KubeObject }
  | { ok: false; index: number; problem: string };

function tokensOf(pointer: string): Tokens {
  const parsed = parsePointer(pointer);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.tokens;
}

/** Static checks that need no document: well-formed, allowed pointers in `path` and `from`. */
export function staticProblem(op: Operation): string | undefined {
  const pointers = 'from' in op ? [op.path, op.from] : [op.path];
  for (const pointer of pointers) {
    const parsed = parsePointer(pointer);
    if (!parsed.ok) return parsed.problem;
    const unsafe = parsed.tokens.find((t) => UNSAFE_KEYS.has(t));
    if (unsafe !== undefined) return `path segment "${unsafe}" is not allowed`;
    const forbidden = forbiddenPathProblem(parsed.tokens);
    if (forbidden) return forbidden;
  }
  return undefined;
}

/** `add` (and the target of move/copy) needs an existing container and, in arrays, a valid position. */
function insertProblem(doc: unknown, tokens: Tokens): string | undefined {
  const parent = lookup(doc, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] ?? '';
  if (!parent.found || typeof parent.value !== 'object' || parent.value === null) {
    return 'the parent of the path does not exist or is not an object or array';
  }
  if (!Array.isArray(parent.value) || last === '-') return undefined;
  const index = arrayIndex(last);
  return index === undefined || index > parent.value.length ? 'array index out of range' : undefined;
}

/** Checks against the document as it is before this operation; rfc6902 is lenient about these. */
function resolveProblem(doc: unknown, op: Operation): string | undefined {
  const path = tokensOf(op.path);
  switch (op.op) {
    case 'add':
      return insertProblem(doc, path);
    case 'remove':
    case 'replace':
    case 'test':
      return lookup(doc, path).found ? undefined : 'no value at the path';
    case 'move':
    case 'copy': {
      const from = tokensOf(op.from);
      if (!lookup(doc, from).found) return 'no value at "from"';
      if (op.op === 'move' && from.length < path.length && isPrefixOf(from, path)) {
        return 'cannot move a value into itself';
      }
      return insertProblem(doc, path);
    }
  }
}

function applyOne(doc: KubeObject, op: Operation, original: KubeObject): string | undefined {
  const unresolved = resolveProblem(doc, op);
  if (unresolved) return unresolved;
  try {
    const [result] = applyPatch(doc, [op]);
    if (result) return result.name === 'TestError' ? 'test failed: the value differs' : result.message;
  } catch (err) {
    return errorMessage(err);
  }
  return identityChangeProblem(original, doc);
}

/**
 * Applies RFC 6902 operations to a copy of `obj`, all or nothing: the first failure stops and
 * is returned with its operation index; `obj` is never modified.
 */
export function applyJsonPatch(obj: KubeObject, operations: readonly Operation[]): JsonPatchResult {
  for (const [index, op] of operations.entries()) {
    const problem = staticProblem(op);
    if (problem) return { ok: false, index, problem };
  }
  const doc = clone(obj);
  for (const [index, op] of operations.entries()) {
    const problem = applyOne(doc, op, obj);
    if (problem) return { ok: false, index, problem };
  }
  return { ok: true, object: doc };
}
