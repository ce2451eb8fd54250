import { cloneJson } from '../../kube/json-walk.js';
import { hasOwn, isRecord } from './json.js';
import { jsonSize } from './json-size.js';
import { arrayIndex, lookup, toPointer, type Tokens } from './json-pointer.js';
import { budgetProblem, type PatchBudget } from './patch-budget.js';

/** Where a value goes: the container and the key or index inside it. */
interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string;
}

/**
 * Work charged per key visited when counting an object's members: at least what the member
 * takes as JSON (`"":0`), so repeated adds into a huge object run out of work budget.
 */
export const KEY_VISIT_BYTES = 4;

/** An exceeded budget: the document is left as it was before the operation that hit it. */
export class BudgetExceeded extends Error {}

/**
 * A JSON document under edit whose size as compact JSON is kept current operation by operation,
 * and whose every copy, measurement and comparison is charged to a work budget. A copy or add
 * that would pass either budget is refused before any memory is spent on it.
 */
export class BoundedDocument {
  private constructor(
    readonly root: Record<string, unknown>,
    private readonly budget: PatchBudget,
    public size: number,
    public work: number,
  ) {}

  /** A copy of `original` to patch; measuring and copying it are charged to the work budget. */
  static of(original: Record<string, unknown>, budget: PatchBudget): BoundedDocument {
    const size = jsonSize(original, budget.maxWorkBytes);
    if (size === Number.POSITIVE_INFINITY) {
      throw new BudgetExceeded(budgetProblem(budget, 'maxWorkBytes', 'measuring the object to patch'));
    }
    const doc = new BoundedDocument(cloneJson(original), budget, size, 0);
    doc.charge(2 * size, 'copying the object to patch');
    return doc;
  }

  /** JSON size of `value`, charged to the work budget; the walk stops at what is left of it. */
  measure(value: unknown, what: string): number {
    const left = this.budget.maxWorkBytes - this.work;
    const size = jsonSize(value, left);
    if (size === Number.POSITIVE_INFINITY) {
      throw new BudgetExceeded(budgetProblem(this.budget, 'maxWorkBytes', `measuring ${what}`));
    }
    this.charge(size, what);
    return size;
  }

  /** Adds `bytes` of work, refusing (before it is done) work that would pass the budget. */
  charge(bytes: number, what: string): void {
    if (this.work + bytes > this.budget.maxWorkBytes) {
      throw new BudgetExceeded(budgetProblem(this.budget, 'maxWorkBytes', what));
    }
    this.work += bytes;
  }

  /** Inserts (or, in an object, replaces) the value at `tokens`; `valueSize` is already measured. */
  insert(tokens: Tokens, value: unknown, valueSize: number): void {
    const slot = this.slot(tokens);
    const replaced = this.replacedSize(slot);
    this.grow(this.insertOverhead(slot) + valueSize - replaced, tokens);
    place(slot, value);
  }

  /** Replaces the existing value at `tokens`. */
  replace(tokens: Tokens, value: unknown, valueSize: number): void {
    const slot = this.slot(tokens);
    this.grow(valueSize - this.replacedSize(slot), tokens);
    if (Array.isArray(slot.parent)) slot.parent[Number(slot.key)] = value;
    else setMember(slot.parent, slot.key, value);
  }

  /** Detaches and returns the value at `tokens`; `measured` says whether its size leaves the total. */
  remove(tokens: Tokens, measured: boolean): unknown {
    const slot = this.slot(tokens);
    const { parent, key } = slot;
    const overhead = memberOverhead(slot, this.memberCount(parent) - 1);
    const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
    this.size -= overhead + (measured ? this.measure(value, `the value at ${describe(tokens)}`) : 0);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return value;
  }

  /** A deep copy of the value at `from` for `copy`, refused before copying when it is too big. */
  copyOf(from: Tokens, to: Tokens): { value: unknown; size: number } {
    const found = lookup(this.root, from);
    const value = found.found ? found.value : undefined;
    const slot = this.slot(to);
    const room = this.budget.maxResultBytes - this.size - this.insertOverhead(slot) + this.replacedSize(slot);
    const size = jsonSize(value, Math.max(0, Math.min(room, this.budget.maxWorkBytes - this.work)));
    if (size === Number.POSITIVE_INFINITY) {
      const name = room < this.budget.maxWorkBytes - this.work ? 'maxResultBytes' : 'maxWorkBytes';
      throw new BudgetExceeded(budgetProblem(this.budget, name, `copying ${describe(from)}`));
    }
    this.charge(2 * size, `copying ${describe(from)}`); // measured once, cloned once
    return { value: cloneJson(value), size };
  }

  private grow(delta: number, tokens: Tokens): void {
    if (this.size + delta > this.budget.maxResultBytes) {
      const detail = `the result (${this.size + delta} bytes after writing ${describe(tokens)})`;
      throw new BudgetExceeded(budgetProblem(this.budget, 'maxResultBytes', detail));
    }
    this.size += delta;
  }

  /** The container and key for `tokens`; callers check beforehand that the parent exists. */
  private slot(tokens: Tokens): Slot {
    const parent = lookup(this.root, tokens.slice(0, -1));
    if (!parent.found || typeof parent.value !== 'object' || parent.value === null) {
      throw new Error(`no container at ${describe(tokens.slice(0, -1))}`);
    }
    const container = parent.value as Slot['parent'];
    const last = tokens[tokens.length - 1] ?? '';
    const key = Array.isArray(container) && last === '-' ? String(container.length) : last;
    return { parent: container, key };
  }

  private replacedSize(slot: Slot): number {
    const { parent, key } = slot;
    if (Array.isArray(parent) || !hasOwn(parent, key) || parent[key] === undefined) return 0;
    return this.measure(parent[key], 'the value it replaces');
  }

  private insertOverhead(slot: Slot): number {
    const { parent, key } = slot;
    if (isRecord(parent) && hasOwn(parent, key) && parent[key] !== undefined) return 0;
    return memberOverhead(slot, this.memberCount(parent));
  }

  /** Members of a container; listing an object's keys is charged to the work budget. */
  private memberCount(parent: Slot['parent']): number {
    if (Array.isArray(parent)) return parent.length;
    let visited = 0;
    let n = 0;
    for (const key in parent) {
      visited += 1;
      if (hasOwn(parent, key) && parent[key] !== undefined) n += 1;
    }
    this.charge(visited * KEY_VISIT_BYTES, 'listing the members of an object');
    return n;
  }
}

/** Bytes a member takes besides its value: the key and colon in objects, a comma when it has siblings. */
function memberOverhead(slot: Slot, siblings: number): number {
  const comma = siblings > 0 ? 1 : 0;
  return Array.isArray(slot.parent) ? comma : jsonSize(slot.key) + 1 + comma;
}

function place(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) slot.parent.splice(arrayIndex(slot.key) ?? slot.parent.length, 0, value);
  else setMember(slot.parent, slot.key, value);
}

function setMember(parent: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
}

function describe(tokens: Tokens): string {
  return tokens.length === 0 ? 'the whole object' : toPointer(tokens);
}
