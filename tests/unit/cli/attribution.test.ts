import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { customisationsOf, fieldChanges, type Customisation } from '../../../operator/render/attribution.js';

function service(spec: Record<string, unknown>, annotations: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns', annotations }, spec };
}

const PATCH = 'platform.kubevirt.io/patch';
const IGNORE = 'platform.kubevirt.io/ignore-fields';
const IGNORE_ALIAS = 'platform.kubevirt.io/ignore';

describe('customisationsOf', () => {
  const rendered = service({ replicas: 1, selector: { app: 'a' } });
  const patched = service({ replicas: 5, selector: { app: 'a' } });

  it.each<[string, Parameters<typeof customisationsOf>[0], Customisation[]]>([
    ['nothing without annotations', { rendered, patched: rendered, masked: rendered, live: service({}) }, []],
    [
      'the fields the patch annotation changed',
      { rendered, patched, masked: patched, live: service({}, { [PATCH]: '{}' }) },
      [{ annotation: PATCH, effect: 'patch', paths: ['/spec/replicas'] }],
    ],
    [
      'the fields ignore-fields took out of the desired object',
      {
        rendered,
        patched: rendered,
        masked: service({ replicas: 1 }),
        live: service({}, { [IGNORE]: 'spec.selector' }),
      },
      [{ annotation: IGNORE, effect: 'ignore', paths: ['/spec/selector'] }],
    ],
    [
      'the alias annotation by its own name',
      {
        rendered,
        patched: rendered,
        masked: service({ replicas: 3, selector: { app: 'a' } }),
        live: service({}, { [IGNORE_ALIAS]: 'spec.replicas' }),
      },
      [{ annotation: IGNORE_ALIAS, effect: 'ignore', paths: ['/spec/replicas'] }],
    ],
    [
      'nothing for a patch annotation that changes no field',
      { rendered, patched: rendered, masked: rendered, live: service({}, { [PATCH]: '{"spec":{}}' }) },
      [],
    ],
    [
      'nothing when the pipeline stopped before the patch step',
      { rendered, patched: undefined, masked: undefined, live: service({}, { [PATCH]: '{}' }) },
      [],
    ],
  ])('finds %s', (_case, input, expected) => {
    const customisations = customisationsOf(input);

    expect(customisations).toEqual(expected);
  });
});

describe('fieldChanges', () => {
  const live = service({ replicas: 2, selector: { app: 'other' }, old: true });
  const desired = service({ replicas: 5, selector: { app: 'a' }, added: 'x' });
  const patch: Customisation = { annotation: PATCH, effect: 'patch', paths: ['/spec/replicas'] };

  it('gives the live and desired value of every path and marks a missing side as absent', () => {
    const changes = fieldChanges({
      paths: ['/spec/added', '/spec/old', '/spec/selector/app'],
      live,
      desired,
      customisations: [],
    });

    expect(changes).toEqual([
      { path: '/spec/added', desired: 'x' },
      { path: '/spec/old', live: true },
      { path: '/spec/selector/app', live: 'other', desired: 'a' },
    ]);
  });

  it.each<[string, string, string[], string | undefined]>([
    ['the same field', '/spec/replicas', ['/spec/replicas'], PATCH],
    ['a field inside the patched one', '/spec/selector/app', ['/spec/selector'], PATCH],
    ['a parent of the patched field', '/spec/selector', ['/spec/selector/app'], PATCH],
    ['an unrelated field', '/spec/selector/app', ['/spec/replicas'], undefined],
    ['a sibling with a common name prefix', '/spec/replicasMax', ['/spec/replicas'], undefined],
  ])('attributes %s to the annotation that touched it', (_case, path, patched, via) => {
    const [change] = fieldChanges({
      paths: [path],
      live,
      desired,
      customisations: [{ ...patch, paths: patched }],
    });

    expect(change?.via).toBe(via);
  });
});
