import { describe, expect, it } from '@jest/globals';
import { jsonSize } from '../../../../operator/pipeline/decisions/json-size.js';

describe('jsonSize', () => {
  it.each<[unknown]>([
    [null],
    [true],
    [-12.5e-7],
    [''],
    ['é 😀 "q" \\ \n \u0000 \ud800'],
    [[]],
    [{}],
    [[1, null, 'x', [[]], {}]],
    [{ a: 1, 'b/c': { d: [true, { e: 'f' }] }, skipped: undefined }],
    [[undefined, 1]],
  ])('measures %j as the UTF-8 bytes of its compact JSON', (value) => {
    expect(jsonSize(value)).toBe(Buffer.byteLength(JSON.stringify(value)));
  });

  it('stops walking once the limit is passed', () => {
    const big = Array.from({ length: 10_000 }, () => 'xxxxxxxxxx');

    expect(jsonSize(big, 1000)).toBe(Number.POSITIVE_INFINITY);
    expect(jsonSize(big, 1_000_000)).toBe(JSON.stringify(big).length);
  });

  it('measures a value nested 10,000 levels deep', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };

    expect(jsonSize(deep)).toBe(10_000 * '{"a":}'.length + 1);
  });
});
