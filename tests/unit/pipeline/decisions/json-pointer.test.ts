import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  hasOwn,
  isRecord,
  unsafeJsonProblem,
  MAX_JSON_DEPTH,
} from '../../../../operator/pipeline/decisions/json.js';
import {
  arrayIndex,
  child,
  escapeToken,
  isPrefixOf,
  lookup,
  parsePointer,
  toPointer,
} from '../../../../operator/pipeline/decisions/json-pointer.js';

describe('parsePointer (RFC 6901)', () => {
  it.each<[string, unknown]>([
    ['', { ok: true, tokens: [] }],
    ['/', { ok: true, tokens: [''] }],
    ['/spec/ports/0', { ok: true, tokens: ['spec', 'ports', '0'] }],
    ['/a~1b/c~0d', { ok: true, tokens: ['a/b', 'c~d'] }],
    ['/~01', { ok: true, tokens: ['~1'] }],
    ['/a~1~1b~0~0', { ok: true, tokens: ['a//b~~'] }],
    ['spec', { ok: false, problem: '"spec" is not a JSON Pointer (must start with /)' }],
    ['/a~2', { ok: false, problem: '"/a~2" has a ~ not followed by 0 or 1' }],
    ['/a~', { ok: false, problem: '"/a~" has a ~ not followed by 0 or 1' }],
    ['/~1/a~x', { ok: false, problem: '"/~1/a~x" has a ~ not followed by 0 or 1' }],
  ])('%j', (pointer, expected) => {
    expect(parsePointer(pointer)).toEqual(expected);
  });

  it.each<[string[], string]>([
    [[], ''],
    [[''], '/'],
    [['a/b', 'c~d'], '/a~1b/c~0d'],
    [['~1'], '/~01'],
    [['a//b~~'], '/a~1~1b~0~0'],
  ])('toPointer(%j) = %j and parses back', (tokens, pointer) => {
    expect(toPointer(tokens)).toBe(pointer);
    expect(parsePointer(pointer)).toEqual({ ok: true, tokens });
  });

  it('escapes every ~ and / of a token', () => {
    expect(escapeToken('~/~/')).toBe('~0~1~0~1');
  });
});

describe('isPrefixOf', () => {
  it.each<[string[], string[], boolean]>([
    [[], [], true],
    [[], ['a'], true],
    [['a'], ['a', 'b'], true],
    [['a', 'b'], ['a', 'b'], true],
    [['a', 'b'], ['a'], false],
    [['a', 'c'], ['a', 'b'], false],
    [['b'], ['a', 'b'], false],
    [['spec'], ['specs'], false],
  ])('%j of %j: %s', (prefix, path, expected) => {
    expect(isPrefixOf(prefix, path)).toBe(expected);
  });
});

describe('arrayIndex', () => {
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['7', 7],
    ['10', 10],
    ['123456789', 123456789],
    ['1234567890', undefined],
    ['01', undefined],
    ['00', undefined],
    ['-1', undefined],
    ['-', undefined],
    ['', undefined],
    ['1a', undefined],
    ['a1', undefined],
    [' 1', undefined],
    ['1.0', undefined],
  ])('%j -> %s', (token, expected) => {
    expect(arrayIndex(token)).toBe(expected);
  });
});

describe('lookup and child', () => {
  const doc = { spec: { ports: [{ port: 1 }, { port: 2 }], empty: null, zero: 0 } };

  it.each<[string[], unknown]>([
    [[], { found: true, value: doc }],
    [['spec', 'ports', '1', 'port'], { found: true, value: 2 }],
    [['spec', 'empty'], { found: true, value: null }],
    [['spec', 'zero'], { found: true, value: 0 }],
    [['spec', 'ports', '2'], { found: false }],
    [['spec', 'ports', '-1'], { found: false }],
    [['spec', 'ports', '01'], { found: false }],
    [['spec', 'ports', 'length'], { found: false }],
    [['spec', 'missing', 'deeper'], { found: false }],
    [['spec', 'empty', 'x'], { found: false }],
    [['spec', 'zero', 'x'], { found: false }],
    [['toString'], { found: false }],
    [['__proto__'], { found: false }],
  ])('%j', (tokens, expected) => {
    expect(lookup(doc, tokens)).toEqual(expected);
  });

  it('finds an index at the end of an array only when it exists', () => {
    expect(child([1, 2], '1')).toEqual({ found: true, value: 2 });
    expect(child([1, 2], '2')).toEqual({ found: false });
    expect(child('text', '0')).toEqual({ found: false });
  });
});

describe('JSON helpers', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['x', false],
    [1, false],
    [undefined, false],
  ])('isRecord(%j) = %s', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });

  it('hasOwn ignores inherited keys', () => {
    expect(hasOwn({ a: undefined }, 'a')).toBe(true);
    expect(hasOwn({}, 'toString')).toBe(false);
    expect(hasOwn(Object.create({ a: 1 }) as object, 'a')).toBe(false);
  });

  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
    return value;
  };

  it.each<[string, unknown, string | undefined]>([
    ['a scalar', 'x', undefined],
    ['null', null, undefined],
    ['a plain object', { a: [{ b: 1 }] }, undefined],
    ['nesting at the limit', nested(MAX_JSON_DEPTH), undefined],
    ['nesting past the limit', nested(MAX_JSON_DEPTH + 1), 'nesting deeper than 100 levels'],
    ['a __proto__ key', JSON.parse('{"a":{"__proto__":{"x":1}}}'), 'key "__proto__" is not allowed'],
    ['a constructor key deep in an array', { a: [{ constructor: 1 }] }, 'key "constructor" is not allowed'],
    ['a prototype key', { prototype: {} }, 'key "prototype" is not allowed'],
    ['array indices are no keys', ['__proto__', 'constructor'], undefined],
  ])('unsafeJsonProblem: %s', (_case, value, expected) => {
    expect(unsafeJsonProblem(value)).toBe(expected);
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
