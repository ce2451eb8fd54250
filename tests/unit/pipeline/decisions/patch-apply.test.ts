import { describe, expect, it } from '@jest/globals';
import type { Operation } from '../../../../operator/pipeline/decisions/json-patch.js';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { applyUserPatch, type UserPatch } from '../../../../operator/pipeline/decisions/patch.js';
import { deployment } from './fixtures.js';

function jsonPatch(...operations: Operation[]): UserPatch {
  return { kind: 'json-patch', operations };
}

function spec(obj: KubeObject): Record<string, unknown> {
  return obj.spec as Record<string, unknown>;
}

describe('applyUserPatch with an RFC 6902 JSON Patch', () => {
  it.each<[string, Operation[], (s: Record<string, unknown>) => unknown, unknown]>([
    ['replaces a scalar', [{ op: 'replace', path: '/spec/replicas', value: 5 }], (s) => s.replicas, 5],
    ['adds a new member', [{ op: 'add', path: '/spec/paused', value: true }], (s) => s.paused, true],
    ['removes a member', [{ op: 'remove', path: '/spec/selector' }], (s) => 'selector' in s, false],
    [
      'appends to a list with -',
      [{ op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '--c' }],
      (s) => (s.template as { spec: { containers: { args: string[] }[] } }).spec.containers[0]?.args,
      ['--a', '--b', '--c'],
    ],
    [
      'inserts into a list by index',
      [{ op: 'add', path: '/spec/template/spec/containers/0/args/0', value: '--z' }],
      (s) => (s.template as { spec: { containers: { args: string[] }[] } }).spec.containers[0]?.args,
      ['--z', '--a', '--b'],
    ],
    [
      'copies a value',
      [{ op: 'copy', from: '/spec/replicas', path: '/spec/minReadySeconds' }],
      (s) => s.minReadySeconds,
      3,
    ],
    [
      'moves a value',
      [{ op: 'move', from: '/spec/replicas', path: '/spec/moved' }],
      (s) => [s.moved, 'replicas' in s],
      [3, false],
    ],
    [
      'runs the rest after a passing test',
      [
        { op: 'test', path: '/spec/replicas', value: 3 },
        { op: 'replace', path: '/spec/replicas', value: 7 },
      ],
      (s) => s.replicas,
      7,
    ],
  ])('%s', (_case, operations, read, expected) => {
    const result = applyUserPatch(deployment(), jsonPatch(...operations));

    expect(read(spec(result))).toEqual(expected);
  });

  it('unescapes ~1 and ~0 in label keys', () => {
    const patch = jsonPatch({ op: 'add', path: '/metadata/labels/a.io~1x~0y', value: 'v' });

    const result = applyUserPatch(deployment(), patch);

    expect(result.metadata.labels).toEqual({ app: 'web', 'a.io/x~y': 'v' });
  });

  it('allows paths that only share a prefix with a forbidden one', () => {
    const patch = jsonPatch(
      { op: 'add', path: '/metadata/names-x', value: 1 },
      { op: 'add', path: '/statusReport', value: 2 },
      { op: 'add', path: '/kinds', value: 3 },
    );

    const result = applyUserPatch(deployment(), patch);

    expect([result.metadata['names-x'], result.statusReport, result.kinds]).toEqual([1, 2, 3]);
  });

  it('never modifies the object it was given', () => {
    const original = deployment();

    applyUserPatch(original, jsonPatch({ op: 'replace', path: '/spec/replicas', value: 9 }));

    expect(original).toEqual(deployment());
  });

  it('resolves a move target after the removal, holding a target the removal shifted away', () => {
    const original = deployment();
    const patch = jsonPatch({
      op: 'move',
      from: '/spec/template/spec/containers/0',
      path: '/spec/template/spec/containers/1/spec',
    });

    const attempt = (): unknown => applyUserPatch(original, patch);

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(/once "from" is removed/);
  });

  it('is atomic: a failing operation leaves nothing of the earlier ones', () => {
    const original = deployment();
    const patch = jsonPatch(
      { op: 'replace', path: '/spec/replicas', value: 9 },
      { op: 'remove', path: '/spec/nothing' },
    );

    const attempt = (): unknown => applyUserPatch(original, patch);

    expect(attempt).toThrow(AnnotationError);
    expect(original).toEqual(deployment());
  });

  it.each<[string, Operation, RegExp]>([
    [
      'a failing test',
      { op: 'test', path: '/spec/replicas', value: 4 },
      /operation 0 \(test \/spec\/replicas\): test failed/,
    ],
    ['a test on a missing path', { op: 'test', path: '/spec/nope', value: null }, /no value at the path/],
    [
      'replace of a missing path',
      { op: 'replace', path: '/spec/nope', value: 1 },
      /\(replace \/spec\/nope\): no value/,
    ],
    ['remove of a missing path', { op: 'remove', path: '/spec/nope' }, /\(remove \/spec\/nope\): no value/],
    ['remove of an inherited name', { op: 'remove', path: '/spec/toString' }, /no value at the path/],
    [
      'replace past the end of a list',
      { op: 'replace', path: '/spec/template/spec/containers/2', value: {} },
      /no value/,
    ],
    [
      'replace with a leading-zero index',
      { op: 'replace', path: '/spec/template/spec/containers/01', value: {} },
      /no value/,
    ],
    ['remove with a negative index', { op: 'remove', path: '/spec/template/spec/containers/-1' }, /no value/],
    [
      'add past the end of a list',
      { op: 'add', path: '/spec/template/spec/containers/5', value: {} },
      /out of range/,
    ],
    [
      'add with a non-numeric list index',
      { op: 'add', path: '/spec/template/spec/containers/x', value: {} },
      /out of range/,
    ],
    [
      'add under a missing parent',
      { op: 'add', path: '/spec/a/b', value: 1 },
      /parent of the path does not exist/,
    ],
    ['add under a scalar', { op: 'add', path: '/spec/replicas/x', value: 1 }, /parent of the path/],
    [
      'copy from a missing path',
      { op: 'copy', from: '/spec/nope', path: '/spec/x' },
      /\(copy \/spec\/x from \/spec\/nope\): no value at "from"/,
    ],
    [
      'move into its own child',
      { op: 'move', from: '/spec/selector', path: '/spec/selector/x' },
      /cannot move a value into itself/,
    ],
    ['a pointer without a leading slash', { op: 'add', path: 'spec/x', value: 1 }, /is not a JSON Pointer/],
    [
      'a pointer with a bad ~ escape',
      { op: 'add', path: '/spec/a~2b', value: 1 },
      /~ not followed by 0 or 1/,
    ],
    [
      'a __proto__ path segment',
      { op: 'add', path: '/spec/__proto__/x', value: 1 },
      /path segment "__proto__" is not allowed/,
    ],
    [
      'a constructor path segment',
      { op: 'add', path: '/constructor', value: 1 },
      /"constructor" is not allowed/,
    ],
  ])('rejects %s, naming the operation', (_case, op, problem) => {
    const attempt = (): unknown => applyUserPatch(deployment(), jsonPatch(op));

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(problem);
  });

  it.each<[string, Operation]>([
    ['/metadata/name', { op: 'replace', path: '/metadata/name', value: 'other' }],
    ['/metadata/namespace', { op: 'replace', path: '/metadata/namespace', value: 'other' }],
    ['/metadata/managedFields', { op: 'add', path: '/metadata/managedFields', value: [] }],
    ['/kind', { op: 'replace', path: '/kind', value: 'StatefulSet' }],
    ['/apiVersion', { op: 'replace', path: '/apiVersion', value: 'apps/v2' }],
    ['/status', { op: 'add', path: '/status', value: {} }],
    ['/status and below', { op: 'add', path: '/status/conditions', value: [] }],
    ['/status via ~ escapes that unescape to it', { op: 'add', path: '/status/a~1b', value: 1 }],
    ['/metadata/name as a move source', { op: 'move', from: '/metadata/name', path: '/spec/n' }],
    ['/kind as a copy source', { op: 'copy', from: '/kind', path: '/spec/k' }],
    ['the whole object', { op: 'replace', path: '', value: {} }],
  ])('rejects a patch that touches %s', (_subject, op) => {
    const attempt = (): unknown => applyUserPatch(deployment(), jsonPatch(op));

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(/operation 0 \(.*\): (.* cannot be patched|the whole object)/);
  });

  it('rejects an edit through an ancestor that changes the name', () => {
    const patch = jsonPatch({
      op: 'replace',
      path: '/metadata',
      value: { name: 'other', namespace: 'shop' },
    });

    const attempt = (): unknown => applyUserPatch(deployment(), patch);

    expect(attempt).toThrow(/operation 0 \(replace \/metadata\): metadata\.name would change/);
  });

  it('allows an edit through an ancestor that keeps the identity', () => {
    const patch = jsonPatch({ op: 'replace', path: '/metadata', value: { name: 'web', namespace: 'shop' } });

    const result = applyUserPatch(deployment(), patch);

    expect(result.metadata).toEqual({ name: 'web', namespace: 'shop' });
  });

  it('checks forbidden paths before applying anything', () => {
    const patch = jsonPatch({ op: 'remove', path: '/spec/nope' }, { op: 'remove', path: '/kind' });

    const attempt = (): unknown => applyUserPatch(deployment(), patch);

    expect(attempt).toThrow(
      /operation 1 \(remove \/kind\): \/kind and everything below it cannot be patched/,
    );
  });
});
