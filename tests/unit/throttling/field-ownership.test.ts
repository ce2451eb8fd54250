import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { fieldsOwnPath, managersOwning } from '../../../operator/throttling/field-ownership.js';

const live = {
  spec: {
    replicas: 2,
    ports: [
      { port: 80, protocol: 'TCP', name: 'http' },
      { port: 443, protocol: 'TCP', name: 'https' },
    ],
    finalizers: ['a', 'b'],
    matrix: [[1], [2]],
    config: { nested: { deep: 1 } },
  },
};

const fields = {
  'f:spec': {
    'f:replicas': {},
    'f:ports': { 'k:{"port":443,"protocol":"TCP"}': { '.': {}, 'f:name': {} } },
    'f:finalizers': { 'v:"b"': {} },
    'f:matrix': { 'i:1': {} },
    'f:config': {},
  },
};

describe('fieldsOwnPath', () => {
  it.each<[string, string[], boolean]>([
    ['a leaf it owns', ['spec', 'replicas'], true],
    ['an ancestor of what it owns', ['spec'], true],
    ['a list item by its k: key', ['spec', 'ports', '1'], true],
    ['a field of a keyed list item', ['spec', 'ports', '1', 'name'], true],
    ['an unowned field of a keyed list item', ['spec', 'ports', '1', 'protocol'], false],
    ['a list item whose key does not match', ['spec', 'ports', '0'], false],
    ['a set item by its v: value', ['spec', 'finalizers', '1'], true],
    ['another set item', ['spec', 'finalizers', '0'], false],
    ['a list item by i: index', ['spec', 'matrix', '1'], true],
    ['anything below an atomic value it owns', ['spec', 'config', 'nested', 'deep'], true],
    ['a field it does not own', ['metadata', 'labels'], false],
    ['an index past the live list', ['spec', 'ports', '7'], false],
    ['an i: index on a list live does not have', ['spec', 'gone', '0'], false],
  ])('%s', (_case, tokens, expected) => {
    const owned = fieldsOwnPath(fields, live, tokens);

    expect(owned).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['no fieldsV1', undefined],
    ['a string', 'f:spec'],
    ['an empty tree', {}],
    ['a list', [{ 'f:spec': {} }]],
  ])('owns nothing with %s', (_case, tree) => {
    expect(fieldsOwnPath(tree, live, ['spec', 'replicas'])).toBe(false);
  });
});

describe('managersOwning', () => {
  it('lists every other manager owning the path, sorted, once each, never the caller', () => {
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: {
        name: 'x',
        managedFields: [
          { manager: 'zeta', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          { manager: 'self', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          { manager: 'alpha', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          { manager: 'alpha', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          { manager: 'other', fieldsV1: { 'f:metadata': {} } },
        ],
      },
      spec: { replicas: 1 },
    };

    const owners = managersOwning(obj, ['spec', 'replicas'], 'self');

    expect(owners).toEqual(['alpha', 'zeta']);
  });

  it('finds nobody for the empty path or without managedFields', () => {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' } };

    expect([managersOwning(obj, ['spec'], 'self'), managersOwning(obj, [], 'self')]).toEqual([[], []]);
  });
});
