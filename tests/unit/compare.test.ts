import { describe, expect, it } from '@jest/globals';
import { byCodeUnits } from '../../operator/compare.js';

describe('byCodeUnits', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', 'a', -1],
    ['a', 'ab', -1],
    // code units, not a locale's collation: upper case before lower case, "-" before letters
    ['Zeta', 'alpha', -1],
    ['node-b', 'nodea', -1],
    ['2026-12-01T10:00:00Z', '2026-12-01T09:59:59Z', 1],
  ])('%j vs %j → %d', (a, b, expected) => {
    expect(Math.sign(byCodeUnits(a, b))).toBe(expected);
  });

  it('sorts as Array.prototype.sort() does with no comparator', () => {
    const names = ['b', 'A', 'a', 'B', 'é', 'e', 'z-1', 'z1', ''];
    expect([...names].sort(byCodeUnits)).toEqual([...names].sort());
  });
});
