import { describe, expect, it } from '@jest/globals';
import {
  isSelected,
  parseAutopilot,
  type AutopilotSelection,
} from '../../../../operator/pipeline/decisions/autopilot.js';

function allow(...names: string[]): AutopilotSelection {
  return { kind: 'allowlist', names: new Set(names) };
}

describe('parseAutopilot', () => {
  it.each<[string | undefined, AutopilotSelection]>([
    [undefined, { kind: 'all' }],
    ['true', { kind: 'all' }],
    [' true ', { kind: 'all' }],
    ['false', { kind: 'off' }],
    ['', { kind: 'off' }],
    [' , ,', { kind: 'off' }],
    ['swap', allow('swap')],
    [' swap , numa,, descheduler ', allow('swap', 'numa', 'descheduler')],
    ['TRUE', allow('TRUE')],
    ['yes', allow('yes')],
    ['swap,swap', allow('swap')],
  ])('reads %j', (value, expected) => {
    const selection = parseAutopilot(value);

    expect(selection).toEqual(expected);
  });
});

describe('isSelected', () => {
  it.each<[string, AutopilotSelection, { name: string; group?: string; family?: string }, boolean]>([
    ['all selects everything', { kind: 'all' }, { name: 'swap' }, true],
    ['off selects nothing', { kind: 'off' }, { name: 'swap' }, false],
    ['a listed name is selected', allow('swap'), { name: 'swap' }, true],
    ['an unlisted name is not', allow('swap'), { name: 'numa' }, false],
    [
      'a listed group selects its members',
      allow('machine-config'),
      { name: 'numa', group: 'machine-config' },
      true,
    ],
    ['an unlisted group does not', allow('operators'), { name: 'numa', group: 'machine-config' }, false],
    ['names are case-sensitive', allow('Swap'), { name: 'swap' }, false],
    [
      "a node tuning's catalog name selects its pool variants",
      allow('swap'),
      { name: 'swap-master', family: 'swap' },
      true,
    ],
    [
      'a pool variant is selected by its own name too',
      allow('swap-master'),
      { name: 'swap-master', family: 'swap' },
      true,
    ],
    [
      "a variant's name does not select its sibling",
      allow('swap-master'),
      { name: 'swap', family: 'swap' },
      false,
    ],
  ])('%s', (_case, selection, asset, expected) => {
    const selected = isSelected(selection, asset);

    expect(selected).toBe(expected);
  });
});
