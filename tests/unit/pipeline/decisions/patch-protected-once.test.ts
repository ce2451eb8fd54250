import { describe, expect, it, jest } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import type { Operation } from '../../../../operator/pipeline/decisions/json-patch.js';

// Counts the protected-metadata checks a patch evaluation makes (each lists the whole labels
// and annotations maps), by standing in for the guards module with a counting wrapper.
const guards = await import('../../../../operator/pipeline/decisions/patch-guards.js');
const calls = { identity: 0 };
jest.unstable_mockModule('../../../../operator/pipeline/decisions/patch-guards.js', () => ({
  ...guards,
  identityChangeProblem: (before: KubeObject, after: unknown) => {
    calls.identity += 1;
    return guards.identityChangeProblem(before, after);
  },
}));
const { applyJsonPatch } = await import('../../../../operator/pipeline/decisions/json-patch.js');
const { deployment } = await import('./fixtures.js');

describe('the protected-metadata check', () => {
  it('runs once per patch, not after every short-path operation', () => {
    const labels = Object.fromEntries(Array.from({ length: 8000 }, (_, i) => [String(i), '']));
    const ops: Operation[] = [{ op: 'add', path: '/metadata/labels', value: labels }];
    for (let i = 0; i < 999; i++) ops.push({ op: 'add', path: '/spec/sessionAffinity', value: 'None' });
    calls.identity = 0;

    const result = applyJsonPatch(deployment(), ops);

    expect(result.ok).toBe(true);
    expect(calls.identity).toBe(1);
  });
});
