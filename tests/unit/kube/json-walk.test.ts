import { describe, expect, it } from '@jest/globals';
import { cloneJson, jsonEqual, sortedJson, stringifyJson } from '../../../operator/kube/json-walk.js';
import { clone } from '../../../operator/kube/types.js';

/** `{"a":{"a":...{"leaf":1}}}`, `depth` levels: the API server accepts up to 10,000. */
function nested(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = { leaf };
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

const SAMPLES: unknown[] = [
  null,
  0,
  -0,
  1.5,
  'text "quoted" \\ \n\u0001 é 😀',
  [],
  {},
  [1, undefined, null, [2, { b: [] }]],
  { z: 1, a: { y: undefined, x: [true, false] }, m: 'x' },
  JSON.parse('{"__proto__":{"polluted":true},"k":1}'),
];

describe('JSON walks that never recurse on the call stack', () => {
  it.each(SAMPLES.map((s) => [JSON.stringify(s), s]))('writes %s exactly as JSON.stringify', (_t, sample) => {
    expect(stringifyJson(sample)).toBe(JSON.stringify(sample));
  });

  it('writes, clones and compares values nested 10,000 levels deep', () => {
    const deep = nested(10_000);

    const text = stringifyJson(deep);
    const copy = cloneJson(deep);

    expect(text?.length).toBe(10_000 * 2 + 5000 * '"a":'.length + '{"leaf":1}'.length);
    expect(jsonEqual(JSON.parse(text ?? ''), deep)).toBe(true);
    expect(jsonEqual(copy, deep)).toBe(true);
    expect(copy).not.toBe(deep);
    expect(jsonEqual(nested(10_000, 2), deep)).toBe(false);
    expect(sortedJson(deep)).toBe(text);
    expect(clone(deep)).not.toBe(deep);
  });

  it('sorts keys at every level and writes undefined as null', () => {
    expect(sortedJson({ b: 1, a: { d: [undefined], c: 2 } })).toBe('{"a":{"c":2,"d":[null]},"b":1}');
    expect(sortedJson(undefined)).toBe('null');
  });

  it('clones __proto__ as an own key, never as a prototype', () => {
    const copy = cloneJson(JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>);

    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each<[string, unknown, unknown, boolean]>([
    ['equal objects in another key order', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    ['0 and -0', 0, -0, true],
    ['an array and an object with the same keys', ['x'], { 0: 'x' }, false],
    ['a missing key and an undefined one', { a: undefined }, { b: undefined }, false],
    ['different lengths', [1], [1, 2], false],
  ])('compares %s', (_case, a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });
});
