import { describe, expect, it } from '@jest/globals';
import { getHeapStatistics } from 'node:v8';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { applyJsonPatch, type Operation } from '../../../../operator/pipeline/decisions/json-patch.js';
import { applyUserPatch, parsePatch } from '../../../../operator/pipeline/decisions/patch.js';
import { PATCH_BUDGET } from '../../../../operator/pipeline/decisions/patch-budget.js';
import { deployment } from './fixtures.js';

/** `add {}` and two `copy` ops per level: the value doubles at every level (issue 14). */
export function copyBomb(levels: number): Operation[] {
  const ops: Operation[] = [{ op: 'add', path: '/spec/l0', value: { x: 'payload' } }];
  for (let i = 1; i <= levels; i++) {
    ops.push({ op: 'add', path: `/spec/l${i}`, value: {} });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/a` });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/b` });
  }
  return ops;
}

function heldProblem(text: string): string {
  try {
    applyUserPatch(deployment(), parsePatch(text));
  } catch (err) {
    if (err instanceof AnnotationError) return err.message;
    throw err;
  }
  return 'applied';
}

describe('patch evaluation budgets', () => {
  it.each([20, 30, 60])(
    'holds a %i-level copy bomb on the result size budget without spending the memory',
    (levels) => {
      const text = JSON.stringify(copyBomb(levels));
      const heapBefore = getHeapStatistics().used_heap_size;

      const problem = heldProblem(text);

      expect(text.length).toBeLessThan(10_000);
      expect(problem).toMatch(
        /^annotation platform\.kubevirt\.io\/patch: operation \d+ \(copy .*\): copying \/spec\/l\d+ exceeds the result size budget of 1572864 bytes/,
      );
      // Unbounded, 20 levels alone take over 280 MiB of heap; bounded, a few MiB (generous margin for GC timing).
      expect(getHeapStatistics().used_heap_size - heapBefore).toBeLessThan(96 * 1024 * 1024);
    },
  );

  it('applies the same patch shape while the result fits', () => {
    const result = applyJsonPatch(deployment(), copyBomb(8));

    expect(result.ok).toBe(true);
    expect(result.stats.resultBytes).toBe(Buffer.byteLength(JSON.stringify(result.ok && result.object)));
  });

  it('holds a patch with more operations than the budget before applying any', () => {
    const ops = Array.from({ length: PATCH_BUDGET.maxOperations + 1 }, () => ({
      op: 'test',
      path: '/kind',
      value: 'Deployment',
    }));

    expect(heldProblem(JSON.stringify(ops))).toMatch(/1001 operations exceeds the budget of 1000 operations/);
  });

  it('charges work for copies that move back and forth without growing the result', () => {
    const budget = { maxOperations: 1000, maxResultBytes: 1_000_000, maxWorkBytes: 200_000 };
    const ops: Operation[] = [{ op: 'add', path: '/spec/big', value: 'x'.repeat(20_000) }];
    for (let i = 0; i < 20; i++) {
      ops.push({ op: 'copy', from: '/spec/big', path: '/spec/copy' }, { op: 'remove', path: '/spec/copy' });
    }

    const result = applyJsonPatch(deployment(), ops, budget);

    expect(result).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/exceeds the work budget of 200000 bytes/),
    });
    expect(result.stats.workBytes).toBeLessThanOrEqual(budget.maxWorkBytes);
  });

  it.each<[string, Operation[]]>([
    [
      'add and replace',
      [
        { op: 'add', path: '/spec/x', value: { é: ['😀', null] } },
        { op: 'replace', path: '/spec/replicas', value: 12345 },
      ],
    ],
    [
      'remove from a list and a map',
      [
        { op: 'remove', path: '/spec/template/spec/containers/0/args/0' },
        { op: 'remove', path: '/metadata/labels/app' },
      ],
    ],
    [
      'move within a list',
      [{ op: 'move', from: '/spec/template/spec/containers/0', path: '/spec/template/spec/containers/1' }],
    ],
    ['move onto an existing member', [{ op: 'move', from: '/spec/selector', path: '/spec/replicas' }]],
    [
      'copy to the end of a list',
      [{ op: 'copy', from: '/spec/template/spec/containers/1', path: '/spec/template/spec/containers/-' }],
    ],
    [
      'empty a map and fill it again',
      [
        { op: 'remove', path: '/metadata/annotations/note' },
        { op: 'add', path: '/metadata/annotations/n', value: '"' },
      ],
    ],
  ])('keeps the result size exact through %s', (_case, ops) => {
    const result = applyJsonPatch(deployment(), ops);

    expect(result.ok).toBe(true);
    expect(result.stats.resultBytes).toBe(Buffer.byteLength(JSON.stringify(result.ok && result.object)));
  });
});
