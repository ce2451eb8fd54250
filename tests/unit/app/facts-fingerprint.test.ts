import { describe, expect, it } from '@jest/globals';
import { factsFingerprint } from '../../../operator/app/facts-fingerprint.js';
import type { KubeObject } from '../../../operator/kube/types.js';

const node = (name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels },
});
const infrastructure = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'config.openshift.io/v1',
  kind: 'Infrastructure',
  metadata: { name: 'cluster' },
  status,
});
const scheduler = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'config.openshift.io/v1',
  kind: 'Scheduler',
  metadata: { name: 'cluster' },
  spec,
});

/** A value nested `depth` levels deep, deeper than JSON.stringify can follow. */
function deep(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

describe('factsFingerprint', () => {
  const base = { nodes: [node('worker-0', { 'node-role.kubernetes.io/worker': '' })] };

  it.each<[string, Parameters<typeof factsFingerprint>[0]]>([
    ['a Node role changes', { nodes: [node('worker-0', { 'node-role.kubernetes.io/master': '' })] }],
    [
      'the control plane becomes hosted',
      { ...base, infrastructure: infrastructure({ controlPlaneTopology: 'External' }) },
    ],
    [
      'the platform type changes',
      { ...base, infrastructure: infrastructure({ platformStatus: { type: 'BareMetal' } }) },
    ],
    ['masters become schedulable', { ...base, scheduler: scheduler({ mastersSchedulable: true }) }],
  ])('changes when %s', (_name, changed) => {
    expect(factsFingerprint(changed)).not.toBe(factsFingerprint(base));
  });

  it.each<[string, Parameters<typeof factsFingerprint>[0]]>([
    [
      'a status field rendering never reads changes',
      { ...base, infrastructure: infrastructure({ apiServerURL: 'x' }) },
    ],
    [
      'a Scheduler field rendering never reads changes',
      { ...base, scheduler: scheduler({ profile: 'HighNodeUtilization' }) },
    ],
  ])('stays the same when %s', (_name, changed) => {
    expect(factsFingerprint(changed)).toBe(factsFingerprint(base));
  });

  it('does not break on a Scheduler spec nested deeper than JSON.stringify can follow', () => {
    const input = { ...base, scheduler: scheduler({ policy: deep(20_000), mastersSchedulable: true }) };

    expect(() => factsFingerprint(input)).not.toThrow();
    expect(factsFingerprint(input)).toBe(
      factsFingerprint({ ...base, scheduler: scheduler({ mastersSchedulable: true }) }),
    );
  });
});
