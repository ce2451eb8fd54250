import { describe, expect, it } from '@jest/globals';
import { parseIgnoreFields } from '../../../../operator/pipeline/decisions/ignore-fields.js';
import {
  editDistance,
  unmatchedIgnorePaths,
} from '../../../../operator/pipeline/decisions/ignore-unmatched.js';
import { deployment } from './fixtures.js';

const nhc = { spec: { minHealthy: '51%', selector: { matchLabels: { a: 'b' } } } };

describe('ignore-fields paths that match nothing', () => {
  it.each<[string, unknown, unknown, { path: string; nearest: string | undefined }[]]>([
    [
      'reports a typo with the field that was meant',
      nhc,
      undefined,
      [{ path: 'spec.minHealty', nearest: 'spec.minHealthy' }],
    ],
    [
      'names the deepest existing parent when nothing is close',
      { spec: { replicas: 1 } },
      undefined,
      [{ path: 'spec.minHealty', nearest: 'spec' }],
    ],
    [
      'says nothing exists when even the first segment is unknown',
      { kind: 'X' },
      undefined,
      [{ path: 'spec.minHealty', nearest: undefined }],
    ],
  ])('%s', (_case, desired, live, expected) => {
    expect(unmatchedIgnorePaths(desired, live, parseIgnoreFields('spec.minHealty'))).toEqual(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['only the live object has', { spec: {} }, nhc],
    ['only the desired object has', nhc, { spec: {} }],
  ])('accepts a path that %s', (_case, desired, live) => {
    expect(unmatchedIgnorePaths(desired, live, parseIgnoreFields('spec.minHealthy'))).toEqual([]);
  });

  it('checks each path of the annotation on its own', () => {
    const paths = parseIgnoreFields(
      'spec.replicas, /spec/template/spec/containers/0/imag, metadata.labels.app',
    );

    expect(unmatchedIgnorePaths(deployment(), undefined, paths)).toEqual([
      { path: 'spec.template.spec.containers.0.imag', nearest: 'spec.template.spec.containers.0.image' },
    ]);
  });

  it.each([
    ['', 'abc', 3],
    ['minHealty', 'minHealthy', 1],
    ['selectr', 'selector', 1],
    ['kitten', 'sitting', 3],
  ])('edit distance of %j and %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
