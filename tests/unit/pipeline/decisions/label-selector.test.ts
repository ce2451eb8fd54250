import { describe, expect, it } from '@jest/globals';
import { selectorMatches } from '../../../../operator/pipeline/decisions/label-selector.js';

const WORKER = {
  'machineconfiguration.openshift.io/mco-built-in': '',
  'pools.operator.machineconfiguration.openshift.io/worker': '',
};

describe('selectorMatches', () => {
  it.each<[string, unknown, boolean]>([
    [
      'matchLabels naming a label the pool has',
      { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' } },
      true,
    ],
    [
      'matchLabels with another value',
      { matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': 'x' } },
      false,
    ],
    [
      'matchLabels naming a label the pool lacks',
      { matchLabels: { 'machineconfiguration.openshift.io/role': 'worker-cnf' } },
      false,
    ],
    [
      'In with the value',
      {
        matchExpressions: [
          { key: 'pools.operator.machineconfiguration.openshift.io/worker', operator: 'In', values: [''] },
        ],
      },
      true,
    ],
    ['In without the label', { matchExpressions: [{ key: 'custom', operator: 'In', values: [''] }] }, false],
    [
      'NotIn without the label',
      { matchExpressions: [{ key: 'custom', operator: 'NotIn', values: ['a'] }] },
      true,
    ],
    [
      'NotIn with a listed value',
      {
        matchExpressions: [
          { key: 'machineconfiguration.openshift.io/mco-built-in', operator: 'NotIn', values: [''] },
        ],
      },
      false,
    ],
    [
      'Exists',
      { matchExpressions: [{ key: 'machineconfiguration.openshift.io/mco-built-in', operator: 'Exists' }] },
      true,
    ],
    [
      'DoesNotExist of a present label',
      {
        matchExpressions: [
          { key: 'machineconfiguration.openshift.io/mco-built-in', operator: 'DoesNotExist' },
        ],
      },
      false,
    ],
    [
      'labels and expressions are ANDed',
      {
        matchLabels: { 'pools.operator.machineconfiguration.openshift.io/worker': '' },
        matchExpressions: [{ key: 'custom', operator: 'Exists' }],
      },
      false,
    ],
    [
      'an unknown operator selects nothing',
      { matchExpressions: [{ key: 'custom', operator: 'Gt', values: ['1'] }] },
      false,
    ],
    ['an empty selector selects nothing (as the MCO reads it)', {}, false],
    ['a missing selector selects nothing', undefined, false],
    ['a malformed selector selects nothing', { matchLabels: ['worker'] }, false],
  ])('%s', (_case, selector, expected) => {
    expect(selectorMatches(selector, WORKER)).toBe(expected);
  });
});
