import { describe, expect, it } from '@jest/globals';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { checkAnnotationSize } from '../../../../operator/pipeline/decisions/annotation-size.js';

const LIMIT = 256 * 1024;

describe('checkAnnotationSize', () => {
  it.each<[string, Record<string, string> | undefined]>([
    ['no annotations', undefined],
    [
      'small platform annotations',
      { 'platform.kubevirt.io/patch': '[]', 'platform.kubevirt.io/mode': 'unmanaged' },
    ],
    ['a platform annotation of exactly 256 KiB', { 'platform.kubevirt.io/patch': 'a'.repeat(LIMIT) }],
    ['a huge annotation outside the platform prefix', { 'example.com/blob': 'a'.repeat(LIMIT + 1) }],
  ])('accepts %s', (_case, annotations) => {
    const attempt = (): unknown => checkAnnotationSize(annotations);

    expect(attempt).not.toThrow();
  });

  it('rejects a platform annotation over 256 KiB, naming it', () => {
    const attempt = (): unknown =>
      checkAnnotationSize({ 'platform.kubevirt.io/ignore-fields': 'a'.repeat(LIMIT + 1) });

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(`annotation platform.kubevirt.io/ignore-fields: value is ${LIMIT + 1} bytes`);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const value = 'é'.repeat(LIMIT / 2 + 1); // two bytes each

    expect(() => checkAnnotationSize({ 'platform.kubevirt.io/patch': value })).toThrow(
      /larger than the 256 KiB limit/,
    );
  });
});
