import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { compareForDrift, desiredHash } from '../../../../operator/pipeline/decisions/drift.js';
import { deployment } from './fixtures.js';

function withServerFields(obj: KubeObject, rv: string): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      resourceVersion: rv,
      generation: Number(rv),
      uid: `uid-${rv}`,
      creationTimestamp: `2026-01-0${rv}T00:00:00Z`,
      managedFields: [{ manager: `m${rv}`, operation: 'Apply' }],
      finalizers: [`f${rv}`],
      ownerReferences: [{ name: `o${rv}` }],
    },
    status: { observedGeneration: Number(rv) },
  };
}

function edited(edit: (o: KubeObject & { spec: Record<string, unknown> }) => void): KubeObject {
  const obj = deployment() as KubeObject & { spec: Record<string, unknown> };
  edit(obj);
  return obj;
}

describe('compareForDrift', () => {
  it('sees no drift when only server-owned fields and status differ', () => {
    const result = compareForDrift(withServerFields(deployment(), '1'), withServerFields(deployment(), '2'));

    expect(result).toEqual({ drifted: false, paths: [] });
  });

  it('treats an empty label map like a missing one', () => {
    const result = compareForDrift(
      edited((o) => (o.metadata.labels = {})),
      edited((o) => delete o.metadata.labels),
    );

    expect(result.drifted).toBe(false);
  });

  it.each<[string, (o: KubeObject & { spec: Record<string, unknown> }) => void, string[]]>([
    ['a changed scalar', (o) => (o.spec.replicas = 4), ['/spec/replicas']],
    ['a removed member', (o) => delete o.spec.selector, ['/spec/selector']],
    ['an added member', (o) => (o.spec.paused = true), ['/spec/paused']],
    [
      'a changed label, escaping its key',
      (o) => (o.metadata.labels = { 'app.io/x~y': 'web' }),
      ['/metadata/labels/app', '/metadata/labels/app.io~1x~0y'],
    ],
    ['a changed annotation', (o) => (o.metadata.annotations = { note: 'y' }), ['/metadata/annotations/note']],
    [
      'a changed list element',
      (o) =>
        ((o.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[1]!.image =
          'p:2'),
      ['/spec/template/spec/containers/1/image'],
    ],
    [
      'a longer list',
      (o) => (o.spec.template as { spec: { containers: unknown[] } }).spec.containers.push({ name: 'x' }),
      ['/spec/template/spec/containers/2'],
    ],
    ['a type change', (o) => (o.spec.replicas = '3'), ['/spec/replicas']],
    ['a changed top-level field beside spec', (o) => (o.data = { a: '1' }), ['/data']],
  ])('reports %s', (_case, edit, paths) => {
    const result = compareForDrift(deployment(), edited(edit));

    expect(result).toEqual({ drifted: true, paths });
  });

  it('sorts the paths and keeps at most 20', () => {
    const live = edited((o) => {
      for (let i = 0; i < 30; i++) o.spec[`k${String(i).padStart(2, '0')}`] = i;
    });

    const result = compareForDrift(deployment(), live);

    expect(result.drifted).toBe(true);
    expect(result.paths).toHaveLength(20);
    expect(result.paths[0]).toBe('/spec/k00');
    expect(result.paths[19]).toBe('/spec/k19');
  });

  it('ignores a status difference', () => {
    const result = compareForDrift(deployment(), { ...deployment(), status: { ready: false } });

    expect(result.drifted).toBe(false);
  });
});

describe('desiredHash', () => {
  it('is the same for the same content in another key order', () => {
    const a = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { a: '1', b: '2' } },
      data: { k: 'v' },
    };
    const b = {
      data: { k: 'v' },
      metadata: { labels: { b: '2', a: '1' }, name: 'x' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    };

    expect(desiredHash(a)).toBe(desiredHash(b));
  });

  it.each<[string, (o: KubeObject & { spec: Record<string, unknown> }) => void]>([
    ['a scalar', (o) => (o.spec.replicas = 4)],
    [
      'a list order',
      (o) => (o.spec.template as { spec: { containers: unknown[] } }).spec.containers.reverse(),
    ],
    ['a label', (o) => (o.metadata.labels = { app: 'other' })],
    ['a number into a string', (o) => (o.spec.replicas = '3')],
  ])('changes when %s changes', (_case, edit) => {
    expect(desiredHash(edited(edit))).not.toBe(desiredHash(deployment()));
  });

  it('is a hex SHA-256', () => {
    expect(desiredHash(deployment())).toMatch(/^[0-9a-f]{64}$/);
  });
});
