import { cloneJson, jsonEqual } from '../../kube/json-walk.js';
import type { KubeObject } from '../../kube/types.js';
import { BoundedDocument, BudgetExceeded } from './bounded-document.js';
import { UNSAFE_KEYS } from './json.js';
import { arrayIndex, isPrefixOf, lookup, parsePointer, type Tokens } from './json-pointer.js';
import { budgetProblem, PATCH_BUDGET, type PatchBudget } from './patch-budget.js';
import { forbiddenPathProblem, identityChangeProblem } from './patch-guards.js';

/** One RFC 6902 operation, as parsed from the annotation. */
export type Operation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; path: string; from: string };

/** What evaluating a patch cost: the result's size as compact JSON and the bytes of work done. */
export interface PatchStats {
  resultBytes: number;
  workBytes: number;
}

/** The patched copy, or the first failed operation: its index in the patch (-1: the patch as a whole) and why. */
export type JsonPatchResult =
  | { ok: true; object: KubeObject; stats: PatchStats }
  | { ok: false; index: number; problem: string; stats: PatchStats };

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

/** Checks against the document as it is before this operation. */
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

/** Performs one checked operation on the bounded document; returns a problem for a failed test. */
function perform(doc: BoundedDocument, op: Operation): string | undefined {
  const path = tokensOf(op.path);
  switch (op.op) {
    case 'add':
    case 'replace': {
      const size = doc.measure(op.value, 'the value');
      doc.charge(size, 'copying the value');
      if (op.op === 'add') doc.insert(path, cloneJson(op.value), size);
      else doc.replace(path, cloneJson(op.value), size);
      return undefined;
    }
    case 'remove':
      doc.remove(path, true);
      return undefined;
    case 'test': {
      doc.measure(op.value, 'the value to test');
      const found = lookup(doc.root, path);
      return found.found && jsonEqual(found.value, op.value) ? undefined : 'test failed: the value differs';
    }
    case 'move': {
      const from = tokensOf(op.from);
      if (from.length === path.length && isPrefixOf(from, path)) return undefined; // moving onto itself
      const value = doc.remove(from, false);
      // RFC 6902: the target is resolved after the removal, which can shift array indexes.
      const problem = insertProblem(doc.root, path);
      if (problem) return `${problem} once "from" is removed`;
      doc.insert(path, value, 0);
      return undefined;
    }
    case 'copy': {
      const { value, size } = doc.copyOf(tokensOf(op.from), path);
      doc.insert(path, value, size);
      return undefined;
    }
  }
}

/** Whether the operation can reach a protected part through an ancestor (`/metadata`, its maps). */
function reachesProtected(op: Operation): boolean {
  const pointers = 'from' in op ? [op.path, op.from] : [op.path];
  return op.op !== 'test' && pointers.some((p) => tokensOf(p).length <= 2);
}

function stepProblem(doc: BoundedDocument, op: Operation): string | undefined {
  return resolveProblem(doc.root, op) ?? perform(doc, op);
}

/**
 * The patch is all or nothing, so protected parts are compared once, on the result, and only
 * when an operation could reach them; a change is blamed on the first such operation.
 */
function protectedProblem(
  original: KubeObject,
  doc: BoundedDocument,
  operations: readonly Operation[],
): { index: number; problem: string } | undefined {
  const index = operations.findIndex(reachesProtected);
  if (index < 0) return undefined;
  const problem = identityChangeProblem(original, doc.root);
  return problem ? { index, problem } : undefined;
}

function run(obj: KubeObject, operations: readonly Operation[], budget: PatchBudget): JsonPatchResult {
  let doc: BoundedDocument;
  try {
    doc = BoundedDocument.of(obj, budget);
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    return { ok: false, index: 0, problem: err.message, stats: { resultBytes: 0, workBytes: 0 } };
  }
  const stats = (): PatchStats => ({ resultBytes: doc.size, workBytes: doc.work });
  for (const [index, op] of operations.entries()) {
    try {
      const problem = stepProblem(doc, op);
      if (problem) return { ok: false, index, problem, stats: stats() };
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      return { ok: false, index, problem: err.message, stats: stats() };
    }
  }
  const changed = protectedProblem(obj, doc, operations);
  if (changed) return { ok: false, ...changed, stats: stats() };
  return { ok: true, object: doc.root as KubeObject, stats: stats() };
}

/**
 * Applies RFC 6902 operations to a copy of `obj`, all or nothing, within `budget` (operations,
 * result size, work): the first failure stops and is returned with its operation index; `obj`
 * is never modified. A budget is checked before the memory or time it guards is spent.
 */
export function applyJsonPatch(
  obj: KubeObject,
  operations: readonly Operation[],
  budget: PatchBudget = PATCH_BUDGET,
): JsonPatchResult {
  const none = { resultBytes: 0, workBytes: 0 };
  if (operations.length > budget.maxOperations) {
    const detail = `${operations.length} operations`;
    return { ok: false, index: -1, problem: budgetProblem(budget, 'maxOperations', detail), stats: none };
  }
  for (const [index, op] of operations.entries()) {
    const problem = staticProblem(op);
    if (problem) return { ok: false, index, problem, stats: none };
  }
  return run(obj, operations, budget);
}
