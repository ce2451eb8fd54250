import { describe, expect, it } from '@jest/globals';
import { AnnotationError, ANNOTATIONS } from '../../../../operator/pipeline/annotations.js';
import { parseIgnoreFields } from '../../../../operator/pipeline/decisions/ignore-fields.js';

describe('parseIgnoreFields', () => {
  it.each([
    ['/spec/replicas', [['spec', 'replicas']]],
    ['spec.replicas', [['spec', 'replicas']]],
    [
      '/spec/replicas,/metadata/labels/app',
      [
        ['spec', 'replicas'],
        ['metadata', 'labels', 'app'],
      ],
    ],
    [
      ' spec.replicas , /spec/paused ',
      [
        ['spec', 'replicas'],
        ['spec', 'paused'],
      ],
    ],
    ['/metadata/labels/app.kubernetes.io~1name', [['metadata', 'labels', 'app.kubernetes.io/name']]],
    ['/metadata/annotations/a~0b~01', [['metadata', 'annotations', 'a~b~1']]],
    ['/spec/template/spec/containers/0/image', [['spec', 'template', 'spec', 'containers', '0', 'image']]],
    ['spec.containers.1.image', [['spec', 'containers', '1', 'image']]],
    ['metadata.labels.team/owner', [['metadata', 'labels', 'team/owner']]],
    ['/status', [['status']]],
    ['', []],
    [' , ,, ', []],
    ['spec.replicas,,', [['spec', 'replicas']]],
  ])('reads %j', (value, expected) => {
    const paths = parseIgnoreFields(value);

    expect(paths).toEqual(expected);
  });

  it.each([
    ['/spec//replicas', /empty path segment/],
    ['/', /empty path segment/],
    ['spec..replicas', /empty path segment/],
    ['.spec', /empty path segment/],
    ['spec.', /empty path segment/],
    ['/spec/a~2', /~ not followed by 0 or 1/],
    ['/spec/a~', /~ not followed by 0 or 1/],
    ['spec.rep licas', /whitespace inside a dotted path/],
    ['/spec/__proto__/x', /"__proto__" is not allowed/],
    ['spec.constructor', /"constructor" is not allowed/],
    ['/kind', /identifies the object/],
    ['apiVersion', /identifies the object/],
    ['metadata', /identifies the object/],
    ['/metadata/name', /identifies the object/],
    ['metadata.namespace', /identifies the object/],
    ['kind.spec', /identifies the object/],
    ['/apiVersion/x', /identifies the object/],
    ['metadata.name.first', /identifies the object/],
  ])('rejects %j', (value, problem) => {
    const attempt = (): unknown => parseIgnoreFields(value);

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(problem);
  });

  it('names the ignore-fields annotation in the error', () => {
    const attempt = (): unknown => parseIgnoreFields('/spec//x');

    expect(attempt).toThrow(`annotation ${ANNOTATIONS.ignoreFields}: "/spec//x" has an empty path segment`);
  });

  it('rejects a value larger than 256 KiB', () => {
    const value = `spec.${'a'.repeat(256 * 1024)}`;

    expect(() => parseIgnoreFields(value)).toThrow(/larger than 256 KiB/);
  });
});
