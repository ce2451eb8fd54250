import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { getHeapStatistics } from 'node:v8';
import { applyJsonPatch, type Operation } from '../../../operator/pipeline/decisions/json-patch.js';
import type { PatchBudget } from '../../../operator/pipeline/decisions/patch-budget.js';
import { deployment } from '../pipeline/decisions/fixtures.js';
import { RUNS, TIMEOUT_MS } from './arbitraries.js';

/** A small budget, so random patches reach its limits often and each run stays cheap. */
const BUDGET: PatchBudget = { maxOperations: 60, maxResultBytes: 64 * 1024, maxWorkBytes: 256 * 1024 };

/** Slots that copies, moves and adds keep pointing at each other: amplification, self-nesting. */
const ROOT = fc.constantFrom('/spec/a', '/spec/b');
const MEMBER = fc.tuple(ROOT, fc.constantFrom('x', 'y', 'z')).map(([r, k]) => `${r}/${k}`);
const SEED = fc.oneof(
  fc.constant({}),
  fc.constant([]),
  fc.string({ maxLength: 200 }),
  fc.constant({ k: 'v'.repeat(300) }),
);

/** Mostly valid by construction (roots stay objects), so sequences run long enough to amplify. */
const amplifying: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 40, arbitrary: fc.record({ op: fc.constant('copy' as const), path: MEMBER, from: ROOT }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('copy' as const), path: MEMBER, from: MEMBER }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('add' as const), path: MEMBER, value: SEED }) },
  fc.record({ op: fc.constant('move' as const), path: MEMBER, from: MEMBER }),
  fc.record({ op: fc.constant('remove' as const), path: MEMBER }),
  fc.record({ op: fc.constant('replace' as const), path: MEMBER, value: SEED }),
  fc.record({ op: fc.constant('test' as const), path: ROOT, value: SEED }),
);

describe('patch evaluation under adversarial copy, move and add sequences', () => {
  it(
    'never exceeds its size, work and operation budgets, whatever the operations',
    () => {
      const heapBefore = getHeapStatistics().used_heap_size;
      let peak = 0;
      fc.assert(
        fc.property(fc.array(amplifying, { maxLength: 80, size: 'max' }), (tail) => {
          const ops: Operation[] = [
            { op: 'add', path: '/spec/a', value: {} },
            { op: 'add', path: '/spec/b', value: { b: 'seed' } },
            ...tail,
          ];
          const result = applyJsonPatch(deployment(), ops, BUDGET);

          expect(result.stats.workBytes).toBeLessThanOrEqual(BUDGET.maxWorkBytes);
          if (ops.length > BUDGET.maxOperations) expect(result).toMatchObject({ ok: false, index: -1 });
          if (result.ok) {
            const bytes = Buffer.byteLength(JSON.stringify(result.object));
            expect(bytes).toBe(result.stats.resultBytes);
            expect(bytes).toBeLessThanOrEqual(BUDGET.maxResultBytes);
          }
          peak = Math.max(peak, getHeapStatistics().used_heap_size - heapBefore);
        }),
        { numRuns: RUNS },
      );

      // Generous: bounded evaluation keeps at most a few budgets' worth alive; a bomb needs gigabytes.
      expect(peak).toBeLessThan(512 * 1024 * 1024);
    },
    TIMEOUT_MS,
  );
});
