import { clone, type KubeObject } from '../../kube/types.js';
import { ANNOTATIONS, AnnotationError, MAX_ANNOTATION_BYTES } from '../annotations.js';
import { applyJsonPatch, type Operation } from './json-patch.js';
import { hasOwn, isRecord, unsafeJsonProblem, type JsonRecord } from './json.js';
import { jsonSize } from './json-size.js';
import { budgetProblem, PATCH_BUDGET } from './patch-budget.js';
import { identityChangeProblem } from './patch-guards.js';

/** The patch annotation: a JSON array is RFC 6902 JSON Patch, a JSON object an RFC 7386 merge patch. */
export type UserPatch =
  | { kind: 'json-patch'; operations: Operation[] }
  | { kind: 'merge-patch'; document: Record<string, unknown> };

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function invalid(problem: string): AnnotationError {
  return new AnnotationError(ANNOTATIONS.patch, problem);
}

function parseOperation(raw: unknown, index: number): Operation {
  const where = `operation ${index}`;
  if (!isRecord(raw)) throw invalid(`${where} is not an object`);
  const { op, path, from } = raw;
  if (typeof op !== 'string' || !OPS.has(op)) throw invalid(`${where} has unknown op ${JSON.stringify(op)}`);
  if (typeof path !== 'string') throw invalid(`${where} (${op}) needs a string "path"`);
  if (op === 'move' || op === 'copy') {
    if (typeof from !== 'string') throw invalid(`${where} (${op} ${path}) needs a string "from"`);
    return { op, path, from };
  }
  if (op === 'remove') return { op, path };
  if (!hasOwn(raw, 'value')) throw invalid(`${where} (${op} ${path}) needs a "value"`);
  return { op: op as 'add' | 'replace' | 'test', path, value: raw.value };
}

/** Parses the patch annotation; anything that is not a well-formed patch is an AnnotationError. */
export function parsePatch(value: string): UserPatch {
  if (Buffer.byteLength(value, 'utf8') > MAX_ANNOTATION_BYTES) throw invalid('value is larger than 256 KiB');
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw invalid(`not valid JSON (${(err as Error).message})`);
  }
  const unsafe = unsafeJsonProblem(parsed);
  if (unsafe) throw invalid(unsafe);
  if (Array.isArray(parsed)) {
    if (parsed.length > PATCH_BUDGET.maxOperations) {
      throw invalid(budgetProblem(PATCH_BUDGET, 'maxOperations', `${parsed.length} operations`));
    }
    return { kind: 'json-patch', operations: parsed.map(parseOperation) };
  }
  if (isRecord(parsed)) return { kind: 'merge-patch', document: parsed };
  throw invalid('must be a JSON array (RFC 6902 JSON Patch) or a JSON object (RFC 7386 merge patch)');
}

function describeOperation(op: Operation): string {
  return 'from' in op ? `${op.op} ${op.path} from ${op.from}` : `${op.op} ${op.path}`;
}

/**
 * RFC 7386 merge: objects merge key by key, `null` deletes, anything else replaces.
 * Returns a new value; neither input is modified. Callers reject prototype-reaching keys first.
 */
export function mergePatchValue(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const out: JsonRecord = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatchValue(out[key], value);
  }
  return out;
}

function applyMerge(obj: KubeObject, document: JsonRecord): KubeObject {
  const result = mergePatchValue(clone(obj), document);
  const problem = identityChangeProblem(obj, result);
  if (problem) throw invalid(`merge patch: ${problem}`);
  // A merge patch cannot amplify (each value is written once), but its result still has to fit.
  if (jsonSize(result, PATCH_BUDGET.maxResultBytes) > PATCH_BUDGET.maxResultBytes) {
    throw invalid(`merge patch: ${budgetProblem(PATCH_BUDGET, 'maxResultBytes', 'the result')}`);
  }
  return result as KubeObject;
}

/**
 * Applies the user's patch to a copy of `obj`, atomically: either every operation applies or
 * an AnnotationError names the failing operation (index, op, path) and `obj` is untouched.
 */
export function applyUserPatch(obj: KubeObject, patch: UserPatch): KubeObject {
  const unsafe = unsafeJsonProblem(patch.kind === 'json-patch' ? patch.operations : patch.document);
  if (unsafe) throw invalid(unsafe);
  if (patch.kind === 'merge-patch') return applyMerge(obj, patch.document);
  const result = applyJsonPatch(obj, patch.operations);
  if (result.ok) return result.object;
  if (result.index < 0) throw invalid(result.problem);
  const op = patch.operations[result.index];
  const subject = op ? `operation ${result.index} (${describeOperation(op)})` : `operation ${result.index}`;
  throw invalid(`${subject}: ${result.problem}`);
}
