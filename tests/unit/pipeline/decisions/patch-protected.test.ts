import { describe, expect, it } from '@jest/globals';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { applyUserPatch, parsePatch } from '../../../../operator/pipeline/decisions/patch.js';
import { deployment } from './fixtures.js';

function problemOf(text: string): string {
  try {
    applyUserPatch(deployment(), parsePatch(text));
  } catch (err) {
    if (err instanceof AnnotationError) return err.message;
    throw err;
  }
  return 'applied';
}

describe('patches that touch what is not the user’s to patch', () => {
  it.each([
    [
      '/metadata/annotations/platform.kubevirt.io~1patch',
      '"x"',
      /platform\.kubevirt\.io\/\* annotations are the autopilot's own controls/,
    ],
    ['/metadata/labels/platform.kubevirt.io~1managed-by', '"me"', /platform\.kubevirt\.io\/\* labels/],
    [
      '/metadata/uid',
      '"u"',
      /\/metadata\/uid and everything below it cannot be patched \(it is set by the API server\)/,
    ],
    ['/metadata/resourceVersion', '"1"', /\/metadata\/resourceVersion .* set by the API server/],
    ['/metadata/generation', '3', /\/metadata\/generation/],
    ['/metadata/deletionTimestamp', '"2024-01-01T00:00:00Z"', /\/metadata\/deletionTimestamp/],
    ['/metadata/ownerReferences', '[]', /\/metadata\/ownerReferences .* garbage collection/],
    ['/metadata/finalizers', '["x"]', /\/metadata\/finalizers .* garbage collection/],
  ])('holds a JSON Patch that adds %s', (path, value, problem) => {
    expect(problemOf(`[{"op":"add","path":"${path}","value":${value}}]`)).toMatch(problem);
  });

  it.each([
    [
      'a platform annotation',
      '{"metadata":{"annotations":{"platform.kubevirt.io/mode":"unmanaged"}}}',
      /metadata\.annotations platform\.kubevirt\.io\/\* would change/,
    ],
    [
      'a platform label',
      '{"metadata":{"labels":{"platform.kubevirt.io/managed-by":"me"}}}',
      /metadata\.labels platform\.kubevirt\.io\/\* would change/,
    ],
    ['finalizers', '{"metadata":{"finalizers":["a/b"]}}', /metadata\.finalizers would change/],
    ['ownerReferences', '{"metadata":{"ownerReferences":[]}}', /metadata\.ownerReferences would change/],
    ['the uid', '{"metadata":{"uid":"x"}}', /metadata\.uid would change/],
  ])('holds a merge patch that sets %s', (_case, text, problem) => {
    expect(problemOf(text)).toMatch(problem);
  });

  it('holds a JSON Patch that replaces the annotations map with platform keys in it', () => {
    const text =
      '[{"op":"replace","path":"/metadata/annotations","value":{"platform.kubevirt.io/patch":"[]"}}]';

    expect(problemOf(text)).toMatch(
      /operation 0 \(replace \/metadata\/annotations\): metadata\.annotations platform\.kubevirt\.io\/\* would change/,
    );
  });

  it('still allows ordinary labels and annotations', () => {
    const text = '{"metadata":{"labels":{"team":"virt"},"annotations":{"kubevirt.io/note":"y"}}}';

    expect(problemOf(text)).toBe('applied');
  });
});
