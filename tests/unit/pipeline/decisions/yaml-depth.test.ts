import { describe, expect, it } from '@jest/globals';
import { yamlNestingBound } from '../../../../operator/pipeline/decisions/yaml-depth.js';
import { parseDisabledResources } from '../../../../operator/pipeline/decisions/disabled-resources.js';
import { parseYamlMapping } from '../../../../operator/pipeline/decisions/embedded-yaml.js';

describe('yamlNestingBound', () => {
  it.each([
    ['', 0],
    ['a: b', 1],
    ['- kind: MachineConfig\n  name: "*"', 2],
    ['[{"kind": "MachineConfig", "name": "x"}]', 3],
    ['a:\n  b:\n    c: d\n', 3],
    ['- - - x', 4],
    ['[[[]]] [x]', 4],
    ['a:\n  b: 1\nc: 2\n', 2],
  ])('bounds the nesting of %j by %i', (text, bound) => {
    expect(yamlNestingBound(text)).toBe(bound);
  });

  it('counts deep flow and block nesting in one pass', () => {
    expect(yamlNestingBound('['.repeat(250_000))).toBe(250_001);
    expect(yamlNestingBound('- '.repeat(100_000) + 'x')).toBe(100_001);
  });
});

describe('deeply nested user YAML is refused before it is parsed', () => {
  it('holds a disabled-resources value of 250,000 brackets (it exhausted the heap while parsing)', () => {
    expect(() => parseDisabledResources('['.repeat(250_000))).toThrow(/nests deeper than 8 levels/);
  });

  it('holds a disabled-resources value of 100,000 compact block sequences', () => {
    expect(() => parseDisabledResources('- '.repeat(100_000) + 'x')).toThrow(/nests deeper than 8 levels/);
  });

  it('still reads the ordinary list form', () => {
    expect(parseDisabledResources('- kind: MachineConfig\n  name: "50-*"\n')).toEqual([
      { kind: 'MachineConfig', name: '50-*' },
    ]);
  });

  it('leaves an embedded document that nests too deeply as it is', () => {
    expect(() => parseYamlMapping(`a: ${'['.repeat(200_000)}`, 'data.config.yaml')).toThrow(
      /data.config.yaml nests deeper than 64 levels: left as it is/,
    );
  });
});
