import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../operator/kube/types.js';
import { isManagedByUs, withOwnershipMarks } from '../../../operator/pipeline/ownership.js';

const cm = (labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', ...(labels ? { labels } : {}) },
});

describe('ownership marks (SPEC §2)', () => {
  it('adds the managed-by label and the managed annotation, keeping the others, on a copy', () => {
    const original: KubeObject = {
      ...cm({ app: 'x' }),
      metadata: { name: 'c', labels: { app: 'x' }, annotations: { note: 'y' } },
    };

    const marked = withOwnershipMarks(original);

    expect(marked.metadata.labels).toEqual({
      app: 'x',
      'platform.kubevirt.io/managed-by': 'virt-platform-autopilot',
    });
    expect(marked.metadata.annotations).toEqual({ note: 'y', 'platform.kubevirt.io/managed': 'true' });
    expect(original.metadata.labels).toEqual({ app: 'x' });
    expect(original.metadata.annotations).toEqual({ note: 'y' });
  });

  it.each<[string, KubeObject | undefined, boolean]>([
    ['no object', undefined, false],
    ['an object without labels', cm(), false],
    ['an object labelled by another manager', cm({ 'platform.kubevirt.io/managed-by': 'someone' }), false],
    ['an object with our label', cm({ 'platform.kubevirt.io/managed-by': 'virt-platform-autopilot' }), true],
    ['an object we marked', withOwnershipMarks(cm()), true],
  ])('isManagedByUs: %s is %s', (_case, obj, expected) => {
    expect(isManagedByUs(obj)).toBe(expected);
  });
});
