import { describe, expect, it } from '@jest/globals';
import { globMatch } from '../../../../operator/pipeline/decisions/disabled-resources.js';

describe('globMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'a', false],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*swap*', '50-swap-enable', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a**b', 'ab', true],
    ['*a*b', 'xaxxb', true],
    ['*a*b', 'xaxxbc', false],
    ['a.b', 'aXb', false],
    ['*ab', 'aab', true],
  ])('%j against %j is %s', (pattern, text, expected) => {
    const matched = globMatch(pattern, text);

    expect(matched).toBe(expected);
  });

  it('answers quickly for a pattern built to cause backtracking', () => {
    const pattern = `${'*a'.repeat(30)}b`;

    const matched = globMatch(pattern, 'a'.repeat(5000));

    expect(matched).toBe(false);
  });
});
