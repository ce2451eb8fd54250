import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../../../operator/kube/types.js';
import { attributeDrift, dottedPath } from '../../../operator/throttling/attribution.js';

const SELF = 'virt-platform-autopilot';

function live(managedFields: ManagedFieldsEntry[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' }, managedFields },
    spec: { replicas: 5, template: { spec: { containers: [{ name: 'main', image: 'web:2' }] } } },
  };
}

const selfEntry: ManagedFieldsEntry = {
  manager: SELF,
  operation: 'Apply',
  time: '2026-05-01T10:05:00Z',
  fieldsV1: { 'f:spec': { 'f:template': {} } },
};

describe('attributeDrift', () => {
  it('names the other managers that own the drifted fields, with those fields', () => {
    const obj = live([
      selfEntry,
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-05-01T10:00:00Z',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
      {
        manager: 'hpa',
        operation: 'Update',
        time: '2026-05-01T09:00:00Z',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
      {
        manager: 'labeller',
        operation: 'Update',
        time: '2026-05-01T10:09:00Z',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {} } } },
      },
    ]);

    const result = attributeDrift(
      obj,
      ['/spec/replicas', '/metadata/labels/app.kubernetes.io~1name', '/spec/other'],
      SELF,
    );

    expect(result).toEqual({
      managers: ['hpa', 'kubectl-edit', 'labeller'],
      paths: ['metadata.labels["app.kubernetes.io/name"]', 'spec.replicas'],
    });
  });

  it('matches list items through their keys', () => {
    const obj = live([
      {
        manager: 'image-bot',
        time: '2026-05-01T10:00:00Z',
        fieldsV1: {
          'f:spec': {
            'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"main"}': { 'f:image': {} } } } },
          },
        },
      },
    ]);

    const result = attributeDrift(obj, ['/spec/template/spec/containers/0/image'], SELF);

    expect(result).toEqual({ managers: ['image-bot'], paths: ['spec.template.spec.containers[0].image'] });
  });

  it('falls back to the other managers that wrote most recently when no field matches', () => {
    const obj = live([
      { ...selfEntry, time: '2026-05-01T11:00:00Z' },
      { manager: 'old', time: '2026-05-01T08:00:00Z', fieldsV1: { 'f:metadata': { 'f:annotations': {} } } },
      { manager: 'recent-a', time: '2026-05-01T10:00:00Z', fieldsV1: { 'f:data': {} } },
      { manager: 'recent-b', time: '2026-05-01T10:00:00Z', fieldsV1: { 'f:data': {} } },
    ]);

    const result = attributeDrift(obj, ['/spec/removed', '/spec/replicas'], SELF);

    expect(result).toEqual({ managers: ['recent-a', 'recent-b'], paths: ['spec.removed', 'spec.replicas'] });
  });

  it('falls back to every other manager when none has a time', () => {
    const obj = live([selfEntry, { manager: 'b', fieldsV1: {} }, { manager: 'a' }]);

    const result = attributeDrift(obj, ['/spec/replicas'], SELF);

    expect(result.managers).toEqual(['a', 'b']);
  });

  it('names nobody when only the autopilot ever wrote the object', () => {
    const result = attributeDrift(live([selfEntry]), ['/spec/replicas'], SELF);

    expect(result).toEqual({ managers: [], paths: ['spec.replicas'] });
  });

  it('copes with no managedFields and no drift paths', () => {
    const obj = live([]);
    delete obj.metadata.managedFields;

    const result = attributeDrift(obj, [], SELF);

    expect(result).toEqual({ managers: [], paths: [] });
  });
});

describe('dottedPath', () => {
  it.each<[string[], string]>([
    [['spec', 'replicas'], 'spec.replicas'],
    [['spec', 'containers', '0', 'image'], 'spec.containers[0].image'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels["app.kubernetes.io/name"]'],
    [['data', 'a"b'], 'data["a\\"b"]'],
    [['data', ''], 'data[""]'],
    [[], ''],
  ])('writes %j as %s', (tokens, expected) => {
    expect(dottedPath(tokens)).toBe(expected);
  });
});
