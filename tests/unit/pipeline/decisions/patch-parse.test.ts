import { describe, expect, it } from '@jest/globals';
import { AnnotationError, ANNOTATIONS } from '../../../../operator/pipeline/annotations.js';
import { parsePatch } from '../../../../operator/pipeline/decisions/patch.js';

describe('parsePatch', () => {
  it('reads a JSON array as an RFC 6902 JSON Patch, keeping only the members each op uses', () => {
    const value =
      '[{"op":"replace","path":"/spec/replicas","value":5,"extra":1},{"op":"move","from":"/a","path":"/b"}]';

    const patch = parsePatch(value);

    expect(patch).toEqual({
      kind: 'json-patch',
      operations: [
        { op: 'replace', path: '/spec/replicas', value: 5 },
        { op: 'move', from: '/a', path: '/b' },
      ],
    });
  });

  it('reads a JSON object as an RFC 7386 merge patch (the runbooks form)', () => {
    const patch = parsePatch('{"spec": {"replicas": 5}}');

    expect(patch).toEqual({ kind: 'merge-patch', document: { spec: { replicas: 5 } } });
  });

  it('accepts an empty JSON Patch as a patch that changes nothing', () => {
    const patch = parsePatch(' [ ] ');

    expect(patch).toEqual({ kind: 'json-patch', operations: [] });
  });

  it('keeps a null value for add, replace and test', () => {
    const patch = parsePatch('[{"op":"add","path":"/spec/x","value":null}]');

    expect(patch).toEqual({ kind: 'json-patch', operations: [{ op: 'add', path: '/spec/x', value: null }] });
  });

  it.each([
    ['invalid JSON', '[{"op":', /not valid JSON/],
    ['a bare string', '"hello"', /must be a JSON array .* or a JSON object/],
    ['a number', '42', /must be a JSON array/],
    ['null', 'null', /must be a JSON array/],
    ['whitespace only', '   ', /not valid JSON/],
    ['an operation that is not an object', '[1]', /operation 0 is not an object/],
    ['an unknown op', '[{"op":"delete","path":"/a"}]', /operation 0 has unknown op "delete"/],
    ['a missing op', '[{"path":"/a"}]', /operation 0 has unknown op undefined/],
    ['a missing path', '[{"op":"remove"}]', /operation 0 \(remove\) needs a string "path"/],
    ['a numeric path', '[{"op":"remove","path":3}]', /needs a string "path"/],
    ['add without value', '[{"op":"add","path":"/a"}]', /operation 0 \(add \/a\) needs a "value"/],
    ['replace without value', '[{"op":"replace","path":"/a"}]', /needs a "value"/],
    ['test without value', '[{"op":"test","path":"/a"}]', /needs a "value"/],
    ['move without from', '[{"op":"move","path":"/a"}]', /operation 0 \(move \/a\) needs a string "from"/],
    ['copy with a numeric from', '[{"op":"copy","path":"/a","from":1}]', /needs a string "from"/],
    [
      'a later bad operation',
      '[{"op":"remove","path":"/a"},{"op":"nope","path":"/b"}]',
      /operation 1 has unknown op/,
    ],
    ['a __proto__ key', '{"__proto__": {"polluted": true}}', /key "__proto__" is not allowed/],
    [
      'a constructor key deep inside',
      '{"spec": {"constructor": {"prototype": 1}}}',
      /key "constructor" is not allowed/,
    ],
    [
      'a prototype key in an op value',
      '[{"op":"add","path":"/a","value":{"prototype":1}}]',
      /key "prototype"/,
    ],
    ['nesting deeper than 100 levels', `${'['.repeat(150)}${']'.repeat(150)}`, /nesting deeper than 100/],
  ])('rejects %s', (_case, value, problem) => {
    const attempt = (): unknown => parsePatch(value);

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(problem);
  });

  it('names the patch annotation in the error', () => {
    let caught: unknown;

    try {
      parsePatch('nope');
    } catch (err) {
      caught = err;
    }

    expect(caught).toBeInstanceOf(AnnotationError);
    expect((caught as AnnotationError).annotation).toBe(ANNOTATIONS.patch);
    expect((caught as AnnotationError).message).toMatch(
      /^annotation platform\.kubevirt\.io\/patch: not valid JSON/,
    );
  });

  it('rejects a value larger than 256 KiB before parsing it', () => {
    const value = `{"spec":{"x":"${'a'.repeat(256 * 1024)}"}}`;

    expect(() => parsePatch(value)).toThrow(/larger than 256 KiB/);
  });
});
