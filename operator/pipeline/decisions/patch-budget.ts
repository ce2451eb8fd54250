/**
 * Hard limits on evaluating one patch annotation (SPEC §5), checked before the memory or time
 * is spent: a copy that would grow the result past the limit is refused before it is made.
 */
export interface PatchBudget {
  /** RFC 6902 operations in one annotation. */
  maxOperations: number;
  /** Size of the patched object as compact JSON (the API server's etcd object limit, 1.5 MiB). */
  maxResultBytes: number;
  /** Bytes cloned, measured and compared over the whole patch: bounds copy/move amplification. */
  maxWorkBytes: number;
}

export const PATCH_BUDGET: PatchBudget = Object.freeze({
  maxOperations: 1000,
  maxResultBytes: 1536 * 1024,
  maxWorkBytes: 16 * 1024 * 1024,
});

export type BudgetName = keyof PatchBudget;

/** The problem text of an exceeded budget, naming it and its limit. */
export function budgetProblem(budget: PatchBudget, name: BudgetName, detail: string): string {
  const limits: Record<BudgetName, string> = {
    maxOperations: `the budget of ${budget.maxOperations} operations`,
    maxResultBytes: `the result size budget of ${budget.maxResultBytes} bytes (the API server's object size limit)`,
    maxWorkBytes: `the work budget of ${budget.maxWorkBytes} bytes copied or compared`,
  };
  return `${detail} exceeds ${limits[name]}`;
}
