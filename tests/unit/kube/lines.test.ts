import { describe, expect, it } from '@jest/globals';
import { splitLines } from '../../../operator/kube/lines.js';

describe('splitLines', () => {
  it.each([
    ['', '', [], ''],
    ['', 'abc', [], 'abc'],
    ['ab', 'c', [], 'abc'],
    ['', 'a\n', ['a'], ''],
    ['', 'a\nb', ['a'], 'b'],
    ['x', 'a\nb\nc', ['xa', 'b'], 'c'],
    ['x', '\n', ['x'], ''],
    ['', '\n\n', ['', ''], ''],
    ['', 'a\r\nb\r\n', ['a', 'b'], ''],
    ['a\r', '\n', ['a'], ''],
    ['', 'a\rb\n', ['a\rb'], ''],
    ['{"é":', '"ü"}\n{', ['{"é":"ü"}'], '{'],
  ])('rest %j + chunk %j → %j, rest %j', (rest, chunk, lines, left) => {
    expect(splitLines(rest, chunk)).toEqual({ lines, rest: left });
  });

  it('yields the same lines however the text is cut into chunks', () => {
    const text = '{"type":"ADDED"}\r\n{"type":"MODIFIED"}\n\n{"type":"DELETED"}\npartial';
    for (let size = 1; size <= text.length; size++) {
      let rest = '';
      const lines: string[] = [];
      for (let i = 0; i < text.length; i += size) {
        const split = splitLines(rest, text.slice(i, i + size));
        lines.push(...split.lines);
        rest = split.rest;
      }
      expect({ lines, rest }).toEqual({
        lines: ['{"type":"ADDED"}', '{"type":"MODIFIED"}', '', '{"type":"DELETED"}'],
        rest: 'partial',
      });
    }
  });
});
