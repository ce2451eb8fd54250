import { describe, expect, it } from '@jest/globals';
import { applyJsonPatch, type Operation } from '../../../../operator/pipeline/decisions/json-patch.js';
import { PATCH_BUDGET } from '../../../../operator/pipeline/decisions/patch-budget.js';
import { deployment } from './fixtures.js';

function keys(n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), '']));
}

// Without the fixes these inputs take many seconds, so the default test timeout catches them.
describe('work that grows with the size of maps the patch touches', () => {
  it('checks protected metadata once, not after every short-path operation', () => {
    const ops: Operation[] = [{ op: 'add', path: '/metadata/labels', value: keys(8000) }];
    for (let i = 0; i < 999; i++) ops.push({ op: 'add', path: '/spec/sessionAffinity', value: 'None' });

    const result = applyJsonPatch(deployment(), ops);

    expect(result.ok).toBe(true);
  });

  it('still blames a protected change on the operation that could reach it', () => {
    const obj = deployment();
    const ops: Operation[] = [
      { op: 'add', path: '/spec/template/a', value: 1 },
      { op: 'replace', path: '/metadata', value: { ...obj.metadata, name: 'other' } },
      { op: 'add', path: '/spec/template/b', value: 2 },
    ];

    const result = applyJsonPatch(obj, ops);

    expect(result).toMatchObject({ ok: false, index: 1, problem: 'metadata.name would change' });
  });

  it('charges listing the keys of a huge object to the work budget', () => {
    const ops: Operation[] = [{ op: 'add', path: '/spec/big', value: keys(21_000) }];
    for (let i = 0; i < 999; i++) ops.push({ op: 'add', path: `/spec/big/k${i}`, value: '' });

    const result = applyJsonPatch(deployment(), ops);

    expect(result).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/listing the members.*work budget/),
    });
    expect(result.stats.workBytes).toBeLessThanOrEqual(PATCH_BUDGET.maxWorkBytes);
  });
});
