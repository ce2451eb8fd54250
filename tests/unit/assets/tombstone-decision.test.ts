import { describe, expect, it } from '@jest/globals';
import { decideTombstone } from '../../../operator/assets/tombstone-decision.js';
import type { KubeObject } from '../../../operator/kube/types.js';

function configMap(
  labels: Record<string, string> | undefined,
  meta: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'old', ...(labels ? { labels } : {}), ...meta },
  };
}

const OURS = { 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' };

describe('decideTombstone', () => {
  it.each<[string, KubeObject | undefined, unknown]>([
    ['nothing to delete when the object is gone', undefined, { kind: 'absent' }],
    ['leaves an unlabelled object alone', configMap(undefined), { kind: 'not-ours' }],
    [
      'leaves an object labelled for someone else alone',
      configMap({ 'platform.kubevirt.io/managed-by': 'x' }),
      { kind: 'not-ours' },
    ],
    [
      'pins the delete to the uid and resourceVersion it read',
      configMap(OURS, { uid: 'u-1', resourceVersion: '42' }),
      { kind: 'delete', preconditions: { uid: 'u-1', resourceVersion: '42' } },
    ],
    ['sends no empty preconditions', configMap(OURS), { kind: 'delete', preconditions: {} }],
  ])('%s', (_case, live, expected) => {
    expect(decideTombstone(live)).toEqual(expected);
  });
});
