import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { AnnotationError } from '../../../../operator/pipeline/annotations.js';
import { applyUserPatch, parsePatch } from '../../../../operator/pipeline/decisions/patch.js';
import { deployment } from './fixtures.js';

function spec(obj: KubeObject): Record<string, unknown> {
  return obj.spec as Record<string, unknown>;
}

describe('applyUserPatch with an RFC 7386 merge patch', () => {
  it.each<[string, string, (o: ReturnType<typeof deployment>) => unknown, unknown]>([
    ['sets a nested scalar', '{"spec":{"replicas":5}}', (o) => spec(o).replicas, 5],
    ['deletes a member with null', '{"spec":{"selector":null}}', (o) => 'selector' in spec(o), false],
    [
      'adds a label beside the existing ones',
      '{"metadata":{"labels":{"tier":"a"}}}',
      (o) => o.metadata.labels,
      { app: 'web', tier: 'a' },
    ],
    [
      'replaces a list wholesale',
      '{"spec":{"template":{"spec":{"containers":[]}}}}',
      (o) => spec(o).template,
      { spec: { containers: [] } },
    ],
    ['replaces a scalar with an object', '{"spec":{"replicas":{"a":1}}}', (o) => spec(o).replicas, { a: 1 }],
    [
      'sets the identity to what it already is',
      '{"kind":"Deployment","metadata":{"name":"web"}}',
      (o) => o.kind,
      'Deployment',
    ],
    ['deletes a status that is absent', '{"status":null}', (o) => 'status' in o, false],
  ])('%s', (_case, value, read, expected) => {
    const result = applyUserPatch(deployment(), parsePatch(value));

    expect(read(result)).toEqual(expected);
  });

  it.each([
    ['the name', '{"metadata":{"name":"other"}}', /merge patch: metadata\.name would change/],
    ['the namespace', '{"metadata":{"namespace":null}}', /metadata\.namespace would change/],
    ['the kind', '{"kind":"Pod"}', /merge patch: kind would change/],
    ['the apiVersion', '{"apiVersion":"v1"}', /apiVersion would change/],
    ['the status', '{"status":{"ready":true}}', /status would change/],
    ['the metadata as a whole', '{"metadata":null}', /metadata would no longer be an object/],
  ])('rejects a merge patch that would change %s', (_case, value, problem) => {
    const attempt = (): unknown => applyUserPatch(deployment(), parsePatch(value));

    expect(attempt).toThrow(AnnotationError);
    expect(attempt).toThrow(problem);
  });

  it('rejects a hand-built merge patch with a __proto__ key', () => {
    const document = JSON.parse('{"spec":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;

    const attempt = (): unknown => applyUserPatch(deployment(), { kind: 'merge-patch', document });

    expect(attempt).toThrow(/key "__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never modifies the object it was given', () => {
    const original = deployment();

    applyUserPatch(original, parsePatch('{"spec":{"template":{"spec":{"x":1}}}}'));

    expect(original).toEqual(deployment());
  });
});
