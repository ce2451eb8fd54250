import { describe, expect, it } from '@jest/globals';
import { AnnotationError, ANNOTATIONS } from '../../../../operator/pipeline/annotations.js';
import { parseMode } from '../../../../operator/pipeline/decisions/mode.js';

describe('parseMode', () => {
  it.each([
    [undefined, 'managed'],
    ['', 'managed'],
    ['  ', 'managed'],
    ['managed', 'managed'],
    ['unmanaged', 'unmanaged'],
    [' unmanaged\n', 'unmanaged'],
  ])('reads %j as %s', (value, expected) => {
    const mode = parseMode(value);

    expect(mode).toBe(expected);
  });

  it.each(['Unmanaged', 'UNMANAGED', 'un-managed', 'false', 'off', 'paused', 'unmanaged,managed'])(
    'holds the object for the unknown mode %j',
    (value) => {
      const attempt = (): unknown => parseMode(value);

      expect(attempt).toThrow(AnnotationError);
      expect(attempt).toThrow(`annotation ${ANNOTATIONS.mode}: unknown mode "${value}"`);
    },
  );

  it('shortens a long unknown value in the message', () => {
    const attempt = (): unknown => parseMode('x'.repeat(1000));

    expect(attempt).toThrow(`unknown mode "${'x'.repeat(64)}..."`);
  });
});
